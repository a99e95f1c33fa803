import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SimAdmin } from './admin';
import { createAdminHttp } from './admin-http';
import { createContext } from './context';
import { loadOperationIndex } from './openapi-params';
import { applySeed } from './seed';
import { createSimServer } from './server';

export { SimAdmin, SimAdminError } from './admin';
export type { AdminWorkspace, ExpenseActor, LockKind, SeedName, SimStateDump, WorkspaceSeed } from './admin';
export type { TimestampPrecision } from './clock';
export type { ApiRequestInfo, ApiResponseInfo, RequestLogEntry, SimSwitches } from './context';
export type { ExpenseInput } from './expenses';
export type { ActiveFault, FaultKind, FaultSpec } from './faults';
export { DEFAULT_CATEGORIES } from './seed';

export interface SimOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1: the simulator only listens on loopback. */
  host?: string;
  /** Default 'demo'. */
  seed?: 'demo' | 'empty';
  /** The demo user's bearer token; made up when absent. */
  token?: string;
  bulkPartialSuccess?: boolean;
  lockedStatus?: 422 | 403;
  /** updated_after/updated_before/created_after inclusive (default false: strict). */
  inclusiveTimeFilters?: boolean;
  rateLimitPerMinute?: number | null;
  retryAfterSeconds?: number | null;
  clockOffsetMs?: number;
  /** Seed of the fault generator (rate-based faults). Default 1. */
  faultSeed?: number;
  /** created_at/updated_at to the 'second' (default, as Kantata) or 'millisecond' (strictly increasing). */
  timestampPrecision?: 'second' | 'millisecond';
  /** The zone offset timestamps are written in: '±HH:MM' or 'Z'. Default '-07:00'. */
  timestampOffset?: string;
  /** foreign_exchange_amount.source_value in responses: 'number' (default, as the schema) or 'string'. */
  foreignAmountValueAs?: 'number' | 'string';
}

export interface RunningSimulator {
  /** http://127.0.0.1:PORT/api/v1 */
  baseUrl: string;
  /** http://127.0.0.1:PORT/__sim */
  adminUrl: string;
  port: number;
  /** The demo user's token. */
  token: string;
  /** The demo user's id. */
  userId: string;
  admin: SimAdmin;
  close(): Promise<void>;
}

export async function startSimulator(options: SimOptions = {}): Promise<RunningSimulator> {
  const host = options.host ?? '127.0.0.1';
  let token = options.token ?? randomBytes(16).toString('hex');
  const ctx = createContext({
    clockOffsetMs: options.clockOffsetMs,
    faultSeed: options.faultSeed,
    rateLimitPerMinute: options.rateLimitPerMinute,
    retryAfterSeconds: options.retryAfterSeconds,
    switches: {
      ...(options.bulkPartialSuccess !== undefined && { bulkPartialSuccess: options.bulkPartialSuccess }),
      ...(options.lockedStatus !== undefined && { lockedStatus: options.lockedStatus }),
      ...(options.inclusiveTimeFilters !== undefined && { inclusiveTimeFilters: options.inclusiveTimeFilters }),
      ...(options.timestampPrecision !== undefined && { timestampPrecision: options.timestampPrecision }),
      ...(options.timestampOffset !== undefined && { timestampOffset: options.timestampOffset }),
      ...(options.foreignAmountValueAs !== undefined && { foreignAmountValueAs: options.foreignAmountValueAs }),
    },
  });
  // Parse Kantata's OpenAPI files now (once per process) rather than stall the first request.
  loadOperationIndex();
  const admin = new SimAdmin(ctx, (a, seed, t) => {
    token = t;
    applySeed(a, seed, t);
  });
  admin.reset(options.seed ?? 'demo', token);
  const server = createSimServer(ctx, createAdminHttp(admin, () => token));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    baseUrl: `${origin}/api/v1`,
    adminUrl: `${origin}/__sim`,
    port,
    get token() {
      return token;
    },
    get userId() {
      return admin.demoUserId;
    },
    admin,
    close: () => new Promise<void>((resolve) => {
      // A late commit still waiting would change data after the test is over.
      for (const timer of ctx.lateCommits) clearTimeout(timer);
      ctx.lateCommits.clear();
      // Hung requests and keep-alive sockets would otherwise hold the server open.
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
