import { z } from 'zod';
import { INVOKE_NAMES, invokes, type InvokeName } from '@shared/contract';
import { fail, ok, type IpcResult } from '@shared/ipc-result';
import type { CoreHandlers } from './handlers';
import { isTrustedSender, type SenderFrameLike } from './sender-policy';

export interface DispatchOptions {
  /** `scheme://host[:port]` values whose top-level frames may call (see core/desktop/renderer-source). */
  trustedOrigins: readonly string[];
  /** Told about every refused or failed call, for the main-process log. */
  onError?: (name: string, error: { code: string; message: string }) => void;
}

/** Runs one contract call end to end; always resolves, never throws. */
export type InvokeDispatcher = (name: string, payload: unknown, sender: SenderFrameLike | null) => Promise<IpcResult>;

const isInvokeName = (name: string): name is InvokeName => (INVOKE_NAMES as readonly string[]).includes(name);

function describeError(error: unknown): string {
  if (error instanceof z.ZodError) return z.prettifyError(error);
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * The checks every call passes, in this order: the sender is one of our frames, the call
 * exists, the request matches its schema, the handler succeeds, and its answer matches the
 * response schema. Any failure becomes a structured error result instead of an exception.
 */
export function createInvokeDispatcher(handlers: CoreHandlers, options: DispatchOptions): InvokeDispatcher {
  const refuse = (name: string, result: IpcResult<never>): IpcResult<never> => {
    if (!result.ok) options.onError?.(name, result.error);
    return result;
  };

  return async (name, payload, sender) => {
    if (!isTrustedSender(sender, options.trustedOrigins)) {
      return refuse(name, fail('forbidden-sender', `"${name}" refused: the calling frame is not part of this app`));
    }
    if (!isInvokeName(name)) return refuse(name, fail('unknown-call', `"${name}" is not a call in the contract`));

    const spec = invokes[name];
    const request = spec.request.safeParse(payload);
    if (!request.success) {
      return refuse(name, fail('invalid-request', `"${name}" request is invalid: ${describeError(request.error)}`));
    }

    let answer: unknown;
    try {
      const handler = handlers[name] as (request: unknown, context: { senderUrl: string }) => Promise<unknown>;
      answer = await handler(request.data, { senderUrl: sender!.url });
    } catch (error) {
      return refuse(name, fail('handler-failed', `"${name}" failed: ${describeError(error)}`));
    }

    const response = spec.response.safeParse(answer);
    if (!response.success) {
      return refuse(
        name,
        fail('handler-failed', `"${name}" produced an answer outside the contract: ${describeError(response.error)}`),
      );
    }
    return ok(response.data);
  };
}
