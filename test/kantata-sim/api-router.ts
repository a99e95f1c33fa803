import {
  bulkDeleteExpenses, createExpenses, deleteExpense, listExpenses, showExpense, updateExpense,
} from './api-expenses';
import { createAttachment, deleteAttachment, syncAttachment } from './api-attachments';
import {
  listBudgets, listCategories, listExternalReferences, listStories, listVendors,
  listWorkspaces, showMe, showWorkspace,
} from './api-pickers';
import {
  approveSubmission, cancelSubmission, createSubmission, listSubmissions, rejectSubmission, showSubmission,
} from './api-submissions';
import { systemError, type ApiRequest, type ApiResponse, type SimContext } from './context';

type Handler = (ctx: SimContext, req: ApiRequest, id: string) => ApiResponse | Promise<ApiResponse>;

/** Routes by method and path segments (after /api/v1, without .json). ':id' matches one segment. */
const ROUTES: Array<[string, string, Handler]> = [
  ['GET', 'expenses', listExpenses],
  ['POST', 'expenses', createExpenses],
  ['DELETE', 'expenses', bulkDeleteExpenses],
  ['GET', 'expenses/:id', showExpense],
  ['PUT', 'expenses/:id', updateExpense],
  ['PATCH', 'expenses/:id', updateExpense],
  ['DELETE', 'expenses/:id', deleteExpense],
  ['GET', 'external_references', listExternalReferences],
  ['POST', 'attachments', createAttachment],
  ['DELETE', 'attachments/:id', deleteAttachment],
  ['PUT', 'attachments/:id/sync', syncAttachment],
  ['GET', 'workspaces', listWorkspaces],
  ['GET', 'workspaces/:id', showWorkspace],
  ['GET', 'expense_categories', listCategories],
  ['GET', 'vendors', listVendors],
  ['GET', 'expense_budgets', listBudgets],
  ['GET', 'stories', listStories],
  ['GET', 'users/me', showMe],
  ['GET', 'expense_report_submissions', listSubmissions],
  ['POST', 'expense_report_submissions', createSubmission],
  ['GET', 'expense_report_submissions/:id', showSubmission],
  ['PUT', 'expense_report_submissions/:id/approve', approveSubmission],
  ['PUT', 'expense_report_submissions/:id/reject', rejectSubmission],
  ['PUT', 'expense_report_submissions/:id/cancel', cancelSubmission],
];

export function routeApi(ctx: SimContext, req: ApiRequest): ApiResponse | Promise<ApiResponse> {
  if (req.method !== 'GET') ctx.store.touch();
  for (const [method, pattern, handler] of ROUTES) {
    if (method !== req.method) continue;
    const parts = pattern.split('/');
    if (parts.length !== req.segments.length) continue;
    let id = '';
    const ok = parts.every((p, i) => {
      if (p === ':id') {
        id = req.segments[i]!;
        return true;
      }
      return p === req.segments[i];
    });
    if (ok) return handler(ctx, req, id);
  }
  return systemError(404, `No route matches ${req.method} /api/v1${req.path}`);
}
