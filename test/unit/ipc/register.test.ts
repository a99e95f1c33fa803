import { describe, expect, it } from 'vitest';
import { channelOf, INVOKE_NAMES, type AppInfo } from '@shared/contract';
import { APP_ORIGIN } from '@shared/app-origin';
import { registerInvokeHandlers } from '../../../src/main/core/ipc/register';
import { createAppCore } from '../../../src/main/core/app-core';
import type { CoreHandlers } from '../../../src/main/core/ipc/handlers';
import { APP_FRAME, FakeIpcMain } from './fake-ipc';

const info: AppInfo = { name: 'Expense Courier', version: '0.1.0', platform: 'linux' };

/** The real core's handlers, with some replaced: a test swaps one call and keeps the contract whole. */
function setUp(overrides: Partial<CoreHandlers> = {}) {
  const handlers: CoreHandlers = { ...createAppCore({ appInfo: info }), ...overrides };
  const ipcMain = new FakeIpcMain();
  const errors: { name: string; code: string }[] = [];
  const unregister = registerInvokeHandlers(ipcMain, handlers, {
    trustedOrigins: [APP_ORIGIN],
    onError: (name, error) => errors.push({ name, code: error.code }),
  });
  return { ipcMain, errors, unregister };
}

describe('registerInvokeHandlers', () => {
  it('registers exactly one handler per contract call, on the derived channel', () => {
    const { ipcMain } = setUp();
    expect([...ipcMain.handlers.keys()].sort()).toEqual(INVOKE_NAMES.map(channelOf).sort());
  });

  it('answers a call from the app origin with the handler value', async () => {
    const { ipcMain, errors } = setUp();
    await expect(ipcMain.invokeFrom(APP_FRAME, channelOf('appInfo'))).resolves.toEqual({ ok: true, value: info });
    expect(errors).toEqual([]);
  });

  it.each([
    ['another origin', { url: 'https://evil.example/index.html', parent: null }],
    ['a file: page', { url: 'file:///tmp/index.html', parent: null }],
    ['another host on our scheme', { url: 'courier://other/index.html', parent: null }],
    ['a sub-frame of our origin', { url: 'courier://app/frame.html', parent: { url: 'courier://app/index.html' } }],
    ['a destroyed frame', null],
  ])('refuses %s with forbidden-sender, without running the handler', async (_label, frame) => {
    let ran = false;
    const { ipcMain, errors } = setUp({
      appInfo: async () => {
        ran = true;
        return info;
      },
    });
    const result = await ipcMain.invokeFrom(frame, channelOf('appInfo'));
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    expect(ran).toBe(false);
    expect(errors).toEqual([{ name: 'appInfo', code: 'forbidden-sender' }]);
  });

  it('refuses a request that does not match the schema with invalid-request and the schema message', async () => {
    const { ipcMain } = setUp();
    const result = (await ipcMain.invokeFrom(APP_FRAME, channelOf('appInfo'), { sneaky: true })) as {
      ok: false;
      error: { code: string; message: string };
    };
    expect(result.ok).toBe(false);
    expect(result.error.code).toBe('invalid-request');
    expect(result.error.message).toContain('appInfo');
    expect(result.error.message.toLowerCase()).toContain('expected undefined');
  });

  it('turns a throwing handler into handler-failed instead of crashing', async () => {
    const { ipcMain } = setUp({
      appInfo: async () => {
        throw new Error('disk on fire');
      },
    });
    await expect(ipcMain.invokeFrom(APP_FRAME, channelOf('appInfo'))).resolves.toEqual({
      ok: false,
      error: { code: 'handler-failed', message: '"appInfo" failed: disk on fire' },
    });
  });

  it('refuses to send an answer that breaks the response schema', async () => {
    const { ipcMain } = setUp({
      appInfo: async () => ({ name: 'x', version: 1 }) as unknown as AppInfo,
    });
    const result = await ipcMain.invokeFrom(APP_FRAME, channelOf('appInfo'));
    expect(result).toMatchObject({ ok: false, error: { code: 'handler-failed' } });
    expect(JSON.stringify(result)).toContain('outside the contract');
  });

  it('strips fields the response schema does not declare (nothing leaks beyond the contract)', async () => {
    const { ipcMain } = setUp({
      appInfo: async () => ({ ...info, token: 'secret' }) as AppInfo,
    });
    const result = (await ipcMain.invokeFrom(APP_FRAME, channelOf('appInfo'))) as { ok: true; value: object };
    expect(result.value).toEqual(info);
  });

  it('removes every handler it registered', () => {
    const { ipcMain, unregister } = setUp();
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });
});
