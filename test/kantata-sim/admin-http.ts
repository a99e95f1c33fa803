import type { ApiResponse } from './context';
import { SimAdminError, type LockKind, type SeedName, type SimAdmin, type WorkspaceSeed } from './admin';
import type { ExpenseInput } from './expenses';
import type { FaultSpec } from './faults';

/**
 * The admin interface over HTTP under /__sim (JSON, no auth, loopback only), for the e2e harness
 * and the benchmark that run the simulator in another process. README.md lists the routes.
 */
export interface AdminHttpHandler {
  handle(method: string, path: string, query: URLSearchParams, body: unknown): Promise<ApiResponse>;
}

type Json = Record<string, unknown>;

function ok(body: unknown, status = 200): ApiResponse {
  return { status, body };
}

export function createAdminHttp(admin: SimAdmin, currentToken: () => string): AdminHttpHandler {
  const routes: Array<[string, RegExp, (m: RegExpExecArray, body: Json, query: URLSearchParams) => ApiResponse]> = [
    ['GET', /^\/state$/, () => ok(admin.state())],
    ['POST', /^\/reset$/, (_m, b) => {
      admin.reset((b.seed as SeedName | undefined) ?? 'demo', (b.token as string | undefined) ?? currentToken());
      return ok({ demoUserId: admin.demoUserId });
    }],
    ['GET', /^\/demo-user$/, () => ok({ userId: admin.demoUserId, token: currentToken() })],
    ['POST', /^\/users$/, (_m, b) => ok(admin.addUser(String(b.name), { token: b.token as string | undefined, email: b.email as string | undefined }))],
    ['POST', /^\/tokens\/revoke$/, (_m, b) => {
      admin.revokeToken(String(b.token));
      return ok({});
    }],
    ['POST', /^\/workspaces$/, (_m, b) => ok(admin.addWorkspace(b as unknown as WorkspaceSeed))],
    ['PATCH', /^\/workspaces\/(\d+)$/, (m, b) => ok(admin.updateWorkspace(m[1]!, b as Partial<WorkspaceSeed>))],
    ['POST', /^\/categories$/, (_m, b) => ok(admin.addCategory(String(b.name), { deleted: b.deleted === true }))],
    ['DELETE', /^\/categories\/(\d+)$/, (m) => {
      admin.deleteCategory(m[1]!);
      return ok({});
    }],
    ['POST', /^\/vendors$/, (_m, b) => ok(admin.addVendor(String(b.name), { archived: b.archived === true }))],
    ['POST', /^\/budgets$/, (_m, b) => ok(admin.addBudget({ workspaceId: String(b.workspaceId), title: String(b.title) }))],
    ['POST', /^\/stories$/, (_m, b) => ok(admin.addStory({
      workspaceId: String(b.workspaceId), title: String(b.title), storyType: b.storyType as string | undefined,
    }))],
    ['GET', /^\/expenses$/, (_m, _b, q) => ok(admin.listExpenses({ userId: q.get('userId') ?? undefined }))],
    ['GET', /^\/expenses\/(\d+)$/, (m) => {
      const e = admin.getExpense(m[1]!);
      return e ? ok(e) : ok({ error: `No expense ${m[1]}` }, 404);
    }],
    ['POST', /^\/expenses$/, (_m, b) => {
      const { asUserId, ...fields } = b;
      return ok(admin.actAs(String(asUserId ?? admin.demoUserId)).createExpense(fields as ExpenseInput));
    }],
    ['PUT', /^\/expenses\/(\d+)$/, (m, b) => {
      const { asUserId, ...fields } = b;
      return ok(admin.actAs(String(asUserId ?? admin.demoUserId)).updateExpense(m[1]!, fields as ExpenseInput));
    }],
    ['DELETE', /^\/expenses\/(\d+)$/, (m) => {
      admin.actAs(admin.demoUserId).deleteExpense(m[1]!);
      return ok({});
    }],
    ['POST', /^\/expenses\/(\d+)\/lock$/, (m, b) => ok(admin.lockExpense(m[1]!, (b.how as LockKind | undefined) ?? 'submit'))],
    ['POST', /^\/expenses\/(\d+)\/unlock$/, (m) => ok(admin.unlockExpense(m[1]!))],
    ['GET', /^\/submissions$/, () => ok(admin.listSubmissions())],
    ['POST', /^\/submissions\/(\d+)\/(approve|reject|cancel)$/, (m, b) => {
      const type = ({ approve: 'approval', reject: 'rejection', cancel: 'cancellation' } as const)[m[2] as 'approve' | 'reject' | 'cancel'];
      return ok(admin.actAs(String(b.asUserId)).resolveSubmission(m[1]!, type, typeof b.description === 'string' ? b.description : undefined));
    }],
    ['GET', /^\/attachments$/, () => ok(admin.listAttachments())],
    ['GET', /^\/attachments\/(\d+)\/data$/, (m) => {
      const data = admin.attachmentData(m[1]!);
      return data ? { status: 200, body: data } : ok({ error: `No attachment ${m[1]}` }, 404);
    }],
    ['GET', /^\/external_references$/, () => ok(admin.listExternalReferences())],
    ['GET', /^\/requests$/, () => ok(admin.requestLog())],
    ['GET', /^\/requests\/undocumented-params$/, () => ok(admin.undocumentedParamUses())],
    ['DELETE', /^\/requests$/, () => {
      admin.clearRequestLog();
      return ok({});
    }],
    ['GET', /^\/clock$/, () => ok({ offsetMs: admin.clockOffset(), now: new Date(admin.now()).toISOString() })],
    ['POST', /^\/clock$/, (_m, b) => {
      admin.setClock(Number(b.offsetMs ?? 0));
      return ok({ offsetMs: admin.clockOffset(), now: new Date(admin.now()).toISOString() });
    }],
    ['GET', /^\/faults$/, () => ok(admin.listFaults())],
    ['POST', /^\/faults$/, (_m, b) => ok(admin.injectFault(b as unknown as FaultSpec))],
    ['DELETE', /^\/faults$/, () => {
      admin.clearFaults();
      return ok({});
    }],
    ['POST', /^\/faults\/seed$/, (_m, b) => {
      admin.seedFaults(Number(b.seed ?? 1));
      return ok({});
    }],
    ['POST', /^\/rate-limit$/, (_m, b) => {
      admin.setRateLimit((b.perMinute as number | null | undefined) ?? null, (b.retryAfter as number | null | undefined) ?? null);
      return ok({});
    }],
    ['GET', /^\/options$/, () => ok(admin.options())],
    ['POST', /^\/options$/, (_m, b) => {
      admin.setOptions(b);
      return ok(admin.options());
    }],
  ];

  return {
    async handle(method, path, query, body) {
      const json = (typeof body === 'object' && body !== null ? body : {}) as Json;
      for (const [m, re, fn] of routes) {
        if (m !== method) continue;
        const match = re.exec(path);
        if (!match) continue;
        try {
          return fn(match, json, query);
        } catch (error) {
          if (error instanceof SimAdminError) return ok({ error: error.message, errors: error.errors }, error.errors.length ? 422 : 404);
          return ok({ error: (error as Error).message }, 400);
        }
      }
      return ok({ error: `No admin route ${method} /__sim${path}` }, 404);
    },
  };
}
