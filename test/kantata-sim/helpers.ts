import { startSimulator, type RunningSimulator, type SimOptions } from './index';

/** Test helper: a simulator on a free port plus a small authenticated fetch. */
export interface SimClient {
  sim: RunningSimulator;
  api(path: string, init?: RequestInit & { token?: string | null }): Promise<Response>;
  json<T = Record<string, unknown>>(path: string, init?: RequestInit & { token?: string | null }): Promise<{ status: number; body: T; res: Response }>;
}

export async function startTestSim(options: SimOptions = {}): Promise<SimClient> {
  const sim = await startSimulator({ token: 'test-token', ...options });
  const api: SimClient['api'] = (path, init = {}) => {
    const { token = sim.token, headers, ...rest } = init;
    const h = new Headers(headers);
    if (token !== null) h.set('Authorization', `Bearer ${token}`);
    if (rest.body !== undefined && typeof rest.body === 'string' && !h.has('Content-Type')) h.set('Content-Type', 'application/json');
    return fetch(`${sim.baseUrl}${path}`, { ...rest, headers: h });
  };
  return {
    sim,
    api,
    async json(path, init) {
      const res = await api(path, init);
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : null) as never, res };
    },
  };
}

/**
 * Moves the server clock on by `ms` (default one second), so the next stamp is later than every
 * earlier one at either timestamp precision: tests that need distinct updated_at values say so.
 */
export function advanceClock(sim: RunningSimulator, ms = 1000): void {
  sim.admin.setClock(sim.admin.clockOffset() + ms);
}

/**
 * Moves the server clock forward to just past the start of a second, leaving the rest of that
 * second for synchronous admin changes that must share one second-precision stamp.
 */
export function alignToSecondStart(sim: RunningSimulator, marginMs = 20): void {
  const now = sim.admin.now();
  sim.admin.setClock(sim.admin.clockOffset() + (Math.ceil(now / 1000) * 1000 + marginMs - now));
}
