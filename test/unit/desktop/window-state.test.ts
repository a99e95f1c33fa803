import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  createDebouncedSaver,
  parseWindowState,
  restoreWindowPlacement,
  windowStateToSave,
  type DisplayLike,
} from '../../../src/main/core/desktop/window-state';
import { createJsonFileStore } from '../../../src/main/core/desktop/json-file-store';
import { MAIN_WINDOW_DEFAULT_SIZE, MAIN_WINDOW_MIN_SIZE } from '../../../src/main/core/desktop/window-options';

const laptop: DisplayLike = { workArea: { x: 0, y: 0, width: 1440, height: 875 } };
const monitorOnRight: DisplayLike = { workArea: { x: 1440, y: -200, width: 2560, height: 1400 } };

describe('restoreWindowPlacement', () => {
  it('opens at the default size, centred on the primary display, the first time', () => {
    expect(restoreWindowPlacement(undefined, [laptop])).toEqual({
      bounds: { width: 1200, height: 800, x: 120, y: 38 },
      maximized: false,
    });
  });

  it('restores a saved placement that is fully visible exactly', () => {
    const saved = { bounds: { x: 2000, y: 100, width: 1000, height: 900 }, maximized: true };
    expect(restoreWindowPlacement(saved, [laptop, monitorOnRight])).toEqual(saved);
  });

  it('pulls a window hanging off the edge fully back into view', () => {
    const saved = { bounds: { x: 1000, y: 500, width: 900, height: 600 }, maximized: false };
    expect(restoreWindowPlacement(saved, [laptop]).bounds).toEqual({ x: 540, y: 275, width: 900, height: 600 });
  });

  it('shrinks a window saved on a big monitor to fit the laptop it now lands on', () => {
    const saved = { bounds: { x: 100, y: 50, width: 2400, height: 1300 }, maximized: false };
    expect(restoreWindowPlacement(saved, [laptop]).bounds).toEqual({ x: 0, y: 0, width: 1440, height: 875 });
  });

  it('moves a window from a monitor that is gone to the centre of the primary display', () => {
    const saved = { bounds: { x: 2000, y: 100, width: 1000, height: 700 }, maximized: true };
    expect(restoreWindowPlacement(saved, [laptop])).toEqual({
      bounds: { x: 220, y: 88, width: 1000, height: 700 },
      maximized: true,
    });
  });

  it('places the window on the display it overlaps most', () => {
    const saved = { bounds: { x: 1300, y: 0, width: 1000, height: 600 }, maximized: false };
    expect(restoreWindowPlacement(saved, [laptop, monitorOnRight]).bounds).toEqual({ x: 1440, y: 0, width: 1000, height: 600 });
  });

  it('never makes the window smaller than its minimum on a normal screen', () => {
    const saved = { bounds: { x: 10, y: 10, width: 100, height: 80 }, maximized: false };
    expect(restoreWindowPlacement(saved, [laptop]).bounds).toMatchObject({ ...MAIN_WINDOW_MIN_SIZE });
  });

  it('falls back to the default size when no display is reported', () => {
    expect(restoreWindowPlacement(undefined, [])).toEqual({ bounds: { ...MAIN_WINDOW_DEFAULT_SIZE }, maximized: false });
  });
});

describe('saved window state', () => {
  it('rejects files that are not ours or are damaged', () => {
    expect(parseWindowState(undefined)).toBeUndefined();
    expect(parseWindowState({ bounds: { x: 0, y: 0, width: -5, height: 10 }, maximized: false })).toBeUndefined();
    expect(parseWindowState({ bounds: { x: 0, y: 0, width: 5, height: 10 } })).toBeUndefined();
    expect(parseWindowState('{"bounds":')).toBeUndefined();
  });

  it('saves the normal bounds (so a maximized window comes back sane) and skips minimized and full screen', () => {
    const normalBounds = { x: 10.4, y: 20, width: 1000, height: 700.6 };
    expect(windowStateToSave({ normalBounds, isMaximized: true, isMinimized: false, isFullScreen: false })).toEqual({
      bounds: { x: 10, y: 20, width: 1000, height: 701 },
      maximized: true,
    });
    expect(windowStateToSave({ normalBounds, isMaximized: false, isMinimized: true, isFullScreen: false })).toBeUndefined();
    expect(windowStateToSave({ normalBounds, isMaximized: false, isMinimized: false, isFullScreen: true })).toBeUndefined();
  });

  it('round-trips through the JSON file store, atomically and tolerating a damaged file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'courier-state-'));
    const file = join(dir, 'nested', 'window-state.json');
    const store = createJsonFileStore(file);
    expect(store.read()).toBeUndefined();
    const state = { bounds: { x: 1, y: 2, width: 900, height: 600 }, maximized: false };
    store.write(state);
    expect(parseWindowState(createJsonFileStore(file).read())).toEqual(state);
    expect(readdirSync(join(dir, 'nested'))).toEqual(['window-state.json']);
    writeFileSync(file, '{"bounds": {');
    expect(store.read()).toBeUndefined();
  });
});

describe('createDebouncedSaver', () => {
  it('writes only the last state once moves settle, and flushes a pending one on close', () => {
    vi.useFakeTimers();
    try {
      const saved: number[] = [];
      const saver = createDebouncedSaver<number>((value) => saved.push(value), 500);
      saver.schedule(1);
      saver.schedule(2);
      vi.advanceTimersByTime(499);
      expect(saved).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(saved).toEqual([2]);
      saver.schedule(3);
      saver.flush();
      saver.flush();
      expect(saved).toEqual([2, 3]);
      saver.schedule(4);
      saver.cancel();
      vi.runAllTimers();
      expect(saved).toEqual([2, 3]);
    } finally {
      vi.useRealTimers();
    }
  });
});
