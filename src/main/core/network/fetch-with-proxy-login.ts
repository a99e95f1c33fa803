/**
 * Electron's `net.fetch` cancels a proxy's login challenge (it has no `login` hook), so a request
 * through a proxy that wants a password fails with a 407 or a failed tunnel. This wrapper notices
 * that, lets the shell send one small request that can answer the challenge (`net.request` with a
 * `login` handler feeding the prompt, see proxy-login.ts), and, once the user has answered, tries
 * the request again: Chromium then finds the credentials in its auth cache. A streamed body cannot
 * be sent twice; that request fails as a network error and the sync engine retries it later.
 */
import { describeNetworkFailure } from '../kantata/network-failure';

/** Sends one request to `url` that may raise a login prompt; true when the user gave credentials. */
export type ProxyLoginPrimer = (url: string) => Promise<boolean>;

const urlOf = (input: Parameters<typeof fetch>[0]): string =>
  typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;

const canResend = (init: RequestInit | undefined): boolean => !(init?.body instanceof ReadableStream);

export function fetchWithProxyLogin(base: typeof fetch, primeLogin: ProxyLoginPrimer): typeof fetch {
  return async (input, init) => {
    let outcome: { response: Response } | { error: unknown };
    try {
      outcome = { response: await base(input, init) };
    } catch (error) {
      outcome = { error };
    }
    const needsLogin = 'response' in outcome ? outcome.response.status === 407 : describeNetworkFailure(outcome.error).proxyAuth;
    if (needsLogin && !init?.signal?.aborted && (await primeLogin(urlOf(input))) && canResend(init)) {
      if ('response' in outcome) await outcome.response.body?.cancel();
      return base(input, init);
    }
    if ('error' in outcome) throw outcome.error;
    return outcome.response;
  };
}
