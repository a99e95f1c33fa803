/** The executor's SyncPort over the contract (`window.courier`): rounds, reference data and round reports go to main. */
import type { CourierApi } from '@shared/contract';
import type { CourierDatabase } from '@renderer/db/database';
import { applyReferenceSnapshot, referenceRequest } from './reference-db';
import type { SyncPort } from './executor';

export function courierSyncPort(db: CourierDatabase, api: CourierApi): SyncPort {
  return {
    syncRound: (request) => api.syncRound(request),
    syncPullChunk: (request) => api.syncPullChunk(request),
    refreshReference: async () => applyReferenceSnapshot(db, await api.referenceRefresh(await referenceRequest(db))),
    roundEnded: (report) => api.syncRoundEnded(report),
  };
}
