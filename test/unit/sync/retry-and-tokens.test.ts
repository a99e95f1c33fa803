import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KantataError, parseRetryAfter } from '../../../src/main/core/kantata/errors';
import { decodeEnvelope } from '../../../src/main/core/kantata/envelope';
import { DEFAULT_RETRY, Limiter, backoffDelay } from '../../../src/main/core/sync/retry';
import { EncryptedFileTokenStore, createProcessKeyCipher, describeCredentials } from '../../../src/main/core/account/token-store';

describe('backoff', () => {
  const policy = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1_000, maxAttempts: 4 };
  const unavailable = new KantataError('unavailable', '503');

  it('grows exponentially with jitter in [half, full] and stops after maxAttempts', () => {
    expect(backoffDelay(policy, 1, unavailable, () => 0)).toBe(50);
    expect(backoffDelay(policy, 1, unavailable, () => 0.999)).toBeLessThanOrEqual(100);
    expect(backoffDelay(policy, 3, unavailable, () => 0)).toBe(200);
    expect(backoffDelay(policy, 4, unavailable, () => 0)).toBeNull();
  });

  it('honours Retry-After, and gives up for this round when it is longer than allowed', () => {
    const limited = new KantataError('rate-limited', '429', { retryAfterMs: 2_000 });
    expect(backoffDelay(policy, 1, limited, () => 0)).toBe(2_000);
    const tooLong = new KantataError('rate-limited', '429', { retryAfterMs: policy.maxRetryAfterMs + 1 });
    expect(backoffDelay(policy, 1, tooLong, () => 0)).toBeNull();
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('3', 0)).toBe(3_000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter(null, 0)).toBeNull();
  });
});

describe('limiter', () => {
  it('runs at most `limit` calls at once across callers, in arrival order, and frees slots on failure', async () => {
    const limiter = new Limiter(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const task = (n: number, fail = false) =>
      limiter.run(async () => {
        running++;
        peak = Math.max(peak, running);
        order.push(n);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        if (fail) throw new Error(`task ${n}`);
        return n;
      });
    const results = await Promise.allSettled([task(1), task(2, true), task(3), task(4), task(5)]);
    expect(peak).toBe(2);
    expect(order).toEqual([1, 2, 3, 4, 5]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(await task(6)).toBe(6);
  });
});

describe('envelope', () => {
  it('takes order and membership from results, ignoring unknown keys and side-loads', () => {
    const decoded = decodeEnvelope<{ id: string }>(
      {
        count: 2,
        meta: { count: 2, page_count: 1, page_number: 1, page_size: 20 },
        results: [
          { key: 'expenses', id: '2' },
          { key: 'users', id: '7' },
          { key: 'expenses', id: '1' },
        ],
        expenses: { '1': { id: '1' }, '2': { id: '2' }, '3': { id: '3' } },
        users: { '7': { id: '7' } },
        something_new: true,
      },
      'expenses',
    );
    expect(decoded.items.map((e) => e.id)).toEqual(['2', '1']);
    expect(decoded.sideload('users').get('7')).toEqual({ id: '7' });
  });

  it('rejects an answer that is not an envelope', () => {
    expect(() => decodeEnvelope({ nope: 1 }, 'expenses')).toThrow(KantataError);
  });
});

describe('token store', () => {
  const user = { id: '7', full_name: 'Alex Morgan', email_address: 'alex@example.com' };

  it('keeps the credentials encrypted on disk (the token is not in the file) and reads them back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'courier-token-'));
    const file = join(dir, 'account.bin');
    const cipher = createProcessKeyCipher();
    const store = new EncryptedFileTokenStore(file, cipher);
    await store.set({ baseUrl: 'https://api.example/api/v1', token: 'SECRET-TOKEN-123', user });
    expect(readFileSync(file).includes(Buffer.from('SECRET-TOKEN-123'))).toBe(false);
    expect(await new EncryptedFileTokenStore(file, cipher).get()).toMatchObject({ token: 'SECRET-TOKEN-123', user });
    expect(store.info()).toMatchObject({ encrypted: true, persisted: true, plainText: false });
    await store.clear();
    expect(await store.get()).toBeNull();
  });

  it('without OS encryption keeps the token in memory only and says plain text is all there is', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'courier-token-'));
    const cipher = { ...createProcessKeyCipher(), isEncryptionAvailable: () => false };
    const store = new EncryptedFileTokenStore(join(dir, 'account.bin'), cipher);
    await store.set({ baseUrl: 'https://x', token: 't', user });
    expect(await store.get()).toMatchObject({ token: 't' });
    expect(store.info()).toMatchObject({ persisted: false, plainText: true });
    const basic = new EncryptedFileTokenStore(join(dir, 'b.bin'), { ...createProcessKeyCipher(), backendName: () => 'basic_text' });
    expect(basic.info()).toMatchObject({ encrypted: false, plainText: true });
  });

  it('describes credentials without the token', () => {
    const text = describeCredentials({ baseUrl: 'https://x', token: 'SECRET', user });
    expect(text).not.toContain('SECRET');
    expect(text).toContain('Alex Morgan');
  });
});
