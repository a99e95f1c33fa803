/** What main's scheduler asks the leading window for (the syncRequested event), for tests that run rounds by hand. */
import type { SyncRequest } from '@shared/protocol/round';

/** "Sync now" and app start: everything, reference data and id reconciliation included. */
export const SYNC_NOW: SyncRequest = Object.freeze({ reason: 'sync-now', reconcile: true, refreshReference: true });
export const APP_START: SyncRequest = Object.freeze({ reason: 'app-start', reconcile: true, refreshReference: true });
/** The outbox grew: a push (and pull) round, nothing more. */
export const LOCAL_WRITE: SyncRequest = Object.freeze({ reason: 'local-write', reconcile: false, refreshReference: false });
