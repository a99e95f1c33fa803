/**
 * Reference data (projects, categories, vendors, budgets, tasks) read from the simulator's API
 * exactly as the app downloads it, shaped as the renderer's Dexie rows. Tests that run before an
 * account is connected seed these straight into IndexedDB (issue 2: "tests seed reference data").
 */
import type { ApiEnvelope, ApiExpenseBudget, ApiExpenseCategory, ApiStory, ApiVendor, ApiWorkspace } from '@shared/kantata/wire';

export interface ReferenceRows {
  workspaces: Array<ApiWorkspace & { fetchedAt: number }>;
  categories: Array<ApiExpenseCategory & { fetchedAt: number }>;
  vendors: Array<ApiVendor & { fetchedAt: number }>;
  expenseBudgets: Array<ApiExpenseBudget & { fetchedAt: number }>;
  stories: Array<ApiStory & { fetchedAt: number }>;
}

async function fetchAll<T>(baseUrl: string, token: string, path: string, key: string): Promise<T[]> {
  const records: T[] = [];
  for (let page = 1; ; page++) {
    const url = new URL(`${baseUrl}/${path}`);
    url.searchParams.set('per_page', '200');
    url.searchParams.set('page', String(page));
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`GET ${url.pathname}: ${response.status} ${await response.text()}`);
    const envelope = (await response.json()) as ApiEnvelope;
    const byId = (envelope[key] ?? {}) as Record<string, T>;
    for (const result of envelope.results) {
      const record = result.key === key ? byId[result.id] : undefined;
      if (record) records.push(record);
    }
    if (page >= envelope.meta.page_count) return records;
  }
}

export async function fetchReferenceRows(sim: { baseUrl: string; token: string }, fetchedAt = Date.now()): Promise<ReferenceRows> {
  const get = <T>(path: string, key: string): Promise<T[]> => fetchAll<T>(sim.baseUrl, sim.token, path, key);
  const stamp = <T>(rows: T[]): Array<T & { fetchedAt: number }> => rows.map((row) => ({ ...row, fetchedAt }));
  const workspaces = await get<ApiWorkspace>('workspaces?can_create_line_items=true', 'workspaces');
  const stories: ApiStory[] = [];
  for (const workspace of workspaces) {
    stories.push(...(await get<ApiStory>(`stories?workspace_id=${workspace.id}`, 'stories')));
  }
  return {
    workspaces: stamp(workspaces),
    categories: stamp(await get<ApiExpenseCategory>('expense_categories', 'expense_categories')),
    vendors: stamp(await get<ApiVendor>('vendors', 'vendors')),
    expenseBudgets: stamp(await get<ApiExpenseBudget>('expense_budgets', 'expense_budgets')),
    stories: stamp(stories),
  };
}
