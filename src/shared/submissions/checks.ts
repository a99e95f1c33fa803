/**
 * What stops a set of expenses from going into one expense report, checked before the report is
 * queued (Kantata would refuse most of these, but only once the user is online, and some never
 * reach it: a refused or conflicting expense would go in with values the user has not settled).
 * Plain queued creates and edits do not stop it: they are sent first, in the same round.
 */
import type { LocalExpense, OutboxEntry } from '../model/expense';

export type SubmitBlockerReason =
  | 'nothing-selected'
  | 'several-projects'
  | 'project-not-allowed'
  | 'deleted'
  | 'unconfirmed-edit'
  | 'refused'
  | 'conflict'
  | 'already-submitted';

export interface SubmitBlocker {
  reason: SubmitBlockerReason;
  /** The expenses it concerns (empty for the selection as a whole). */
  expenseIds: string[];
  /** For several-projects: how many. */
  count?: number;
}

export interface SubmitCheckInput {
  expenses: readonly LocalExpense[];
  /** The queued outbox rows of those expenses. */
  outbox: readonly OutboxEntry[];
  /** Expenses an open report (queued, pending or approved) holds. */
  held: ReadonlySet<string>;
  /**
   * The project as stored locally; null when the projects are downloaded and it is not among them
   * (the download keeps only the projects that take expenses); undefined when no project data is
   * stored yet (Kantata decides).
   */
  project: { archived: boolean; can_create_line_items: boolean } | null | undefined;
}

export function checkSubmission(input: SubmitCheckInput): SubmitBlocker[] {
  const { expenses } = input;
  if (expenses.length === 0) return [{ reason: 'nothing-selected', expenseIds: [] }];
  const out: SubmitBlocker[] = [];
  const projects = new Set(expenses.map((e) => e.workspaceId));
  if (projects.size > 1) out.push({ reason: 'several-projects', expenseIds: [], count: projects.size });
  else if (input.project === null || (input.project && (input.project.archived || !input.project.can_create_line_items))) {
    out.push({ reason: 'project-not-allowed', expenseIds: [] });
  }
  const queued = new Set(input.outbox.map((e) => e.expenseId));
  const by = (reason: SubmitBlockerReason, test: (e: LocalExpense) => boolean): void => {
    const ids = expenses.filter(test).map((e) => e.id);
    if (ids.length > 0) out.push({ reason, expenseIds: ids });
  };
  by('deleted', (e) => e.deleted);
  by('already-submitted', (e) => !e.deleted && (input.held.has(e.id) || !e.userCanEdit || e.syncState === 'locked'));
  by('refused', (e) => e.syncState === 'error');
  by('conflict', (e) => e.syncState === 'conflict');
  // A change that failed or is in doubt: its values are not settled with Kantata.
  by('unconfirmed-edit', (e) => !e.deleted && queued.has(e.id) && e.syncState === 'pending' && e.syncMessage !== null);
  return out;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A report title from the project and the expenses' dates (YYYY-MM-DD): "Berlin, 3-7 Nov",
 * "Berlin, 28 Oct-3 Nov", "Berlin, 3 Nov"; the year is named when it is not `currentYear` or the
 * range spans two.
 */
export function defaultReportTitle(project: string, dates: readonly string[], currentYear: number): string {
  const sorted = [...dates].filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)).sort();
  if (sorted.length === 0) return project;
  const parts = (d: string): { y: number; m: string; day: number } => ({ y: Number(d.slice(0, 4)), m: MONTHS[Number(d.slice(5, 7)) - 1] ?? '', day: Number(d.slice(8, 10)) });
  const a = parts(sorted[0]!);
  const b = parts(sorted.at(-1)!);
  const sameYear = a.y === b.y;
  const year = (p: { y: number }): string => (!sameYear || p.y !== currentYear ? ` ${p.y}` : '');
  let range: string;
  if (sorted[0] === sorted.at(-1)) range = `${a.day} ${a.m}${year(a)}`;
  else if (sameYear && a.m === b.m) range = `${a.day}-${b.day} ${b.m}${year(b)}`;
  else range = `${a.day} ${a.m}${sameYear ? '' : ` ${a.y}`}-${b.day} ${b.m}${year(b)}`;
  return `${project}, ${range}`;
}
