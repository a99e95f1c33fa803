import { describe, expect, it } from 'vitest';
import { ContractError, contractErrorOf, fail, isIpcResult, ok, unwrapIpcResult } from '@shared/ipc-result';

describe('IpcResult', () => {
  it('unwraps a success to its value', () => {
    expect(unwrapIpcResult(ok({ a: 1 }))).toEqual({ a: 1 });
  });

  it('throws a failure as ContractError with code and detail', () => {
    const error = (() => {
      try {
        unwrapIpcResult(fail('unknown-call', 'no such call'));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ContractError);
    expect(error).toMatchObject({ code: 'unknown-call', detail: 'no such call', message: 'courier[unknown-call]: no such call' });
  });

  it('treats a malformed reply as handler-failed', () => {
    expect(() => unwrapIpcResult({ value: 1 })).toThrow(/not a contract result/);
    expect(isIpcResult({ ok: false, error: { code: 'made-up', message: 'x' } })).toBe(false);
  });

  it('reads the code back from the message Electron wraps around a rejected invoke', () => {
    const wrapped = new Error("Error invoking remote method 'courier:invoke:appInfo': courier[handler-failed]: boom");
    expect(contractErrorOf(wrapped)).toEqual({ code: 'handler-failed', message: 'boom' });
    expect(contractErrorOf(new Error('ordinary failure'))).toBeUndefined();
    expect(contractErrorOf(42)).toBeUndefined();
  });
});
