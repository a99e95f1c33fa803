/**
 * How a contract call's outcome travels from main to the renderer.
 *
 * Main never lets a handler throw across IPC: Electron would log it and flatten the error into
 * "Error invoking remote method ...". Instead every call resolves to an `IpcResult`; the preload
 * (and the e2e harness) unwrap it, so the renderer sees either the value or a `ContractError`
 * with a code it can act on. An Error crossing the contextBridge keeps only its message, so the
 * code is also written into the message and `contractErrorOf` reads it back from there.
 */
import type { ContractErrorCode } from './contract';

export interface ContractErrorInfo {
  code: ContractErrorCode;
  message: string;
}

export type IpcResult<T = unknown> = { ok: true; value: T } | { ok: false; error: ContractErrorInfo };

const CODES: readonly ContractErrorCode[] = ['invalid-request', 'forbidden-sender', 'handler-failed', 'unknown-call'];
const MESSAGE_PATTERN = /courier\[([a-z-]+)\]: ([\s\S]*)$/;

export class ContractError extends Error {
  readonly code: ContractErrorCode;
  /** The message without the code prefix, for showing to the user. */
  readonly detail: string;

  constructor(code: ContractErrorCode, detail: string) {
    super(`courier[${code}]: ${detail}`);
    this.name = 'ContractError';
    this.code = code;
    this.detail = detail;
  }
}

export const ok = <T>(value: T): IpcResult<T> => ({ ok: true, value });
export const fail = (code: ContractErrorCode, message: string): IpcResult<never> => ({
  ok: false,
  error: { code, message },
});

/** True for anything shaped like an `IpcResult` (what main sends back for every call). */
export function isIpcResult(value: unknown): value is IpcResult {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  const candidate = value as { ok: unknown; error?: unknown };
  if (candidate.ok === true) return 'value' in candidate;
  if (candidate.ok !== false || typeof candidate.error !== 'object' || candidate.error === null) return false;
  const error = candidate.error as { code?: unknown; message?: unknown };
  return CODES.includes(error.code as ContractErrorCode) && typeof error.message === 'string';
}

/** The value of a successful call; throws `ContractError` for a failed one or a malformed reply. */
export function unwrapIpcResult<T>(result: unknown): T {
  if (!isIpcResult(result)) throw new ContractError('handler-failed', 'main sent a reply that is not a contract result');
  if (result.ok) return result.value as T;
  throw new ContractError(result.error.code, result.error.message);
}

/**
 * The contract error carried by anything a `window.courier` call rejected with: a `ContractError`
 * itself, or the plain Error the contextBridge hands the renderer (message only). Undefined for
 * errors that did not come from the contract.
 */
export function contractErrorOf(error: unknown): ContractErrorInfo | undefined {
  if (error instanceof ContractError) return { code: error.code, message: error.detail };
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : undefined;
  if (message === undefined) return undefined;
  const match = MESSAGE_PATTERN.exec(message);
  if (!match || !CODES.includes(match[1] as ContractErrorCode)) return undefined;
  return { code: match[1] as ContractErrorCode, message: match[2] ?? '' };
}
