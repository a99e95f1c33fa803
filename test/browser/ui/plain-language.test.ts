/**
 * The words a user reads, in real Chromium: the Conflicts view's buttons say what they do and its
 * dates follow the user's locale (English, German, French; never ISO), and a technical failure
 * reads as a plain sentence with the technical text behind "Details".
 */
import { afterEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import ConflictsView from '@renderer/views/ConflictsView.vue';
import ExpenseSyncHistory from '@renderer/sync/ExpenseSyncHistory.vue';
import { setUserLocale } from '@renderer/locale';
import { mountWithDb, until, type Mounted } from '../../support/browser/mount';
import { seedReferenceData, syntheticExpense } from '../../support/browser/seed';

let m: Mounted | null = null;
afterEach(async () => {
  await m?.cleanup();
  m = null;
});

const ISO_DAY = /\b\d{4}-\d{2}-\d{2}\b/;
const buttons = (root: HTMLElement): string[] => [...root.querySelectorAll('button')].map((b) => b.textContent!.trim());

describe('Conflicts in the user’s language', () => {
  it('names each action plainly and shows dates in the locale, in English, German and French', async () => {
    m = await mountWithDb(ConflictsView);
    await seedReferenceData(m.db);
    const e = syntheticExpense(5, { notes: 'Dinner with ACME', date: '2026-11-20' });
    await m.db.expenses.put(e);
    await m.db.conflicts.put({
      id: `r1:${e.id}`, roundId: 'r1', expenseId: e.id, remoteId: e.remoteId, kind: 'merge', winner: 'server',
      decidedAt: '2026-11-20T10:00:00Z', message: 'This expense was changed here and in Kantata; for each field the later change was kept.',
      fields: [{ field: 'notes', base: 'Client dinner', local: 'Dinner with ACME', server: 'Client dinner (edited)', winner: 'server', reason: 'server-newer' }],
      local: { notes: 'Dinner with ACME' }, localEditedAt: Date.UTC(2026, 10, 20, 9), server: null, overwrote: true, at: Date.UTC(2026, 10, 20, 10), resolvedAt: null,
    });
    const entry = await until(() => m!.host.querySelector<HTMLElement>('[data-testid="conflict-entry"]'), 'the conflict');
    expect(buttons(entry)).toEqual(['Use your version', 'Keep it as it is now']);
    expect(entry.querySelector('h2')!.textContent).toContain('Nov 20, 2026');
    expect(entry.textContent).not.toMatch(ISO_DAY);
    expect([...entry.querySelectorAll('thead th')].map((th) => th.textContent!.trim())).toEqual(['Field', 'Your version', "Kantata's versionkept"]);

    setUserLocale('de-DE');
    await nextTick();
    await until(() => buttons(entry)[0] === 'Ihre Version verwenden', 'German');
    expect(buttons(entry)).toEqual(['Ihre Version verwenden', 'So lassen, wie es jetzt ist']);
    expect(entry.querySelector('h2')!.textContent).toContain('20. Nov. 2026');
    expect(entry.querySelector('.message')!.textContent).toBe(
      'Diese Ausgabe wurde hier und in Kantata geändert; für jedes Feld wurde die spätere Änderung behalten.',
    );
    expect(entry.textContent).not.toMatch(ISO_DAY);

    setUserLocale('fr-FR');
    await nextTick();
    await until(() => buttons(entry)[0] === 'Utiliser votre version', 'French');
    expect(entry.querySelector('h2')!.textContent).toContain('20 nov. 2026');
    expect(m.host.querySelector('h1')!.textContent).toBe('Conflits');
  });
});

describe('plain failures, technical text behind Details', () => {
  it('a row waiting after a network failure says so in words; the error itself is under Details', async () => {
    const technical = 'GET /expenses: fetch failed (UND_ERR_SOCKET)';
    const e = syntheticExpense(3, { syncState: 'pending', syncMessage: technical });
    m = await mountWithDb(ExpenseSyncHistory, { props: { expense: e } });
    await m.db.expenses.put(e);
    await m.db.outbox.add({ expenseId: e.id, kind: 'update', changes: { notes: 'x' }, at: Date.now(), attempts: 1 });
    const retry = await until(() => m!.host.querySelector<HTMLElement>('[data-step="retry"]'), 'the retry step');
    expect(retry.querySelector('.label')!.textContent).toBe('Not delivered yet');
    const details = retry.querySelector<HTMLDetailsElement>('details')!;
    expect(details.open).toBe(false);
    expect(details.querySelector('summary')!.textContent).toBe('Details');
    expect(details.querySelector('code')!.textContent).toBe(technical);
    // Outside the closed disclosure, no request or error code.
    const plain = [...retry.children].filter((el) => el !== details).map((el) => el.textContent).join(' ');
    expect(plain).not.toContain('UND_ERR');
    expect(plain).not.toContain('GET /');
  });
});
