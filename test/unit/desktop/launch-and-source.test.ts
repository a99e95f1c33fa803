import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, APP_ORIGIN, originOf } from '@shared/app-origin';
import { onSecondInstance, parseLaunchArgs, startsHidden } from '../../../src/main/core/desktop/launch';
import { resolveRendererSource } from '../../../src/main/core/desktop/renderer-source';

describe('launch arguments and single instance', () => {
  it('recognises --quick-add from a first or second launch', () => {
    expect(parseLaunchArgs(['/opt/Expense Courier/expense-courier'])).toEqual({ quickAdd: false });
    expect(parseLaunchArgs(['/usr/bin/electron', '.', '--quick-add'])).toEqual({ quickAdd: true });
  });

  it('focuses the running window on a second launch, or only opens quick-add with --quick-add', () => {
    expect(onSecondInstance(['app.exe'])).toEqual({ focusMainWindow: true, quickAdd: false });
    expect(onSecondInstance(['app.exe', '--quick-add'])).toEqual({ focusMainWindow: false, quickAdd: true });
  });

  it('starts hidden in the tray when the OS launched it at login', () => {
    expect(startsHidden(['app.exe', '--hidden'])).toBe(true);
    expect(startsHidden(['app.exe'])).toBe(false);
  });
});

describe('resolveRendererSource', () => {
  it('serves the packaged app from the fixed courier://app origin', () => {
    expect(APP_ORIGIN).toBe('courier://app');
    expect(originOf(APP_ENTRY_URL)).toBe(APP_ORIGIN);
    expect(resolveRendererSource({ isPackaged: true })).toEqual({
      entryUrl: APP_ENTRY_URL,
      trustedOrigins: [APP_ORIGIN],
      devServerOrigin: undefined,
    });
  });

  it('uses a local dev server in an unpackaged app', () => {
    expect(resolveRendererSource({ isPackaged: false, devServerUrl: 'http://localhost:5173/' })).toEqual({
      entryUrl: 'http://localhost:5173/',
      trustedOrigins: ['http://localhost:5173'],
      devServerOrigin: 'http://localhost:5173',
    });
  });

  it('ignores ELECTRON_RENDERER_URL in a packaged app, and any non-local dev server', () => {
    expect(resolveRendererSource({ isPackaged: true, devServerUrl: 'http://localhost:5173/' }).entryUrl).toBe(APP_ENTRY_URL);
    expect(resolveRendererSource({ isPackaged: false, devServerUrl: 'https://evil.example/' }).entryUrl).toBe(APP_ENTRY_URL);
    expect(resolveRendererSource({ isPackaged: false, devServerUrl: 'http://localhost.evil.example:5173/' }).entryUrl).toBe(
      APP_ENTRY_URL,
    );
  });
});
