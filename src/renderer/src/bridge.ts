/**
 * The one way the renderer reaches the main process: `window.courier`, the typed contract that
 * preload (or the e2e harness) exposes. Components and stores call `courier()`; tests that mount
 * components without a main process simply never reach a call that needs it.
 */
import type { CourierApi } from '@shared/contract';

declare global {
  interface Window {
    courier?: CourierApi;
  }
}

export function hasCourier(): boolean {
  return typeof window !== 'undefined' && window.courier !== undefined;
}

export function courier(): CourierApi {
  const api = typeof window !== 'undefined' ? window.courier : undefined;
  if (!api) {
    throw new Error(
      'window.courier is missing: the renderer must run inside Expense Courier (preload) or the e2e harness, which expose the main-process contract.',
    );
  }
  return api;
}
