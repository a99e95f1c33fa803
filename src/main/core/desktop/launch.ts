/** Command-line switches the app understands (from the OS, a shortcut, or a second launch). */
export const QUICK_ADD_SWITCH = '--quick-add';

export interface LaunchRequest {
  /** Open the quick-add window (tray issue) instead of only showing the main window. */
  quickAdd: boolean;
}

export function parseLaunchArgs(argv: readonly string[]): LaunchRequest {
  return { quickAdd: argv.includes(QUICK_ADD_SWITCH) };
}

export interface SecondInstanceAction {
  /** Always: the user launched the app again, so they want to see it. */
  focusMainWindow: true;
  quickAdd: boolean;
}

/**
 * Only one instance runs (two would fight over the same IndexedDB and outbox). A second
 * launch hands its arguments to the first and exits; this is what the first one then does.
 */
export function onSecondInstance(argv: readonly string[]): SecondInstanceAction {
  return { focusMainWindow: true, quickAdd: parseLaunchArgs(argv).quickAdd };
}
