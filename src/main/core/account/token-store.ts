/**
 * Where main keeps the Kantata credentials. The token never leaves main: not to the renderer, not
 * to IndexedDB, not to a log (`describeCredentials` is the only printable form).
 *
 * `EncryptedFileTokenStore` writes one encrypted blob through a `SecretCipher`: Electron's
 * `safeStorage` in the app (src/main/platform/token-store-safe-storage.ts), AES-GCM with a
 * process-local key in tests. When the OS offers no encryption, the credentials are kept in memory
 * only (the user reconnects after a restart) and the status says so.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import type { ApiUser } from '@shared/kantata/wire';
import { writeFileDurably } from '../desktop/durable-write';

export interface StoredCredentials {
  baseUrl: string;
  token: string;
  /** Who the token belongs to, as GET /users/me said at connect time. */
  user: ApiUser;
}

export interface TokenStorageInfo {
  /** True when the stored token is encrypted by the OS (or the test cipher). */
  encrypted: boolean;
  /** False when the credentials live in memory only (no encryption available). */
  persisted: boolean;
  /** The OS backend (e.g. 'gnome_libsecret', 'kwallet5', 'basic_text', 'keychain', 'dpapi'). */
  backend: string;
  /** The OS offers only a plain-text backend: warn the user. */
  plainText: boolean;
}

export interface TokenStore {
  get(): Promise<StoredCredentials | null>;
  set(credentials: StoredCredentials): Promise<void>;
  clear(): Promise<void>;
  info(): TokenStorageInfo;
}

/** The shape of Electron's safeStorage, so the platform adapter is a one-liner. */
export interface SecretCipher {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** The backend's name; 'basic_text' means no real protection (Linux without a keyring). */
  backendName(): string;
}

export function describeCredentials(c: StoredCredentials | null): string {
  return c ? `${c.user.full_name} <${c.user.email_address}> at ${c.baseUrl} (token ****)` : 'not connected';
}

export class MemoryTokenStore implements TokenStore {
  private value: StoredCredentials | null = null;
  constructor(private readonly storage: TokenStorageInfo = { encrypted: false, persisted: false, backend: 'memory', plainText: false }) {}
  async get(): Promise<StoredCredentials | null> {
    return this.value ? { ...this.value } : null;
  }
  async set(credentials: StoredCredentials): Promise<void> {
    this.value = { ...credentials };
  }
  async clear(): Promise<void> {
    this.value = null;
  }
  info(): TokenStorageInfo {
    return this.storage;
  }
}

export class EncryptedFileTokenStore implements TokenStore {
  /** Fallback when the OS cannot encrypt: never written to disk. */
  private readonly memory = new MemoryTokenStore();

  constructor(
    private readonly filePath: string,
    private readonly cipher: SecretCipher,
  ) {}

  private get available(): boolean {
    return this.cipher.isEncryptionAvailable();
  }

  async get(): Promise<StoredCredentials | null> {
    if (!this.available) return this.memory.get();
    let blob: Buffer;
    try {
      blob = readFileSync(this.filePath);
    } catch {
      return null;
    }
    try {
      const parsed = JSON.parse(this.cipher.decryptString(blob)) as StoredCredentials;
      return typeof parsed.token === 'string' && typeof parsed.baseUrl === 'string' ? parsed : null;
    } catch {
      // Unreadable (another OS user, a changed keyring): as if not connected.
      return null;
    }
  }

  async set(credentials: StoredCredentials): Promise<void> {
    if (!this.available) {
      await this.memory.set(credentials);
      return;
    }
    // Owner-only, atomic and durable: a crash never leaves a half-written (undecryptable) token.
    writeFileDurably(this.filePath, this.cipher.encryptString(JSON.stringify(credentials)), { mode: 0o600 });
  }

  async clear(): Promise<void> {
    await this.memory.clear();
    rmSync(this.filePath, { force: true });
  }

  info(): TokenStorageInfo {
    const available = this.available;
    const backend = available ? this.cipher.backendName() : 'none';
    const plainText = !available || backend === 'basic_text';
    return { encrypted: available && backend !== 'basic_text', persisted: available, backend, plainText };
  }
}

/** AES-256-GCM with a key held by this process: the Node stand-in for safeStorage in tests. */
export function createProcessKeyCipher(key: Buffer = randomBytes(32)): SecretCipher {
  return {
    isEncryptionAvailable: () => true,
    backendName: () => 'process-key',
    encryptString(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptString(blob) {
      const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(0, 12));
      decipher.setAuthTag(blob.subarray(12, 28));
      return Buffer.concat([decipher.update(blob.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}
