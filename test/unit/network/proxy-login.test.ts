import { describe, expect, it } from 'vitest';
import type { ProxyLoginPrompt } from '@shared/proxy-login';
import { createProxyLoginBroker, type AuthChallenge } from '../../../src/main/core/network/proxy-login';
import { fetchWithProxyLogin } from '../../../src/main/core/network/fetch-with-proxy-login';

const proxy: AuthChallenge = { isProxy: true, scheme: 'basic', host: 'proxy.client.example', port: 3128, realm: 'Client proxy' };

function harness(opts: { answerTimeoutMs?: number; declinedQuietMs?: number } = {}) {
  const prompts: ProxyLoginPrompt[] = [];
  const timers: { fn: () => void; ms: number; cleared: boolean }[] = [];
  let now = 1_000;
  const broker = createProxyLoginBroker({
    ask: (prompt) => prompts.push(prompt),
    ...opts,
    now: () => now,
    setTimeout: (fn, ms) => {
      const timer = { fn, ms, cleared: false };
      timers.push(timer);
      return timer;
    },
    clearTimeout: (timer) => void ((timer as { cleared: boolean }).cleared = true),
  });
  const calls: unknown[][] = [];
  const callback = (...args: unknown[]): void => void calls.push(args);
  return { broker, prompts, timers, calls, callback, advance: (ms: number) => (now += ms) };
}

describe('proxy login broker', () => {
  it('asks once for concurrent challenges of one proxy and hands every one the answer', () => {
    const h = harness();
    h.broker.challenge(proxy, h.callback);
    h.broker.challenge(proxy, h.callback);
    expect(h.prompts).toEqual([{ id: 'proxy-login-1', host: 'proxy.client.example', port: 3128, realm: 'Client proxy', scheme: 'basic', retry: false }]);
    expect(h.calls).toEqual([]);
    expect(h.broker.answer({ id: 'proxy-login-1', credentials: { username: 'jdoe', password: 'pw' } })).toBe(true);
    expect(h.calls).toEqual([
      ['jdoe', 'pw'],
      ['jdoe', 'pw'],
    ]);
    expect(h.timers[0]!.cleared).toBe(true);
    // Answered prompts are closed.
    expect(h.broker.answer({ id: 'proxy-login-1', credentials: null })).toBe(false);
  });

  it('a second challenge after an answer means the password was refused: the prompt says so', () => {
    const h = harness();
    h.broker.challenge(proxy, h.callback);
    h.broker.answer({ id: 'proxy-login-1', credentials: { username: 'jdoe', password: 'wrong' } });
    h.broker.challenge(proxy, h.callback);
    expect(h.prompts.map((p) => [p.id, p.retry])).toEqual([
      ['proxy-login-1', false],
      ['proxy-login-2', true],
    ]);
  });

  it('cancels server logins at once, without a prompt (the app never asks for those)', () => {
    const h = harness();
    h.broker.challenge({ ...proxy, isProxy: false }, h.callback);
    expect(h.calls).toEqual([[]]);
    expect(h.prompts).toEqual([]);
  });

  it('after a cancel, keeps quiet for that proxy for a while instead of nagging on every retry', () => {
    const h = harness({ declinedQuietMs: 60_000 });
    h.broker.challenge(proxy, h.callback);
    h.broker.answer({ id: 'proxy-login-1', credentials: null });
    h.broker.challenge(proxy, h.callback);
    expect(h.calls).toEqual([[], []]);
    expect(h.prompts).toHaveLength(1);
    h.advance(60_001);
    h.broker.challenge(proxy, h.callback);
    expect(h.prompts).toHaveLength(2);
  });

  it('cancels the waiting requests when nobody answers in time; a later challenge asks again', () => {
    const h = harness({ answerTimeoutMs: 1_000 });
    h.broker.challenge(proxy, h.callback);
    expect(h.timers[0]!.ms).toBe(1_000);
    h.timers[0]!.fn();
    expect(h.calls).toEqual([[]]);
    expect(h.broker.answer({ id: 'proxy-login-1', credentials: { username: 'late', password: 'x' } })).toBe(false);
    h.broker.challenge(proxy, h.callback);
    expect(h.prompts.map((p) => p.retry)).toEqual([false, false]);
  });
});

describe('fetchWithProxyLogin (net.fetch cancels proxy logins itself)', () => {
  // Stands in for net.fetch behind an authenticating proxy: 407 until the user has logged in.
  // (Node's fetch turns a 407 into a network error, so it cannot play this part.)
  const url = 'https://kantata.example/api/v1/expenses';
  let loggedIn = false;
  const received: string[] = [];
  const behindProxy: typeof fetch = async (input, init) => {
    const body = init?.body === undefined ? '' : await new Response(init.body).text();
    received.push(`${init?.method ?? 'GET'} ${body}`);
    return loggedIn ? new Response('ok', { status: 200 }) : new Response('login please', { status: 407 });
  };

  it('on a 407, lets the user log in and sends the request again', async () => {
    loggedIn = false;
    received.length = 0;
    const primed: string[] = [];
    const wrapped = fetchWithProxyLogin(behindProxy, async (target) => {
      primed.push(target);
      loggedIn = true;
      return true;
    });
    const response = await wrapped(url, { method: 'POST', body: '{"a":1}' });
    expect(response.status).toBe(200);
    expect(primed).toEqual([url]);
    expect(received).toEqual(['POST {"a":1}', 'POST {"a":1}']);
  });

  it('gives the 407 back when the user cancels; sends nothing again', async () => {
    loggedIn = false;
    received.length = 0;
    const wrapped = fetchWithProxyLogin(behindProxy, async () => false);
    expect((await wrapped(url, { method: 'GET' })).status).toBe(407);
    expect(received).toEqual(['GET ']);
  });

  it('handles a failed CONNECT tunnel the way net.fetch reports it, and passes other failures through', async () => {
    let attempts = 0;
    const netFetch: typeof fetch = async () => {
      attempts++;
      if (attempts === 1) throw new Error('net::ERR_TUNNEL_CONNECTION_FAILED');
      return new Response('ok');
    };
    let primes = 0;
    const wrapped = fetchWithProxyLogin(netFetch, async () => (primes++, true));
    expect(await (await wrapped('https://kantata.example/api/v1/users/me')).text()).toBe('ok');
    expect([attempts, primes]).toEqual([2, 1]);

    const refused = fetchWithProxyLogin(async () => Promise.reject(new Error('net::ERR_CONNECTION_REFUSED')), async () => (primes++, true));
    await expect(refused('https://kantata.example/')).rejects.toThrow('net::ERR_CONNECTION_REFUSED');
    expect(primes).toBe(1);
  });

  it('does not send a streamed body twice (the engine retries that upload later)', async () => {
    loggedIn = false;
    received.length = 0;
    const wrapped = fetchWithProxyLogin(behindProxy, async () => ((loggedIn = true), true));
    const body = new Blob(['receipt bytes']).stream();
    const response = await wrapped(url, { method: 'POST', body, duplex: 'half' } as RequestInit);
    expect(response.status).toBe(407);
    expect(received).toEqual(['POST receipt bytes']);
  });
});
