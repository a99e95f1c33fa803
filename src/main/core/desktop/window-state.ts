/**
 * Remembering the main window's size and position, and bringing it back safely: the screen
 * it was on may be gone (laptop undocked) or smaller now, so a saved placement is always
 * checked against the displays that exist before it is used.
 */
import { z } from 'zod';
import { MAIN_WINDOW_DEFAULT_SIZE, MAIN_WINDOW_MIN_SIZE, type WindowPlacementBounds } from './window-options';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A display as far as placement cares (Electron: `screen.getAllDisplays()[i]`). */
export interface DisplayLike {
  workArea: Rect;
}

const SavedRect = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});

export const WindowStateSchema = z.object({
  /** The normal (not maximized) bounds, so un-maximizing after a restart gives a sane size. */
  bounds: SavedRect,
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

export interface WindowPlacement {
  bounds: WindowPlacementBounds;
  maximized: boolean;
}

/** A saved state read from disk, or undefined when it is missing or not ours. */
export function parseWindowState(raw: unknown): WindowState | undefined {
  const parsed = WindowStateSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

function intersectionArea(a: Rect, b: Rect): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

const clamp = (value: number, min: number, max: number): number => Math.min(Math.max(value, min), Math.max(min, max));

function fitSize(size: { width: number; height: number }, area: Rect): { width: number; height: number } {
  return {
    width: clamp(size.width, Math.min(MAIN_WINDOW_MIN_SIZE.width, area.width), area.width),
    height: clamp(size.height, Math.min(MAIN_WINDOW_MIN_SIZE.height, area.height), area.height),
  };
}

function centreIn(size: { width: number; height: number }, area: Rect): Rect {
  return {
    ...size,
    x: area.x + Math.round((area.width - size.width) / 2),
    y: area.y + Math.round((area.height - size.height) / 2),
  };
}

/**
 * Where the window opens. `displays[0]` is the primary display.
 * - nothing saved: the default size, fitted to and centred on the primary display;
 * - saved but on no existing display: the saved size, fitted to and centred on the primary;
 * - otherwise: on the display it overlaps most, shrunk to fit and moved fully into view.
 */
export function restoreWindowPlacement(saved: WindowState | undefined, displays: readonly DisplayLike[]): WindowPlacement {
  const primary = displays[0];
  if (!primary) return { bounds: { ...MAIN_WINDOW_DEFAULT_SIZE }, maximized: saved?.maximized ?? false };
  if (!saved) return { bounds: centreIn(fitSize(MAIN_WINDOW_DEFAULT_SIZE, primary.workArea), primary.workArea), maximized: false };

  let best: DisplayLike | undefined;
  let bestArea = 0;
  for (const display of displays) {
    const area = intersectionArea(saved.bounds, display.workArea);
    if (area > bestArea) {
      best = display;
      bestArea = area;
    }
  }
  if (!best) return { bounds: centreIn(fitSize(saved.bounds, primary.workArea), primary.workArea), maximized: saved.maximized };

  const area = best.workArea;
  const size = fitSize(saved.bounds, area);
  return {
    bounds: {
      ...size,
      x: clamp(saved.bounds.x, area.x, area.x + area.width - size.width),
      y: clamp(saved.bounds.y, area.y, area.y + area.height - size.height),
    },
    maximized: saved.maximized,
  };
}

/** What to save for a window right now; nothing while minimized or full screen (not a placement to restore). */
export function windowStateToSave(window: {
  normalBounds: Rect;
  isMaximized: boolean;
  isMinimized: boolean;
  isFullScreen: boolean;
}): WindowState | undefined {
  if (window.isMinimized || window.isFullScreen) return undefined;
  return parseWindowState({
    bounds: {
      x: Math.round(window.normalBounds.x),
      y: Math.round(window.normalBounds.y),
      width: Math.round(window.normalBounds.width),
      height: Math.round(window.normalBounds.height),
    },
    maximized: window.isMaximized,
  });
}

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * Moving or resizing a window fires many events; this writes the latest state once things
 * settle, and `flush` writes a pending one at once (when the window closes).
 */
export function createDebouncedSaver<T>(
  save: (value: T) => void,
  delayMs: number,
  timers: Timers = { setTimeout: (cb, ms) => setTimeout(cb, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
): { schedule(value: T): void; flush(): void; cancel(): void } {
  let pending: { value: T } | undefined;
  let handle: unknown;
  const flush = (): void => {
    if (handle !== undefined) timers.clearTimeout(handle);
    handle = undefined;
    if (!pending) return;
    const { value } = pending;
    pending = undefined;
    save(value);
  };
  return {
    schedule(value) {
      pending = { value };
      if (handle !== undefined) timers.clearTimeout(handle);
      handle = timers.setTimeout(flush, delayMs);
    },
    flush,
    cancel() {
      if (handle !== undefined) timers.clearTimeout(handle);
      handle = undefined;
      pending = undefined;
    },
  };
}
