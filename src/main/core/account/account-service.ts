/**
 * The Kantata connection: connect (verify the token with GET /users/me, then store it encrypted),
 * disconnect (forget the token; local data stays, the renderer asks about unsynced entries), and
 * the 401 pause. Hands the sync engine and the reference download an authenticated client; the
 * token itself never leaves this module and the token store.
 */
import type { AccountConnectResult, AccountStatus } from '@shared/protocol/account';
import { KantataClient } from '../kantata/client';
import { isKantataError } from '../kantata/errors';
import { log as rootLog } from '../logging/log';
import { registerSecret } from '../logging/redact';
import type { StoredCredentials, TokenStore } from './token-store';

const log = rootLog.scope('account');

export interface AccountServiceDeps {
  tokenStore: TokenStore;
  /** How clients are made (tests pass timeouts; production uses the defaults). */
  createClient?: (baseUrl: string, token: string) => KantataClient;
  onChange?: (status: AccountStatus) => void;
}

export class AccountService {
  private authRequired = false;
  private cached: { credentials: StoredCredentials; client: KantataClient } | null = null;
  private readonly createClient: (baseUrl: string, token: string) => KantataClient;

  constructor(private readonly deps: AccountServiceDeps) {
    this.createClient = deps.createClient ?? ((baseUrl, token) => new KantataClient({ baseUrl, token }));
  }

  async status(): Promise<AccountStatus> {
    const credentials = await this.deps.tokenStore.get();
    return {
      connected: credentials !== null,
      baseUrl: credentials?.baseUrl ?? null,
      user: credentials
        ? { id: credentials.user.id, fullName: credentials.user.full_name, email: credentials.user.email_address }
        : null,
      authRequired: credentials !== null && this.authRequired,
      storage: this.deps.tokenStore.info(),
    };
  }

  async connect(request: { baseUrl: string; token: string }): Promise<AccountConnectResult> {
    const baseUrl = request.baseUrl.trim().replace(/\/+$/, '');
    const token = request.token.trim();
    try {
      const url = new URL(baseUrl);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('scheme');
    } catch {
      return { ok: false, error: { kind: 'invalid-url', message: `"${baseUrl}" is not an http(s) URL.` }, status: await this.status() };
    }
    // From here on the token is masked in every log line, whatever logs it.
    registerSecret(token);
    const client = this.createClient(baseUrl, token);
    try {
      const user = await client.me();
      const credentials = { baseUrl, token, user };
      await this.deps.tokenStore.set(credentials);
      this.cached = { credentials, client };
      this.authRequired = false;
      const status = await this.status();
      this.deps.onChange?.(status);
      log.info(`connected to ${baseUrl} as user ${user.id}`);
      return { ok: true, status };
    } catch (e) {
      log.warn(`connecting to ${baseUrl} failed`, e);
      const status = await this.status();
      if (isKantataError(e) && e.kind === 'auth') {
        return { ok: false, error: { kind: 'auth', message: 'Kantata did not accept this token.' }, status };
      }
      if (isKantataError(e) && (e.kind === 'network' || e.kind === 'timeout')) {
        return { ok: false, error: { kind: 'network', message: `Could not reach ${baseUrl}: ${e.message}` }, status };
      }
      return { ok: false, error: { kind: 'server', message: e instanceof Error ? e.message : String(e) }, status };
    }
  }

  async disconnect(): Promise<AccountStatus> {
    await this.deps.tokenStore.clear();
    this.cached = null;
    this.authRequired = false;
    const status = await this.status();
    this.deps.onChange?.(status);
    return status;
  }

  /** The authenticated client (one per connection, so it keeps its skew estimate), or null. */
  async client(): Promise<KantataClient | null> {
    const credentials = await this.deps.tokenStore.get();
    if (!credentials) {
      this.cached = null;
      return null;
    }
    registerSecret(credentials.token);
    const same = this.cached && this.cached.credentials.token === credentials.token && this.cached.credentials.baseUrl === credentials.baseUrl;
    if (!same) this.cached = { credentials, client: this.createClient(credentials.baseUrl, credentials.token) };
    return this.cached!.client;
  }

  get paused(): boolean {
    return this.authRequired;
  }

  /** A 401 from the server: pause sync until the user reconnects. */
  async markAuthRequired(): Promise<void> {
    if (this.authRequired) return;
    log.warn('Kantata refused the token (401): sync paused until the account is reconnected');
    this.authRequired = true;
    this.deps.onChange?.(await this.status());
  }
}
