import { describe, expect, it } from 'vitest';
import { mainWindowOptions, MAIN_WINDOW_MIN_SIZE, secureWebPreferences } from '../../../src/main/core/desktop/window-options';

describe('window options', () => {
  const options = mainWindowOptions({ preloadPath: '/app/out/preload/index.cjs', bounds: { width: 1000, height: 700, x: 10, y: 20 } });

  it('isolates the page: context isolation, sandbox, no Node, web security on', () => {
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
  });

  it('uses the restored bounds, a minimum size, and shows only when painted', () => {
    expect(options).toMatchObject({ width: 1000, height: 700, x: 10, y: 20, show: false, title: 'Expense Courier' });
    expect(options.minWidth).toBe(MAIN_WINDOW_MIN_SIZE.width);
    expect(options).not.toHaveProperty('icon');
  });

  it('gives every window the same hardened preferences', () => {
    expect(secureWebPreferences('/p.cjs')).toEqual({ ...options.webPreferences, preload: '/p.cjs' });
  });
});
