/**
 * When main last sent each create, persisted BEFORE the request leaves (write-ahead).
 *
 * Kantata has no idempotency key and keeps working on a request for up to 3 minutes after a
 * client or gateway gave up on it. A create whose answer was lost is looked up by its client id,
 * but a look-up that finds nothing proves nothing while the first request may still be running:
 * the create stays in doubt until the server's request limit has passed since it was last sent.
 * Only this ledger knows that time, also after a crash of the app (the renderer's outbox only
 * knows that a row was handed over, not when, or whether, it went out).
 */
import { z } from 'zod';
import type { LedgerStore } from '../receipts/ledger';

const UpdateInDoubt = z.object({ at: z.number(), values: z.record(z.string(), z.unknown()) });
export type UpdateInDoubt = z.infer<typeof UpdateInDoubt>;

const SentCreatesFile = z.object({
  version: z.literal(1),
  sentAt: z.record(z.string(), z.number()),
  /**
   * Updates (PUT) whose answer was lost, by client id: when, and the values they carried. Kantata
   * may still apply such a request minutes later, over anything written since; until then no
   * other update of that expense is sent, and afterwards those values on the server are known to
   * be this app's own, not an edit made in Kantata.
   */
  updates: z.record(z.string(), UpdateInDoubt).optional(),
});

export class SentCreates {
  private readonly sentAt: Map<string, number>;
  private readonly updates: Map<string, UpdateInDoubt>;

  constructor(private readonly store: LedgerStore) {
    const parsed = SentCreatesFile.safeParse(store.read());
    this.sentAt = new Map(parsed.success ? Object.entries(parsed.data.sentAt) : []);
    this.updates = new Map(parsed.success ? Object.entries(parsed.data.updates ?? {}) : []);
  }

  /** The last update of `clientId` whose answer was lost, or undefined. */
  updateInDoubt(clientId: string): UpdateInDoubt | undefined {
    return this.updates.get(clientId);
  }

  /** An update of `clientId` got no answer: Kantata may still apply `values`. */
  markUpdateInDoubt(clientId: string, at: number, values: Record<string, unknown>): void {
    this.updates.set(clientId, { at, values });
    this.save();
  }

  forgetUpdate(clientId: string): void {
    if (this.updates.delete(clientId)) this.save();
  }

  /** Local ms when the create of `clientId` was last sent, or undefined when this app never sent it. */
  lastSent(clientId: string): number | undefined {
    return this.sentAt.get(clientId);
  }

  /** Records that these creates are about to be sent; written before the caller sends them. */
  markSent(clientIds: readonly string[], at: number): void {
    for (const id of clientIds) this.sentAt.set(id, at);
    this.save();
  }

  /** The creates are settled (found, made, or refused for good): nothing about them is in doubt. */
  forget(clientIds: readonly string[]): void {
    let changed = false;
    for (const id of clientIds) changed = this.sentAt.delete(id) || changed;
    if (changed) this.save();
  }

  /**
   * Drops entries of creates no longer queued that were sent longer ago than `olderThanMs`
   * (discarded by the user, or settled in a round whose result was lost and replayed).
   */
  prune(queued: ReadonlySet<string>, now: number, olderThanMs: number): void {
    const stale = [...this.sentAt].filter(([id, at]) => !queued.has(id) && now - at > olderThanMs).map(([id]) => id);
    this.forget(stale);
    for (const [id, update] of this.updates) if (!queued.has(id) && now - update.at > olderThanMs) this.forgetUpdate(id);
  }

  get size(): number {
    return this.sentAt.size;
  }

  static assertSnapshot(snapshot: unknown): z.infer<typeof SentCreatesFile> {
    const parsed = SentCreatesFile.safeParse(snapshot);
    if (!parsed.success) throw new Error('The backup\'s record of writes sent to Kantata is unreadable.');
    return parsed.data;
  }

  /** The ledger as stored, for a backup. */
  snapshot(): unknown {
    return { version: 1, sentAt: Object.fromEntries(this.sentAt), updates: Object.fromEntries(this.updates) };
  }

  /**
   * Adds a backup's ledger (restore): the later time wins for each write, so a restored create or
   * update stays in doubt at least as long as the backed-up profile would have kept it. Merging
   * rather than replacing: more doubt costs a wait, less could cost a duplicate.
   */
  merge(snapshot: unknown): void {
    const parsed = SentCreates.assertSnapshot(snapshot);
    for (const [id, at] of Object.entries(parsed.sentAt)) this.sentAt.set(id, Math.max(at, this.sentAt.get(id) ?? at));
    for (const [id, update] of Object.entries(parsed.updates ?? {})) {
      const mine = this.updates.get(id);
      if (!mine || mine.at < update.at) this.updates.set(id, update);
    }
    this.save();
  }

  private save(): void {
    this.store.write(this.snapshot());
  }
}
