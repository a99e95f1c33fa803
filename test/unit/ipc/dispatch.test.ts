import { describe, expect, it } from 'vitest';
import { createInvokeDispatcher } from '../../../src/main/core/ipc/dispatch';
import { createAppCore } from '../../../src/main/core/app-core';
import type { CoreHandlers } from '../../../src/main/core/ipc/handlers';
import { APP_FRAME } from './fake-ipc';

const handlers = createAppCore({ appInfo: { name: 'n', version: 'v', platform: 'p' } });
const handlersWith = (overrides: Partial<CoreHandlers>): CoreHandlers => ({ ...handlers, ...overrides });

describe('createInvokeDispatcher', () => {
  it('reports a call missing from the contract as unknown-call', async () => {
    const dispatch = createInvokeDispatcher(handlers, { trustedOrigins: ['courier://app'] });
    await expect(dispatch('deleteEverything', undefined, APP_FRAME)).resolves.toMatchObject({
      ok: false,
      error: { code: 'unknown-call' },
    });
  });

  it('checks the sender before the call name, so outsiders learn nothing about the contract', async () => {
    const dispatch = createInvokeDispatcher(handlers, { trustedOrigins: ['courier://app'] });
    const outsider = { url: 'https://evil.example/', parent: null };
    await expect(dispatch('deleteEverything', undefined, outsider)).resolves.toMatchObject({
      error: { code: 'forbidden-sender' },
    });
  });

  it('trusts the dev server origin only when told to', async () => {
    const devFrame = { url: 'http://localhost:5173/', parent: null };
    const production = createInvokeDispatcher(handlers, { trustedOrigins: ['courier://app'] });
    const development = createInvokeDispatcher(handlers, { trustedOrigins: ['http://localhost:5173'] });
    await expect(production('appInfo', undefined, devFrame)).resolves.toMatchObject({ ok: false });
    await expect(development('appInfo', undefined, devFrame)).resolves.toMatchObject({ ok: true });
  });

  it('passes the sender URL to the handler', async () => {
    let seen = '';
    const dispatch = createInvokeDispatcher(
      handlersWith({
        appInfo: async (_request, context) => {
          seen = context.senderUrl;
          return { name: 'n', version: 'v', platform: 'p' };
        },
      }),
      { trustedOrigins: ['courier://app'] },
    );
    await dispatch('appInfo', undefined, APP_FRAME);
    expect(seen).toBe(APP_FRAME.url);
  });

  it('survives a handler that throws a non-Error', async () => {
    const dispatch = createInvokeDispatcher(
      handlersWith({
        appInfo: () => {
          throw 'plain string';
        },
      }),
      { trustedOrigins: ['courier://app'] },
    );
    await expect(dispatch('appInfo', undefined, APP_FRAME)).resolves.toEqual({
      ok: false,
      error: { code: 'handler-failed', message: '"appInfo" failed: plain string' },
    });
  });
});
