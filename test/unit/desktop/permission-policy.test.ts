import { describe, expect, it } from 'vitest';
import { APP_ORIGIN } from '@shared/app-origin';
import { isPermissionGranted } from '../../../src/main/core/desktop/permission-policy';

const trusted = [APP_ORIGIN];

describe('permission policy', () => {
  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'display-capture', 'hid', 'unknown'])(
    'denies %s even to the app',
    (permission) => {
      expect(isPermissionGranted(permission, `${APP_ORIGIN}/index.html`, trusted)).toBe(false);
    },
  );

  it('grants persistent storage and clipboard writes to the app origin (URL or origin form)', () => {
    expect(isPermissionGranted('persistent-storage', `${APP_ORIGIN}/index.html`, trusted)).toBe(true);
    expect(isPermissionGranted('clipboard-sanitized-write', APP_ORIGIN, trusted)).toBe(true);
  });

  it('grants nothing to other origins or an unknown requester', () => {
    expect(isPermissionGranted('persistent-storage', 'https://evil.example', trusted)).toBe(false);
    expect(isPermissionGranted('persistent-storage', 'null', trusted)).toBe(false);
    expect(isPermissionGranted('persistent-storage', undefined, trusted)).toBe(false);
    expect(isPermissionGranted('persistent-storage', '', trusted)).toBe(false);
  });
});
