import { describe, expect, it } from 'vitest';
import type { EventPayload } from '@shared/contract';
import { APP_ENTRY_URL } from '@shared/app-origin';
import { createQuickAddController, type QuickAddWindowPort } from '../../../src/main/core/quick-add/quick-add-controller';
import { quickAddPosition, quickAddUrl, quickAddWindowOptions, QUICK_ADD_SIZE } from '../../../src/main/core/quick-add/window-options';
import { mainWindowOptions } from '../../../src/main/core/desktop/window-options';

describe('quick-add window options', () => {
  it('is small, on top, out of the taskbar, created hidden and painted while hidden', () => {
    const options = quickAddWindowOptions({ preloadPath: '/app/preload/index.cjs', platform: 'linux' });
    expect(options).toMatchObject({
      width: QUICK_ADD_SIZE.width,
      height: QUICK_ADD_SIZE.height,
      show: false,
      paintWhenInitiallyHidden: true,
      alwaysOnTop: true,
      skipTaskbar: true,
      resizable: false,
      minimizable: false,
      frame: true,
    });
    expect(quickAddWindowOptions({ preloadPath: 'p', platform: 'darwin' }).frame).toBe(false);
  });

  it('has the same hardened web preferences and preload as the main window, kept live while hidden', () => {
    const quick = quickAddWindowOptions({ preloadPath: '/p.cjs', platform: 'win32' }).webPreferences;
    const main = mainWindowOptions({ preloadPath: '/p.cjs', bounds: { width: 1, height: 1 } }).webPreferences;
    expect(quick).toEqual({ ...main, backgroundThrottling: false });
  });

  it('loads the main entry on the same origin with the quick-add route', () => {
    expect(quickAddUrl(APP_ENTRY_URL)).toBe('courier://app/index.html#/quick-add');
    expect(quickAddUrl('http://localhost:5173/#/settings')).toBe('http://localhost:5173/#/quick-add');
  });

  it('appears centred near the top of the work area, inside it', () => {
    expect(quickAddPosition({ x: 0, y: 25, width: 1920, height: 1055 })).toEqual({ x: 740, y: 124 });
    expect(quickAddPosition({ x: 1920, y: 0, width: 300, height: 400 })).toEqual({ x: 1920, y: 0 });
  });
});

class FakeWindow implements QuickAddWindowPort {
  visible = false;
  destroyed = false;
  log: string[] = [];
  opens: EventPayload<'openQuickAdd'>[] = [];
  isDestroyed = () => this.destroyed;
  isVisible = () => this.visible;
  setPosition = (x: number, y: number) => void this.log.push(`at ${x},${y}`);
  show = () => {
    this.visible = true;
    this.log.push('show');
  };
  focus = () => void this.log.push('focus');
  hide = () => {
    this.visible = false;
    this.log.push('hide');
  };
  sendOpen = (payload: EventPayload<'openQuickAdd'>) => {
    this.opens.push(payload);
    this.log.push('open event');
  };
}

describe('quick-add controller', () => {
  const setup = () => {
    const windows: FakeWindow[] = [];
    const controller = createQuickAddController({
      createWindow: () => {
        const w = new FakeWindow();
        windows.push(w);
        return w;
      },
      workArea: () => ({ x: 0, y: 0, width: 1000, height: 800 }),
    });
    return { controller, windows };
  };

  it('pre-creates one hidden window and reuses it for every open', () => {
    const { controller, windows } = setup();
    controller.warm();
    expect(windows).toHaveLength(1);
    expect(windows[0]!.visible).toBe(false);
    controller.open({ source: 'shortcut' });
    controller.close();
    controller.open({ source: 'tray' });
    expect(windows).toHaveLength(1);
    expect(windows[0]!.log).toEqual(['open event', 'at 280,48', 'show', 'focus', 'hide', 'open event', 'at 280,48', 'show', 'focus']);
    expect(windows[0]!.opens[1]).toEqual({ source: 'tray', receipts: [], notices: [] });
  });

  it('does not move a window that is already shown', () => {
    const { controller, windows } = setup();
    controller.open({ source: 'shortcut' });
    controller.open({ source: 'shortcut' });
    expect(windows[0]!.log.filter((l) => l.startsWith('at'))).toHaveLength(1);
    expect(controller.isOpen()).toBe(true);
  });

  it('warms a new window when the old one was destroyed', () => {
    const { controller, windows } = setup();
    controller.warm();
    windows[0]!.destroyed = true;
    controller.windowGone();
    expect(windows).toHaveLength(2);
    controller.open({ source: 'menu', receipts: [{ name: 'r.pdf', mime: 'application/pdf', bytes: new Uint8Array([1]) }] });
    expect(windows[1]!.opens[0]!.receipts[0]!.name).toBe('r.pdf');
  });
});
