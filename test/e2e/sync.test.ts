/**
 * Sync end to end: the built renderer in Chromium (real IndexedDB) leads rounds through the
 * contract into the real main-process core (account, sync engine), which talks HTTP to the
 * in-process Kantata simulator. Everything the user does goes through the UI.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ApiExpense } from '@shared/kantata/wire';
import { readExpenses, readOutbox, readRows, seedRows } from '../support/node/app-db';
import { connectThroughUi, createExpenseThroughForm, expenseForm, expenseRow, goTo, rowState, waitForList } from './app-ui';
import { simSuite } from './sim-suite';

const suite = simSuite('sync');

function serverExpensesWithNotes(notes: string): ApiExpense[] {
  return suite.sim
    .admin.listExpenses()
    .filter((e) => e.notes === notes);
}

async function openMainWindow(): Promise<Page> {
  const page = await suite.openMainWindow();
  await waitForList(page);
  return page;
}

async function syncNow(page: Page): Promise<void> {
  const button = page.getByTestId('sync-now');
  await expect.poll(() => button.isEnabled()).toBe(true);
  await button.click();
}

/** The list is virtualized and holds the demo data too: search for the row to bring it into view. */
async function search(page: Page, text: string): Promise<void> {
  await goTo(page, 'Expenses');
  await page.getByRole('searchbox').fill(text);
}

async function stateOf(page: Page, notes: string): Promise<string | null> {
  await search(page, notes);
  const row = expenseRow(page, notes);
  return (await row.count()) === 1 ? rowState(row) : null;
}

async function waitForState(page: Page, notes: string, state: string): Promise<void> {
  await expect.poll(() => stateOf(page, notes), { timeout: 20_000 }).toBe(state);
}

async function editNotes(page: Page, from: string, to: string): Promise<void> {
  await search(page, from);
  await expenseRow(page, from).click();
  const form = expenseForm(page);
  await form.locator('textarea[name=notes]').fill(to);
  await form.locator('input[name=amount]').press('Enter');
  await expect.poll(async () => expenseRow(page, to).count()).toBe(1);
}

/** A connected main window with one synced expense. */
async function connectedWithSyncedExpense(label: string): Promise<{ page: Page; notes: string; remoteId: string }> {
  const page = await openMainWindow();
  await connectThroughUi(page, suite.sim.baseUrl, suite.sim.token);
  const notes = suite.note(label);
  await createExpenseThroughForm(page, { project: suite.usd().title, date: '2026-03-14', category: 'Travel', amount: '12.50', notes });
  await syncNow(page);
  await waitForState(page, notes, 'synced');
  const [server] = serverExpensesWithNotes(notes);
  return { page, notes, remoteId: server!.id };
}

describe('sync through the app', () => {
  it('sends expenses recorded before connecting, exactly once each, once the account is connected', async () => {
    const page = await openMainWindow();
    await seedRows(page, { ...suite.reference });
    await page.reload();
    await waitForList(page);
    const first = suite.note('Airport taxi');
    const second = suite.note('Hotel night');
    await createExpenseThroughForm(page, { project: suite.usd().title, date: '2026-03-14', category: 'Travel', amount: '42.00', notes: first });
    await createExpenseThroughForm(page, { project: suite.usd().title, date: '2026-03-15', category: 'Lodging', amount: '180.00', notes: second });
    expect(await stateOf(page, first)).toBe('pending');
    expect(await readOutbox(page)).toHaveLength(2);

    await connectThroughUi(page, suite.sim.baseUrl, suite.sim.token);

    await waitForState(page, first, 'synced');
    await waitForState(page, second, 'synced');
    expect(serverExpensesWithNotes(first)).toHaveLength(1);
    expect(serverExpensesWithNotes(second)).toHaveLength(1);
    expect(serverExpensesWithNotes(first)[0]).toMatchObject({ amount_in_cents: 4200, workspace_id: suite.usd().id });
    expect(await readOutbox(page)).toHaveLength(0);
    await expect.poll(() => page.getByTestId('sync-headline').textContent()).toContain('All changes delivered');
    // The token never reaches the renderer's storage.
    const stored = JSON.stringify(await readExpenses(page));
    expect(stored).not.toContain(suite.sim.token);

    // A second Sync now sends nothing new: still exactly one record each.
    await syncNow(page);
    await expect.poll(() => page.getByTestId('sync-now').isEnabled()).toBe(true);
    expect(serverExpensesWithNotes(first)).toHaveLength(1);
  });

  it('sends a change made while the server was unreachable once it can be reached again', async () => {
    const { page, notes, remoteId } = await connectedWithSyncedExpense('Offline edit');
    suite.sim.admin.injectFault({ kind: 'drop-before', pathPattern: '^/expenses' });
    const edited = `${notes} (edited offline)`;
    await editNotes(page, notes, edited);
    await syncNow(page);
    await expect.poll(() => page.getByTestId('sync-now').isEnabled(), { timeout: 20_000 }).toBe(true);
    expect(await stateOf(page, edited)).toBe('pending');
    expect(suite.sim.admin.getExpense(remoteId)?.notes).toBe(notes);
    // The network is up and Kantata is not answering: said as such, not "Offline".
    expect(await page.getByTestId('sync-headline').textContent()).toContain('Kantata not reachable');
    expect(await page.getByTestId('sync-detail').textContent()).toContain('Kantata did not answer');
    // The expense tells where it stands: confirmed earlier with its Kantata id, the edit sent and unanswered.
    await expenseRow(page, edited).click();
    const history = page.getByTestId('sync-history');
    expect(await history.locator('[data-step=confirmed]').textContent()).toContain(`#${remoteId}`);
    expect(await history.locator('[data-step=sent]').textContent()).toContain('waiting for the answer');

    suite.sim.admin.clearFaults();
    await syncNow(page);
    await waitForState(page, edited, 'synced');
    expect(suite.sim.admin.getExpense(remoteId)?.notes).toBe(edited);
    await expenseRow(page, edited).click();
    await expect.poll(() => history.locator('[data-step=sent], [data-step=queued]').count()).toBe(0);
  });

  it('shows a conflict with both versions and restores the overwritten one with one action', async () => {
    const { page, notes, remoteId } = await connectedWithSyncedExpense('Conflict');
    const mine = `${notes} (mine)`;
    const theirs = `${notes} (theirs)`;
    // Edited here while Kantata cannot be reached, so the edit waits in the outbox.
    suite.sim.admin.injectFault({ kind: 'drop-before', pathPattern: '^/expenses' });
    await editNotes(page, notes, mine);
    // Someone else edits the same field in Kantata a moment later: the later change wins.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await expect.poll(() => page.getByTestId('sync-now').isEnabled(), { timeout: 20_000 }).toBe(true);
    expect(await stateOf(page, mine)).toBe('pending');
    suite.sim.admin.clearFaults();
    const colleague = suite.sim.admin.state().users.find((u) => u.full_name === 'Priya Shah')!;
    suite.sim.admin.actAs(colleague.id).updateExpense(remoteId, { notes: theirs });

    await syncNow(page);
    await waitForState(page, theirs, 'conflict');
    await expect.poll(() => page.getByTestId('sync-conflicts').textContent()).toContain('1 conflict');

    await goTo(page, 'Conflicts');
    const entry = page.getByTestId('conflict-entry').filter({ hasText: theirs });
    await entry.waitFor();
    const notesRow = entry.locator('tr[data-field=notes]');
    expect(await notesRow.locator('[data-side=local]').textContent()).toBe(mine);
    expect(await notesRow.locator('[data-side=server]').textContent()).toBe(theirs);

    await entry.getByTestId('restore-local').click();
    await goTo(page, 'Expenses');
    await syncNow(page);
    await waitForState(page, mine, 'synced');
    expect(suite.sim.admin.getExpense(remoteId)?.notes).toBe(mine);
    expect(serverExpensesWithNotes(mine)).toHaveLength(1);
  });

  it("marks only the refused expense with the server's message while the others sync", async () => {
    const page = await openMainWindow();
    await connectThroughUi(page, suite.sim.baseUrl, suite.sim.token);
    const category = suite.sim.admin.addCategory(`Short-lived ${suite.nextId()}`);
    await syncNow(page); // the new category reaches the pickers
    await expect.poll(() => page.getByTestId('sync-now').isEnabled()).toBe(true);
    // Gone in Kantata, still in this computer's pickers: whenever the expense is sent, it is refused.
    suite.sim.admin.deleteCategory(category.id);
    const good = suite.note('Accepted');
    const bad = suite.note('Refused');
    await createExpenseThroughForm(page, { project: suite.usd().title, date: '2026-03-14', category: 'Travel', amount: '5.00', notes: good });
    await createExpenseThroughForm(page, { project: suite.usd().title, date: '2026-03-14', category: category.name, amount: '6.00', notes: bad });

    await syncNow(page);
    await waitForState(page, good, 'synced');
    await waitForState(page, bad, 'error');
    await search(page, bad);
    expect(await expenseRow(page, bad).textContent()).toContain('Expense category does not exist or is inactive');
    expect(serverExpensesWithNotes(good)).toHaveLength(1);
    expect(serverExpensesWithNotes(bad)).toHaveLength(0);
  });

  it('pauses on a 401, keeps the queue, and sends it after reconnecting', async () => {
    const page = await openMainWindow();
    const token = `e2e-token-${suite.nextId()}`;
    suite.sim.admin.addToken(suite.sim.userId, token);
    await connectThroughUi(page, suite.sim.baseUrl, token);
    await syncNow(page);
    await expect.poll(() => page.getByTestId('sync-now').isEnabled()).toBe(true);

    suite.sim.admin.revokeToken(token);
    const notes = suite.note('Waits for reconnect');
    await createExpenseThroughForm(page, { project: suite.usd().title, date: '2026-03-14', category: 'Travel', amount: '7.00', notes });
    // The local write starts a round by itself (main's scheduler); clicking Sync now here would race
    // that round's 401, after which the button rightly gives way to Reconnect.
    await expect.poll(() => page.getByTestId('sync-headline').textContent(), { timeout: 20_000 }).toContain('reconnect');
    expect(await stateOf(page, notes)).toBe('pending');
    expect((await readOutbox(page)).length).toBeGreaterThan(0);

    await goTo(page, 'Account');
    await page.getByTestId('reconnect-prompt').waitFor();
    const fresh = `e2e-token-${suite.nextId()}`;
    suite.sim.admin.addToken(suite.sim.userId, fresh);
    await page.getByTestId('account-token').fill(fresh);
    await page.getByTestId('account-connect').click();
    await page.getByTestId('reconnect-prompt').waitFor({ state: 'detached' });
    await goTo(page, 'Expenses');
    await waitForState(page, notes, 'synced');
    expect(serverExpensesWithNotes(notes)).toHaveLength(1);
  });

  it('removes an expense deleted in Kantata', async () => {
    const { page, notes, remoteId } = await connectedWithSyncedExpense('Deleted remotely');
    const colleague = suite.sim.admin.state().users.find((u) => u.full_name === 'Priya Shah')!;
    suite.sim.admin.actAs(colleague.id).deleteExpense(remoteId);
    await syncNow(page);
    await search(page, notes);
    await expect.poll(async () => expenseRow(page, notes).count(), { timeout: 20_000 }).toBe(0);
    expect((await readExpenses(page)).some((e) => e.remoteId === remoteId)).toBe(false);
  });

  it('syncs a local write by itself, and a round main asks for (tray, timer) without Sync now', async () => {
    const { page, remoteId } = await connectedWithSyncedExpense('Automatic');
    const notes = suite.note('Saved and forgotten');
    await createExpenseThroughForm(page, { project: suite.usd().title, date: '2026-03-14', category: 'Travel', amount: '3.00', notes });
    await waitForState(page, notes, 'synced');
    expect(serverExpensesWithNotes(notes)).toHaveLength(1);

    const colleague = suite.sim.admin.state().users.find((u) => u.full_name === 'Priya Shah')!;
    const changed = suite.note('Changed in Kantata');
    suite.sim.admin.actAs(colleague.id).updateExpense(remoteId, { notes: changed });
    suite.harness.sync.scheduler.trigger('timer');
    await waitForState(page, changed, 'synced');
  });

  it("the tray's and the menu's Sync now run a full round, reference data included", async () => {
    const { page } = await connectedWithSyncedExpense('Tray sync');
    const project = suite.sim.admin.addWorkspace({ title: suite.note('Project added in Kantata'), currency: 'EUR' });
    const workspaceIds = async (): Promise<string[]> => (await readRows<{ id: string }>(page, 'workspaces')).map((w) => w.id);
    // What the shell does for the tray's and the app menu's "Sync now" (desktop-integration.ts).
    suite.harness.sync.scheduler.trigger('sync-now');
    await expect.poll(workspaceIds, { timeout: 15_000 }).toContain(project.id);
  });

  it('survives the window dying mid-round: the replayed round creates nothing twice', async () => {
    const page = await openMainWindow();
    await connectThroughUi(page, suite.sim.baseUrl, suite.sim.token);
    await syncNow(page);
    await expect.poll(() => page.getByTestId('sync-now').isEnabled()).toBe(true);
    // The create reaches the server slowly; the window reloads while main waits for the answer.
    suite.sim.admin.injectFault({ kind: 'latency', ms: 1_500, method: 'POST', pathPattern: '^/expenses$', times: 1 });
    const before = suite.sim.admin.requestLog().length;
    const notes = suite.note('Crash in flight');
    await createExpenseThroughForm(page, { project: suite.usd().title, date: '2026-03-14', category: 'Travel', amount: '9.00', notes });
    await syncNow(page);
    await expect
      .poll(() => suite.sim.admin.requestLog().slice(before).some((r) => r.method === 'POST' && r.path === '/expenses'), { timeout: 10_000 })
      .toBe(true);
    // The server has the create, the window has not heard back: the outbox row is still there, marked as sent.
    expect(await readOutbox(page)).toEqual([expect.objectContaining({ kind: 'create', attempts: 1 })]);
    await page.reload();
    await waitForList(page);

    await waitForState(page, notes, 'synced');
    expect(serverExpensesWithNotes(notes)).toHaveLength(1);
    expect(await readOutbox(page)).toHaveLength(0);
    // The lost answer was made good by finding the record again through its client id, never by a second POST.
    const posts = suite.sim.admin.requestLog().slice(before).filter((r) => r.method === 'POST' && r.path === '/expenses');
    expect(posts).toHaveLength(1);
    const [server] = serverExpensesWithNotes(notes);
    expect((await readExpenses(page)).find((e) => e.notes === notes)?.remoteId).toBe(server!.id);
  });

  it('disconnects keeping unsynced entries queued, or discarding them, as the user chooses', async () => {
    const { page, notes: synced } = await connectedWithSyncedExpense('Before disconnect');
    suite.sim.admin.injectFault({ kind: 'drop-before', pathPattern: '^/expenses' });
    const kept = suite.note('Kept in the queue');
    await createExpenseThroughForm(page, { project: suite.usd().title, date: '2026-03-14', category: 'Travel', amount: '4.00', notes: kept });

    await goTo(page, 'Account');
    await page.getByTestId('account-disconnect').click();
    await page.getByTestId('disconnect-unsynced').waitFor();
    await page.getByTestId('disconnect-keep').click();
    await page.getByTestId('account-notice').waitFor();
    expect(await page.getByTestId('account-who').count()).toBe(0);
    expect(await stateOf(page, kept)).toBe('pending');
    expect(await stateOf(page, synced)).toBe('synced');

    suite.sim.admin.clearFaults();
    await connectThroughUi(page, suite.sim.baseUrl, suite.sim.token);
    await waitForState(page, kept, 'synced');
    expect(serverExpensesWithNotes(kept)).toHaveLength(1);

    // Now discard: a new entry that never reached Kantata goes, the synced ones stay.
    suite.sim.admin.injectFault({ kind: 'drop-before', pathPattern: '^/expenses' });
    const dropped = suite.note('Discarded');
    await createExpenseThroughForm(page, { project: suite.usd().title, date: '2026-03-14', category: 'Travel', amount: '5.00', notes: dropped });
    await goTo(page, 'Account');
    await page.getByTestId('account-disconnect').click();
    await page.getByTestId('disconnect-discard').click();
    await page.getByTestId('account-notice').waitFor();
    await search(page, dropped);
    await expect.poll(async () => expenseRow(page, dropped).count()).toBe(0);
    expect(await stateOf(page, kept)).toBe('synced');
    expect(await readOutbox(page)).toHaveLength(0);
    suite.sim.admin.clearFaults();
    expect(serverExpensesWithNotes(dropped)).toHaveLength(0);
  });

  it('delivers an expense typed into the quick-add window; only the main window runs rounds', async () => {
    const senders: string[] = [];
    const real = suite.harness.core.syncRound;
    suite.harness.core.syncRound = (request, context) => {
      senders.push(context.senderUrl);
      return real(request, context);
    };
    try {
      const page = await openMainWindow();
      await connectThroughUi(page, suite.sim.baseUrl, suite.sim.token);
      const quick = await suite.harness.openQuickAdd();
      suite.pages.push(quick);
      const form = quick.getByTestId('quick-add');
      await form.waitFor();
      await expect.poll(() => form.locator('select[name=workspaceId] option').count()).toBeGreaterThan(1);
      const notes = suite.note('Typed in quick add');
      await form.locator('input[name=amount]').fill('8.20');
      const project = form.locator('select[name=workspaceId]');
      const label = await project.locator('option', { hasText: suite.usd().title }).first().textContent();
      await project.selectOption({ label: label ?? suite.usd().title });
      await form.locator('select[name=categoryId]').selectOption({ label: 'Travel' });
      await form.locator('input[name=notes]').fill(notes);
      await form.locator('input[name=notes]').press('Enter');
      await form.getByTestId('quick-add-saved').waitFor();

      await waitForState(page, notes, 'synced');
      expect(serverExpensesWithNotes(notes)).toHaveLength(1);
      expect(senders.length).toBeGreaterThan(0);
      expect(senders.filter((url) => url.includes('#/quick-add'))).toEqual([]);
    } finally {
      suite.harness.core.syncRound = real;
    }
  });
});
