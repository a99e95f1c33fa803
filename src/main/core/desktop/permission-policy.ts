import { originOf } from '@shared/app-origin';

/**
 * Web permissions the app's own pages may have. Everything else (camera, microphone,
 * geolocation, notifications from the page, clipboard read, ...) is denied: main shows
 * notifications itself, and receipts come in by file picker or drop.
 */
export const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set([
  // navigator.storage.persist(): keeps IndexedDB (unsynced expenses) from being evicted.
  'persistent-storage',
  // navigator.clipboard.writeText() for "copy" buttons.
  'clipboard-sanitized-write',
]);

/** Deny by default: only listed permissions, and only for the app's own origin. */
export function isPermissionGranted(
  permission: string,
  requestingUrlOrOrigin: string | undefined,
  trustedOrigins: readonly string[],
): boolean {
  if (!GRANTED_PERMISSIONS.has(permission) || !requestingUrlOrOrigin) return false;
  const origin = originOf(requestingUrlOrOrigin);
  return origin !== undefined && trustedOrigins.some((trusted) => trusted.toLowerCase() === origin);
}
