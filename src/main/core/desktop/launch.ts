/** Command-line switches the app understands (from the OS, a shortcut, or a second launch). */
export const QUICK_ADD_SWITCH = '--quick-add';
/** Started by the OS at login (settings: start at login): go to the tray without showing a window. */
export const HIDDEN_SWITCH = '--hidden';

export interface LaunchRequest {
  /** Open the quick-add window (tray issue) instead of only showing the main window. */
  quickAdd: boolean;
}

export function parseLaunchArgs(argv: readonly string[]): LaunchRequest {
  return { quickAdd: argv.includes(QUICK_ADD_SWITCH) };
}

/** True when the main window should stay hidden at start (launched at login). */
export function startsHidden(argv: readonly string[]): boolean {
  return argv.includes(HIDDEN_SWITCH);
}

export interface SecondInstanceAction {
  /** The user launched the app again, so they want to see it; with --quick-add, only quick-add. */
  focusMainWindow: boolean;
  quickAdd: boolean;
}

/**
 * Only one instance runs (two would fight over the same IndexedDB and outbox). A second
 * launch hands its arguments to the first and exits; this is what the first one then does.
 */
export function onSecondInstance(argv: readonly string[]): SecondInstanceAction {
  const { quickAdd } = parseLaunchArgs(argv);
  return { focusMainWindow: !quickAdd, quickAdd };
}
