/**
 * Closing the main window keeps the app running in the tray: the main window's renderer leads
 * sync rounds (docs/architecture.md), so it is hidden rather than destroyed, and the queue keeps going.
 * The first time, the user is told where the app went and how to quit.
 */
import { mainText } from '../i18n/main-text';

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

export function decideMainWindowClose(context: CloseContext, quickAddShortcut: string, locale = 'en'): CloseDecision {
  if (context.quitting || !context.trayAvailable) return { action: 'close' };
  if (context.explained) return { action: 'hide', explain: false };
  const shortcut = quickAddShortcut ? mainText(locale, 'close.shortcut', { shortcut: quickAddShortcut }) : '';
  return {
    action: 'hide',
    explain: true,
    title: mainText(locale, 'close.title'),
    body: mainText(locale, 'close.body', { shortcut }),
  };
}
