/** The backup modules' ports over window.courier (the app; the Node tests build theirs over main's core). */
import type { CourierApi } from '@shared/contract';
import type { BackupWritePort } from './write';
import type { BackupReadPort } from './read';
import type { BackupRestorePort } from './restore';
import { buildInWorker } from './build-in-worker';

export type BackupPorts = BackupWritePort & BackupReadPort & BackupRestorePort;

export function courierBackupPorts(api: CourierApi): BackupPorts {
  return {
    backupWriteBegin: (r) => api.backupWriteBegin(r),
    build: buildInWorker,
    backupWriteChunk: (r) => api.backupWriteChunk(r),
    backupWriteEnd: (r) => api.backupWriteEnd(r),
    backupMainState: () => api.backupMainState(),
    backupReadBegin: () => api.backupReadBegin(),
    backupReadChunk: (r) => api.backupReadChunk(r),
    backupReadEnd: (r) => api.backupReadEnd(r),
    backupRestoreMainState: (r) => api.backupRestoreMainState(r),
    accountStatus: () => api.accountStatus(),
    settings: async () => (await api.settingsGet()).settings,
    applySettings: (patch) => api.settingsSet(patch),
  };
}
