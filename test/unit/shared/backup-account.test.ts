/** Whose book a backup is, and when a restore is allowed (src/shared/backup-account.ts). */
import { describe, expect, it } from 'vitest';
import { backupAccountOf, matchBackupAccount, restoreAllowed } from '@shared/backup-account';

const status = (id: string | null, baseUrl: string | null) => ({
  connected: id !== null,
  baseUrl,
  user: id === null ? null : { id, fullName: 'Dana', email: 'dana@example.com' },
});

describe('backup account', () => {
  it('records the user id and the API host (lower case) of the connected account; none when disconnected', () => {
    expect(backupAccountOf(status('7', 'https://API.Mavenlink.com/api/v1'))).toEqual({ userId: '7', host: 'api.mavenlink.com' });
    expect(backupAccountOf(status('7', 'http://127.0.0.1:4010/api/v1'))).toEqual({ userId: '7', host: '127.0.0.1:4010' });
    expect(backupAccountOf(status(null, null))).toBeNull();
  });

  it('allows only the same account, or a backup that names none', () => {
    const dana = { userId: '7', host: 'api.mavenlink.com' };
    expect(matchBackupAccount(dana, { userId: '7', host: 'api.mavenlink.com' })).toBe('same');
    expect(matchBackupAccount(dana, { userId: '8', host: 'api.mavenlink.com' })).toBe('other-account');
    // The same user id on another Kantata is another account.
    expect(matchBackupAccount(dana, { userId: '7', host: 'eu.mavenlink.example' })).toBe('other-account');
    expect(matchBackupAccount(dana, null)).toBe('not-connected');
    // An older backup knows the user but not the host: the user decides.
    expect(matchBackupAccount({ userId: '7', host: null }, { userId: '7', host: 'api.mavenlink.com' })).toBe('same');
    expect(matchBackupAccount({ userId: '7', host: null }, { userId: '9', host: 'api.mavenlink.com' })).toBe('other-account');
    expect(matchBackupAccount(null, null)).toBe('unknown-owner');
    expect(matchBackupAccount(null, dana)).toBe('unknown-owner');
    expect(['same', 'unknown-owner', 'not-connected', 'other-account'].map((m) => restoreAllowed(m as never))).toEqual([true, true, false, false]);
  });
});
