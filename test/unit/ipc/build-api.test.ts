import { describe, expect, it } from 'vitest';
import { channelOf, EVENT_NAMES, eventChannelOf, INVOKE_NAMES, type EventName } from '@shared/contract';
import { APP_ORIGIN } from '@shared/app-origin';
import { contractErrorOf, ContractError } from '@shared/ipc-result';
import { buildCourierApi } from '../../../src/preload/build-api';
import { registerInvokeHandlers } from '../../../src/main/core/ipc/register';
import { createAppCore } from '../../../src/main/core/app-core';
import { sendEvent } from '../../../src/main/core/ipc/send-event';
import { APP_FRAME, FakeIpcMain, FakeIpcRenderer } from './fake-ipc';

const info = { name: 'Expense Courier', version: '0.1.0', platform: 'linux' };

function wire(frame = APP_FRAME) {
  const ipcMain = new FakeIpcMain();
  registerInvokeHandlers(ipcMain, createAppCore({ appInfo: info }), { trustedOrigins: [APP_ORIGIN] });
  const ipcRenderer = new FakeIpcRenderer(ipcMain, frame);
  return { ipcMain, ipcRenderer, api: buildCourierApi(ipcRenderer) };
}

describe('buildCourierApi (window.courier)', () => {
  it('has one function per contract call plus on(), and nothing else', () => {
    const { api } = wire();
    expect(Object.keys(api).sort()).toEqual([...INVOKE_NAMES, 'on'].sort());
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('calls main on the derived channel and resolves with the value', async () => {
    const { api, ipcRenderer } = wire();
    await expect(api.appInfo()).resolves.toEqual(info);
    expect(ipcRenderer.invoked).toEqual([{ channel: channelOf('appInfo'), args: [undefined] }]);
  });

  it('does not forward extra arguments the page passes', async () => {
    const { api, ipcRenderer } = wire();
    await (api.appInfo as (...args: unknown[]) => Promise<unknown>)(undefined, 'extra');
    expect(ipcRenderer.invoked[0]!.args).toEqual([undefined]);
  });

  it('rejects with a ContractError that carries the code when main refuses', async () => {
    const { api } = wire();
    const failure = await (api.appInfo as (request: unknown) => Promise<unknown>)({ bogus: 1 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ContractError);
    expect((failure as ContractError).code).toBe('invalid-request');
    // What survives the contextBridge is the message: the code can be read back from it.
    expect(contractErrorOf(new Error((failure as Error).message))).toMatchObject({ code: 'invalid-request' });
  });

  it('is refused as forbidden-sender when loaded in a foreign page', async () => {
    const { api } = wire({ url: 'https://evil.example/', parent: null });
    await expect(api.appInfo()).rejects.toMatchObject({ code: 'forbidden-sender' });
  });

  it('delivers events as bare payloads, never the IPC event object, until unsubscribed', () => {
    const { api, ipcRenderer } = wire();
    const received: unknown[][] = [];
    const unsubscribe = api.on('connectivityChanged', (...args: unknown[]) => received.push(args));
    sendEvent(ipcRenderer, 'connectivityChanged', { online: true });
    unsubscribe();
    sendEvent(ipcRenderer, 'connectivityChanged', { online: false });
    expect(received).toEqual([[{ online: true }]]);
    expect(ipcRenderer.listeners.get(eventChannelOf('connectivityChanged'))?.size).toBe(0);
  });

  it('subscribes every contract event on its own channel', () => {
    const { api, ipcRenderer } = wire();
    for (const name of EVENT_NAMES) api.on(name, () => {});
    expect([...ipcRenderer.listeners.keys()].sort()).toEqual(EVENT_NAMES.map(eventChannelOf).sort());
  });

  it('refuses events that are not in the contract', () => {
    const { api } = wire();
    expect(() => api.on('mainProcessSecrets' as EventName, () => {})).toThrow(/not an event in the contract/);
  });
});
