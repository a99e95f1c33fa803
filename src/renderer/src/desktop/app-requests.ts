/**
 * What main asks the main window to do (application menu, tray, notification clicks): switch
 * screen, open a new expense, focus search, open one expense. App.vue switches the screen; the
 * expenses view takes the request and clears it, so a request is acted on once.
 */
import { shallowRef } from 'vue';
import type { AppView } from '@shared/contract';
import { courier, hasCourier } from '@renderer/bridge';

export type AppRequest = { kind: 'new-expense' } | { kind: 'search' } | { kind: 'open-expense'; id: string };

/** The pending request for the expenses view, or null. */
export const appRequest = shallowRef<AppRequest | null>(null);

/** The screen (navigation.ts id) each view of the contract lives on. */
export function screenOf(view: AppView): string {
  if (view === 'settings') return 'settings';
  if (view === 'attention') return 'conflicts';
  if (view === 'reports') return 'reports';
  if (view === 'account') return 'account';
  return 'expenses';
}

export function takeAppRequest(): AppRequest | null {
  const request = appRequest.value;
  appRequest.value = null;
  return request;
}

/** Subscribes to navigate/openExpense; `show(screen)` switches the main window's screen. */
export function listenForAppRequests(show: (screen: string) => void): () => void {
  if (!hasCourier()) return () => {};
  const api = courier();
  const stops = [
    api.on('navigate', ({ view }) => {
      show(screenOf(view));
      if (view === 'new-expense') appRequest.value = { kind: 'new-expense' };
      else if (view === 'search') appRequest.value = { kind: 'search' };
    }),
    api.on('openExpense', ({ id }) => {
      show('expenses');
      appRequest.value = { kind: 'open-expense', id };
    }),
  ];
  return () => stops.forEach((stop) => stop());
}
