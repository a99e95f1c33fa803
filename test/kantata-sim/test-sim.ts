/** The simulator a test file shares: started before its tests, closed after them. */
import { afterAll, beforeAll } from 'vitest';
import { startTestSim, type SimClient } from './helpers';
import type { SimOptions } from './index';
import { buildWorld, type World } from './world';

export interface StartedSim {
  c: SimClient;
  w: World;
}

/** `onStart` receives the client and its world (a project, a category) once the simulator listens. */
export function withTestSim(options: SimOptions, onStart: (started: StartedSim) => void | Promise<void>): void {
  let client: SimClient | null = null;
  beforeAll(async () => {
    client = await startTestSim(options);
    await onStart({ c: client, w: buildWorld(client.sim) });
  });
  afterAll(() => client?.sim.close());
}
