/**
 * What the tray shows, from the queue state: the menu (as a plain template), the icon variant,
 * the tooltip, and the short title macOS puts next to the icon. Electron-free: the adapter in
 * src/main/platform/tray.ts turns this into a Menu and icons.
 */
import { PRODUCT_NAME } from '../desktop/window-options';
import { mainText } from '../i18n/main-text';

export interface TrayState {
  pendingCount: number;
  errorCount: number;
  /** Local wall-clock ms of the last completed sync round, or null. */
  lastSyncAt: number | null;
  syncing: boolean;
  online: boolean;
}

export const INITIAL_TRAY_STATE: TrayState = { pendingCount: 0, errorCount: 0, lastSyncAt: null, syncing: false, online: true };

export type TrayAction = 'quickAdd' | 'syncNow' | 'openMain' | 'quit';

export type TrayMenuItem =
  | { type: 'status'; label: string }
  | { type: 'separator' }
  | { type: 'action'; action: TrayAction; label: string; enabled: boolean; accelerator?: string };

/** At a glance: red when something needs the user, grey offline, a dot while entries wait. */
export type TrayIconVariant = 'idle' | 'pending' | 'error' | 'offline';

export interface TrayView {
  menu: TrayMenuItem[];
  icon: TrayIconVariant;
  tooltip: string;
  /** macOS only: text beside the icon (the waiting count), '' for none. */
  title: string;
}

export interface TrayFormat {
  locale: string;
  /** IANA zone; undefined: the system's. */
  timeZone?: string;
  /** Now, for "today" vs an earlier day. */
  now: number;
}

function sameDay(a: number, b: number, timeZone: string | undefined): boolean {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return day.format(a) === day.format(b);
}

/** "10:42" today (in the locale's clock), "Nov 20, 10:42" on an earlier day. */
export function formatSyncTime(at: number, format: TrayFormat): string {
  const time: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit', timeZone: format.timeZone };
  const options: Intl.DateTimeFormatOptions = sameDay(at, format.now, format.timeZone)
    ? time
    : { ...time, month: 'short', day: 'numeric' };
  return new Intl.DateTimeFormat(format.locale, options).format(at);
}

/** "3 waiting · synced 10:42", "All sent · synced 10:42", "1 needs attention · offline". */
export function statusLine(state: TrayState, format: TrayFormat): string {
  const l = format.locale;
  const parts: string[] = [];
  if (state.pendingCount > 0) parts.push(mainText(l, 'tray.waiting', { n: state.pendingCount }));
  if (state.errorCount > 0) parts.push(mainText(l, 'tray.attention', { n: state.errorCount }));
  if (parts.length === 0) parts.push(mainText(l, 'tray.allSent'));
  if (state.syncing) parts.push(mainText(l, 'tray.syncing'));
  else if (!state.online) parts.push(mainText(l, 'tray.offline'));
  else if (state.lastSyncAt !== null) parts.push(mainText(l, 'tray.synced', { time: formatSyncTime(state.lastSyncAt, format) }));
  else parts.push(mainText(l, 'tray.notSynced'));
  return parts.join(' · ');
}

export function trayIconVariant(state: TrayState): TrayIconVariant {
  if (state.errorCount > 0) return 'error';
  if (!state.online) return 'offline';
  if (state.pendingCount > 0 || state.syncing) return 'pending';
  return 'idle';
}

export function trayView(state: TrayState, format: TrayFormat & { quickAddAccelerator?: string }): TrayView {
  const status = statusLine(state, format);
  const l = format.locale;
  const quickAdd: TrayMenuItem = { type: 'action', action: 'quickAdd', label: mainText(l, 'tray.quickAdd'), enabled: true };
  if (format.quickAddAccelerator) quickAdd.accelerator = format.quickAddAccelerator;
  return {
    menu: [
      { type: 'status', label: status },
      { type: 'separator' },
      quickAdd,
      {
        type: 'action',
        action: 'syncNow',
        label: mainText(l, state.syncing ? 'tray.syncingAction' : 'tray.syncNow'),
        // Offline a round cannot reach Kantata; the queue is safe and goes when the network is back.
        enabled: state.online && !state.syncing,
      },
      { type: 'action', action: 'openMain', label: mainText(l, 'tray.open', { product: PRODUCT_NAME }), enabled: true },
      { type: 'separator' },
      { type: 'action', action: 'quit', label: mainText(l, 'tray.quit', { product: PRODUCT_NAME }), enabled: true },
    ],
    icon: trayIconVariant(state),
    tooltip: `${PRODUCT_NAME}: ${status}`,
    title: state.pendingCount + state.errorCount > 0 ? String(state.pendingCount + state.errorCount) : '',
  };
}

/** The icon file for a variant (build/tray); macOS uses template images, which the OS tints. */
export function trayIconFile(variant: TrayIconVariant, platform: string): string {
  if (platform === 'darwin') return variant === 'idle' ? 'trayTemplate.png' : `tray-${variant}Template.png`;
  return variant === 'idle' ? 'tray.png' : `tray-${variant}.png`;
}

/**
 * Keeps the tray current: merges state updates, re-renders only when what the user sees
 * changed (the queue is reported often), and re-renders once a minute-ish clock tick changes
 * "10:42" to "Nov 20, 10:42" after midnight.
 */
export interface TrayPresenter {
  update(change: Partial<TrayState>): void;
  /** Re-render if the text changed with the time (call from a timer). */
  tick(): void;
  state(): TrayState;
}

export function createTrayPresenter(
  render: (view: TrayView) => void,
  format: () => TrayFormat & { quickAddAccelerator?: string },
): TrayPresenter {
  let state = { ...INITIAL_TRAY_STATE };
  let shown = '';
  const draw = (): void => {
    const view = trayView(state, format());
    const key = JSON.stringify(view);
    if (key === shown) return;
    shown = key;
    render(view);
  };
  draw();
  return {
    update(change) {
      state = { ...state, ...change };
      draw();
    },
    tick: draw,
    state: () => ({ ...state }),
  };
}
