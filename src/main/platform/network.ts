// Kantata requests through Chromium's network stack: the OS proxy settings (PAC, WPAD), proxies
// that need a login, and the OS certificate store, none of which Node's fetch knows.
import { app, net } from 'electron';
import { fetchWithProxyLogin } from '../core/network/fetch-with-proxy-login';
import type { ProxyLoginBroker } from '../core/network/proxy-login';

/** One HEAD request that can raise the login prompt; true once the user gave credentials. */
function primeProxyLogin(broker: ProxyLoginBroker, url: string): Promise<boolean> {
  return new Promise((resolve) => {
    let answered = false;
    const done = (): void => resolve(answered);
    const request = net.request({ url, method: 'HEAD' });
    request.on('login', (authInfo, callback) =>
      broker.challenge(authInfo, (username, password) => {
        answered = username !== undefined;
        callback(username, password);
      }),
    );
    request.on('response', done);
    request.on('error', done);
    request.on('abort', done);
    request.end();
  });
}

export function createElectronFetch(broker: ProxyLoginBroker): typeof fetch {
  const netFetch: typeof fetch = (input, init) => net.fetch(input instanceof URL ? input.href : input, init);
  return fetchWithProxyLogin(netFetch, (url) => primeProxyLogin(broker, url));
}

/** Login challenges of windows (none expected) and utility processes go to the same broker. */
export function answerLoginEvents(broker: ProxyLoginBroker): void {
  app.on('login', (event, _webContents, _details, authInfo, callback) => {
    event.preventDefault();
    broker.challenge(authInfo, callback);
  });
}
