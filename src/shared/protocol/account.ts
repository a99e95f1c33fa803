/**
 * Account (contract calls accountStatus / accountConnect / accountDisconnect, event accountChanged).
 * The token goes renderer -> main once, in accountConnect; it never comes back.
 */
import { z } from 'zod';

export const TokenStorageSchema = z.object({
  encrypted: z.boolean(),
  /** False: kept in memory only (the OS offers no encryption); reconnect after a restart. */
  persisted: z.boolean(),
  backend: z.string(),
  /** The OS offers only plain-text storage: warn the user. */
  plainText: z.boolean(),
});

export const AccountStatusSchema = z.object({
  connected: z.boolean(),
  baseUrl: z.string().nullable(),
  user: z.object({ id: z.string(), fullName: z.string(), email: z.string() }).nullable(),
  /** A 401 paused sync: the queue waits until the user reconnects. */
  authRequired: z.boolean(),
  storage: TokenStorageSchema,
});
export type AccountStatus = z.infer<typeof AccountStatusSchema>;

export const DEFAULT_KANTATA_BASE_URL = 'https://api.mavenlink.com/api/v1';

export const AccountConnectRequestSchema = z.object({
  baseUrl: z.string().min(1).default(DEFAULT_KANTATA_BASE_URL),
  token: z.string().min(1),
});
export type AccountConnectRequest = z.input<typeof AccountConnectRequestSchema>;

export const AccountConnectResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), status: AccountStatusSchema }),
  z.object({
    ok: z.literal(false),
    error: z.object({ kind: z.enum(['auth', 'network', 'invalid-url', 'server']), message: z.string() }),
    status: AccountStatusSchema,
  }),
]);
export type AccountConnectResult = z.infer<typeof AccountConnectResultSchema>;
