/**
 * The renderer's one route decision: every window loads the same bundle from the same origin
 * (one IndexedDB); the quick-add window adds `#/quick-add` (src/main/core/quick-add/window-options.ts).
 * Screens inside the main window are App.vue's business (navigation.ts), not the URL's.
 */
export const QUICK_ADD_HASH = '#/quick-add';

export function isQuickAddRoute(hash: string = typeof location === 'undefined' ? '' : location.hash): boolean {
  return hash === QUICK_ADD_HASH || hash.startsWith(`${QUICK_ADD_HASH}?`) || hash.startsWith(`${QUICK_ADD_HASH}/`);
}
