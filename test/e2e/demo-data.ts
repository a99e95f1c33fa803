/**
 * Believable local data for the screenshot and demos: the simulator's demo expenses as the app
 * stores them after a sync (synced, or locked when submitted/approved/invoiced), plus a few
 * entries recorded offline and not yet delivered, one the server refused and one with a conflict.
 */
import { randomUUID } from 'node:crypto';
import type { ApiEnvelope, ApiExpense } from '@shared/kantata/wire';
import { newLocalExpense, type LocalExpense, type OutboxEntry } from '@shared/model/expense';
import { localFromApi } from '@shared/kantata/mapping';
import type { ConflictRow } from '@renderer/db/schema';
import type { ReferenceRows } from '../support/node/reference-data';

export async function fetchServerExpenses(sim: { baseUrl: string; token: string }): Promise<ApiExpense[]> {
  const url = `${sim.baseUrl}/expenses?per_page=200&optional_fields=user_can_edit&from_archived_workspaces=true`;
  const response = await fetch(url, { headers: { authorization: `Bearer ${sim.token}` } });
  if (!response.ok) throw new Error(`GET /expenses: ${response.status}`);
  const envelope = (await response.json()) as ApiEnvelope;
  const byId = envelope.expenses as Record<string, ApiExpense>;
  return envelope.results.map((result) => byId[result.id]!).filter(Boolean);
}

/** `today` as YYYY-MM-DD minus `days`. */
const daysBefore = (today: string, days: number): string =>
  new Date(Date.parse(`${today}T12:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

export function demoLocalRows(
  server: readonly ApiExpense[],
  reference: ReferenceRows,
  today: string,
): { expenses: LocalExpense[]; outbox: OutboxEntry[]; conflicts: ConflictRow[] } {
  const expenses = server.map((api) => localFromApi(api, null, randomUUID()));
  const outbox: OutboxEntry[] = [];
  const workspace = (index: number) => reference.workspaces[index % reference.workspaces.length]!;
  const category = (name: string) => reference.categories.find((c) => c.name === name) ?? reference.categories[0]!;
  const vendor = (name: string) => reference.vendors.find((v) => v.name === name)?.id ?? null;

  const offline = (
    days: number,
    ws: number,
    categoryName: string,
    amountCents: number,
    notes: string,
    vendorName: string | null,
  ): LocalExpense => {
    const at = Date.parse(`${daysBefore(today, days)}T17:30:00Z`);
    const cat = category(categoryName);
    return newLocalExpense(
      {
        workspaceId: workspace(ws).id,
        date: daysBefore(today, days),
        categoryId: cat.id,
        category: cat.name,
        amountCents,
        currency: workspace(ws).currency,
        foreignAmount: null,
        notes,
        billable: true,
        reimbursable: true,
        vendorId: vendorName ? vendor(vendorName) : null,
        storyId: null,
        expenseBudgetId: null,
        receiptId: null,
      },
      { now: at },
    );
  };

  const pending = [
    offline(0, 0, 'Travel', 4_850, 'Taxi from the airport to the client office', null),
    offline(0, 1, 'Food', 2_340, 'Working lunch with the project team', null),
    offline(1, 2, 'Lodging', 31_900, 'Hotel, two nights near the client site', 'Hilton'),
  ];
  for (const row of pending) outbox.push({ expenseId: row.id, kind: 'create', at: row.updatedAt });

  const refused = offline(2, 0, 'Entertainment', 128_000, 'Client dinner after the go-live', null);
  refused.syncState = 'error';
  refused.syncMessage = 'Amount exceeds the project expense limit; split the receipt or ask your project lead.';

  // A colleague corrected the amount in Kantata after the user had changed it offline: the later
  // change (theirs) won; the user's amount is kept in the conflict log, one click from restoring.
  const conflicts: ConflictRow[] = [];
  const conflicted = expenses.filter((row) => row.syncState === 'synced')[1];
  if (conflicted?.base) {
    const server = conflicted.base;
    const mine = server.amount_in_cents + 1_500;
    const decidedAt = new Date(Date.parse(`${today}T09:12:00Z`));
    conflicted.syncState = 'conflict';
    conflicted.syncMessage = 'Changed in Kantata after your edit: the newer amount was kept.';
    conflicts.push({
      id: `demo-round:${conflicted.id}`,
      roundId: 'demo-round',
      expenseId: conflicted.id,
      remoteId: conflicted.remoteId,
      kind: 'merge',
      winner: 'server',
      decidedAt: decidedAt.toISOString(),
      message: 'The amount was changed in Kantata after your edit; the newer change was kept.',
      fields: [
        { field: 'amountCents', base: server.amount_in_cents - 250, local: mine, server: server.amount_in_cents, winner: 'server', reason: 'server-newer' },
      ],
      local: { amountCents: mine },
      localEditedAt: decidedAt.getTime() - 3_600_000,
      server,
      overwrote: true,
      at: decidedAt.getTime(),
      resolvedAt: null,
    });
  }
  return { expenses: [...pending, refused, ...expenses], outbox, conflicts };
}
