import { describe, expect, it } from 'vitest';
import { decideMainWindowClose } from '../../../src/main/core/tray/close-to-tray';
import { createQuitFlow, type QuitFlowDeps } from '../../../src/main/core/tray/quit-flow';

describe('closing the main window', () => {
  it('hides to the tray and explains it the first time only', () => {
    const first = decideMainWindowClose({ quitting: false, trayAvailable: true, explained: false }, 'Ctrl+Shift+E');
    expect(first).toMatchObject({ action: 'hide', explain: true, title: 'Expense Courier is still running' });
    expect(first.action === 'hide' && first.explain && first.body).toContain('Press Ctrl+Shift+E');
    expect(decideMainWindowClose({ quitting: false, trayAvailable: true, explained: true }, 'Ctrl+Shift+E')).toEqual({
      action: 'hide',
      explain: false,
    });
  });

  it('really closes when quitting or when there is no tray to go to', () => {
    expect(decideMainWindowClose({ quitting: true, trayAvailable: true, explained: false }, '')).toEqual({ action: 'close' });
    expect(decideMainWindowClose({ quitting: false, trayAvailable: false, explained: false }, '')).toEqual({ action: 'close' });
  });
});

function fakeQuit(syncing: boolean, canAsk = true) {
  const log: string[] = [];
  let fire: (() => void) | undefined;
  const deps: QuitFlowDeps = {
    isSyncing: () => syncing,
    requestPark: (ms) => {
      log.push(`park ${ms}`);
      return canAsk;
    },
    quit: () => log.push('quit'),
    setTimer: (cb, ms) => {
      log.push(`timer ${ms}`);
      fire = cb;
      return 7;
    },
    clearTimer: (t) => log.push(`clear ${String(t)}`),
    deadlineMs: 3000,
  };
  return { flow: createQuitFlow(deps), log, fire: () => fire?.() };
}

describe('quit flow', () => {
  it('quits at once when no round is running', () => {
    const { flow, log } = fakeQuit(false);
    expect(flow.beforeQuit()).toBe('proceed');
    expect(log).toEqual([]);
    expect(flow.phase()).toBe('quitting');
  });

  it('holds a quit during a round, asks the window to park, and quits when it answers', () => {
    const { flow, log } = fakeQuit(true);
    expect(flow.beforeQuit()).toBe('hold');
    expect(flow.beforeQuit()).toBe('hold');
    expect(log).toEqual(['park 3000', 'timer 3000']);
    flow.parked();
    expect(log).toEqual(['park 3000', 'timer 3000', 'clear 7', 'quit']);
    expect(flow.beforeQuit()).toBe('proceed');
    flow.parked();
    expect(log.filter((l) => l === 'quit')).toHaveLength(1);
  });

  it('quits at the deadline when the window never answers', () => {
    const { flow, log, fire } = fakeQuit(true);
    flow.beforeQuit();
    fire();
    expect(log.at(-1)).toBe('quit');
    expect(flow.beforeQuit()).toBe('proceed');
  });

  it('does not wait for a window that cannot be asked', () => {
    const { flow, log } = fakeQuit(true, false);
    expect(flow.beforeQuit()).toBe('proceed');
    expect(log).toEqual(['park 3000']);
  });
});
