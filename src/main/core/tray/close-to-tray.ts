/**
 * Closing the main window keeps the app running in the tray: the main window's renderer leads
 * sync rounds (DESIGN.md), so it is hidden rather than destroyed, and the queue keeps going.
 * The first time, the user is told where the app went and how to quit.
 */
export interface CloseContext {
  /** The user chose Quit (tray, menu, Cmd+Q) or the OS is shutting down. */
  quitting: boolean;
  /** A tray icon exists (some Linux desktops have no tray: then closing quits, as usual). */
  trayAvailable: boolean;
  /** The one-time explanation was already shown. */
  explained: boolean;
}

export type CloseDecision =
  | { action: 'close' }
  | { action: 'hide'; explain: false }
  | { action: 'hide'; explain: true; title: string; body: string };

export function decideMainWindowClose(context: CloseContext, quickAddShortcut: string): CloseDecision {
  if (context.quitting || !context.trayAvailable) return { action: 'close' };
  if (context.explained) return { action: 'hide', explain: false };
  const shortcut = quickAddShortcut ? ` Press ${quickAddShortcut} to add an expense from anywhere.` : '';
  return {
    action: 'hide',
    explain: true,
    title: 'Expense Courier is still running',
    body: `It keeps sending your expenses from the tray.${shortcut} To quit, choose Quit in the tray menu.`,
  };
}
