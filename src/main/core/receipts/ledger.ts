/**
 * What main has uploaded, keyed by account and content hash, persisted on disk: a replay (the
 * renderer never got the answer, the app crashed before the receipt row was updated) reuses the
 * attachment instead of uploading the file again, so an expense never points at a second copy.
 */
import { z } from 'zod';

/** The part of a small JSON file store the ledger needs (see core/desktop/json-file-store.ts). */
export interface LedgerStore {
  read(): unknown;
  write(value: unknown): void;
}

const LedgerEntry = z.object({
  attachmentId: z.string(),
  fileName: z.string(),
  bytes: z.number(),
  uploadedAt: z.number(),
});
export type LedgerEntry = z.infer<typeof LedgerEntry>;

const LedgerFile = z.object({ version: z.literal(1), entries: z.record(z.string(), LedgerEntry) });

export class UploadLedger {
  private readonly entries: Map<string, LedgerEntry>;

  constructor(private readonly store: LedgerStore) {
    const parsed = LedgerFile.safeParse(store.read());
    // An unreadable ledger only costs re-uploads (orphans on the server), never a wrong link.
    this.entries = new Map(parsed.success ? Object.entries(parsed.data.entries) : []);
  }

  private static key(account: string, hash: string): string {
    return `${account} ${hash}`;
  }

  get(account: string, hash: string): LedgerEntry | undefined {
    return this.entries.get(UploadLedger.key(account, hash));
  }

  /** Records an upload and writes the ledger before the caller hears of it. */
  record(account: string, hash: string, entry: LedgerEntry): void {
    this.entries.set(UploadLedger.key(account, hash), entry);
    this.store.write(this.snapshot());
  }

  /** Forgets an attachment the server no longer has (deleted there), so it is uploaded again. */
  forget(account: string, hash: string): void {
    if (this.entries.delete(UploadLedger.key(account, hash))) this.store.write(this.snapshot());
  }

  get size(): number {
    return this.entries.size;
  }

  static assertSnapshot(snapshot: unknown): z.infer<typeof LedgerFile> {
    const parsed = LedgerFile.safeParse(snapshot);
    if (!parsed.success) throw new Error('The backup\'s record of receipt uploads is unreadable.');
    return parsed.data;
  }

  /** The ledger as stored, for a backup. */
  snapshot(): unknown {
    return { version: 1, entries: Object.fromEntries(this.entries) };
  }

  /** Adds a backup's uploads (restore): a receipt uploaded before the backup is not uploaded again. */
  merge(snapshot: unknown): void {
    for (const [key, entry] of Object.entries(UploadLedger.assertSnapshot(snapshot).entries)) if (!this.entries.has(key)) this.entries.set(key, entry);
    this.store.write(this.snapshot());
  }
}

/** A ledger kept in memory only (tests, or when no file can be written). */
export function memoryLedgerStore(initial?: unknown): LedgerStore & { value: unknown } {
  const store = {
    value: initial,
    read: () => store.value,
    write: (value: unknown) => {
      store.value = JSON.parse(JSON.stringify(value)) as unknown;
    },
  };
  return store;
}
