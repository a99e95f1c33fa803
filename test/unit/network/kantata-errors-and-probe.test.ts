/**
 * The Kantata client over the fetch the app injects. Electron's net.fetch rejects with
 * `Error("net::ERR_…")` (Chromium's URL loader errors, lib/common/api/net-client-request.ts) and
 * with the signal's reason when aborted; Node's fetch with `TypeError("fetch failed")` and a coded
 * cause. Both must end as the same KantataError kinds. The probe is GET /users/me, authenticated.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KantataClient } from '../../../src/main/core/kantata/client';
import { KantataError } from '../../../src/main/core/kantata/errors';
import { isKantataReachable } from '../../../src/main/core/kantata/reachability';
import { createSyncCore } from '../../../src/main/core/sync/sync-core';
import { MemoryTokenStore } from '../../../src/main/core/account/token-store';
import { startSimulator, type RunningSimulator } from '../../kantata-sim/index';

/** A fetch that never answers; like net.fetch it rejects with the signal's reason when aborted. */
const hanging: typeof fetch = (_input, init) =>
  new Promise((_resolve, reject) => {
    const signal = init!.signal!;
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });

/** A fetch that fails as Electron's net.fetch does for a Chromium network error. */
const netFetchFailing = (netError: string): typeof fetch => async () => {
  throw new Error(netError);
};

async function failureOf(fetchImpl: typeof fetch, timeoutMs = 5_000): Promise<KantataError> {
  const client = new KantataClient({ baseUrl: 'https://kantata.invalid/api/v1', token: 'secret-token', fetch: fetchImpl, timeoutMs });
  const error = await client.me().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KantataError);
  return error as KantataError;
}

let sim: RunningSimulator;
let closedPortUrl: string;
beforeAll(async () => {
  sim = await startSimulator({ seed: 'demo' });
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closedPortUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
afterAll(() => sim.close());

describe('net.fetch failures map to the same KantataError kinds as Node fetch failures', () => {
  it('a refused connection is "network" from either stack, retryable, outcome unknown', async () => {
    const viaNet = await failureOf(netFetchFailing('net::ERR_CONNECTION_REFUSED'));
    const node = new KantataClient({ baseUrl: closedPortUrl, token: 't', timeoutMs: 5_000 });
    const viaNode = await node.me().then(() => expect.unreachable(), (e: unknown) => e as KantataError);
    for (const error of [viaNet, viaNode]) {
      expect(error.kind).toBe('network');
      expect(error.retryable).toBe(true);
      expect(error.outcomeUnknown).toBe(true);
    }
    expect(viaNet.networkCode).toBe('ERR_CONNECTION_REFUSED');
    expect(viaNet.message).toBe('GET /users/me: the server refused the connection (net::ERR_CONNECTION_REFUSED)');
    expect(viaNode.networkCode).toBe('ECONNREFUSED');
  });

  it('an untrusted certificate (a TLS-inspecting network without its root) says so', async () => {
    const error = await failureOf(netFetchFailing('net::ERR_CERT_AUTHORITY_INVALID'));
    expect(error.kind).toBe('network');
    expect(error.message).toContain("the server's certificate is not trusted by this computer");
    expect(error.message).toContain('net::ERR_CERT_AUTHORITY_INVALID');
  });

  it('name, proxy and offline failures are "network"; Chromium timeouts are "timeout"', async () => {
    expect((await failureOf(netFetchFailing('net::ERR_NAME_NOT_RESOLVED'))).message).toContain('server name could not be found');
    expect((await failureOf(netFetchFailing('net::ERR_INTERNET_DISCONNECTED'))).message).toContain('not connected to the network');
    const tunnel = await failureOf(netFetchFailing('net::ERR_TUNNEL_CONNECTION_FAILED'));
    expect(tunnel.kind).toBe('network');
    expect(tunnel.message).toContain('the proxy refused the connection');
    const proxy = await failureOf(netFetchFailing('net::ERR_PROXY_CONNECTION_FAILED'));
    expect(proxy.message).toContain("the network's proxy could not be used");
    const timedOut = await failureOf(netFetchFailing('net::ERR_CONNECTION_TIMED_OUT'));
    expect(timedOut.kind).toBe('timeout');
    expect(timedOut.retryable).toBe(true);
  });

  it("the client's own timeout and the caller's cancel win over the error net.fetch rejects with", async () => {
    // net.fetch rejects with the signal's reason when its signal aborts.
    expect((await failureOf(hanging, 30)).kind).toBe('timeout');
    const client = new KantataClient({ baseUrl: 'https://kantata.invalid/api/v1', token: 't', fetch: hanging });
    const controller = new AbortController();
    const pending = client.me(controller.signal).then(() => expect.unreachable(), (e: unknown) => e as KantataError);
    controller.abort();
    expect((await pending).kind).toBe('aborted');
  });

  it("a proxy's 407 is a network failure that never reached Kantata", async () => {
    const error = await failureOf(async () => new Response('Proxy Authentication Required', { status: 407 }));
    expect(error.kind).toBe('network');
    expect(error.status).toBe(407);
    expect(error.retryable).toBe(true);
    expect(error.outcomeUnknown).toBe(false);
    expect(error.message).toContain('proxy asks for a login');
  });
});

describe('reachability probe', () => {
  it('is an authenticated GET /users/me (a documented operation), through the injected fetch', async () => {
    const seen: { url: string; method: string; auth: string | null }[] = [];
    const recording: typeof fetch = (input, init) => {
      seen.push({ url: String(input), method: init?.method ?? 'GET', auth: new Headers(init?.headers).get('authorization') });
      return fetch(input, init);
    };
    const before = sim.admin.requestLog().length;
    const client = new KantataClient({ baseUrl: sim.baseUrl, token: sim.token, fetch: recording });
    expect(await isKantataReachable(client)).toBe(true);
    expect(seen).toEqual([{ url: `${sim.baseUrl}/users/me`, method: 'GET', auth: `Bearer ${sim.token}` }]);
    const logged = sim.admin.requestLog().slice(before);
    expect(logged.map((r) => [r.method, r.path, r.status, r.operation])).toEqual([['GET', '/users/me', 200, 'GET /users/me']]);
  });

  it('counts any answer of the server as reachable (a revoked token too), and no answer as unreachable', async () => {
    expect(await isKantataReachable(new KantataClient({ baseUrl: sim.baseUrl, token: 'revoked' }))).toBe(true);
    expect(await isKantataReachable(new KantataClient({ baseUrl: closedPortUrl, token: 't' }))).toBe(false);
    const certificate = new KantataClient({ baseUrl: sim.baseUrl, token: sim.token, fetch: netFetchFailing('net::ERR_CERT_DATE_INVALID') });
    expect(await isKantataReachable(certificate)).toBe(false);
    expect(await isKantataReachable(new KantataClient({ baseUrl: sim.baseUrl, token: 't', fetch: hanging }), 20)).toBe(false);
  });

  it('the sync core sends every request, the probe included, through the fetch it is given', async () => {
    const urls: string[] = [];
    const core = createSyncCore({
      tokenStore: new MemoryTokenStore(),
      fetch: (input, init) => (urls.push(new URL(String(input)).pathname), fetch(input, init)),
    });
    expect((await core.accountConnect({ baseUrl: sim.baseUrl, token: sim.token })).ok).toBe(true);
    await core.scheduler.setOnline(false);
    await core.scheduler.setOnline(true);
    expect(urls).toEqual(['/api/v1/users/me', '/api/v1/users/me']);
    expect(core.scheduler.state.online).toBe(true);
  });
});
