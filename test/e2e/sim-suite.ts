/**
 * The set-up every e2e file against the Kantata simulator shares: one harness (built renderer in
 * Chromium, the real core, the simulator) for the file, the simulator's reference data, and after
 * each test a screenshot of every page it opened, the faults it injected cleared, the network
 * back on, and no unseen problem in a page (console errors, uncaught exceptions, stray events).
 */
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { fetchReferenceRows, type ReferenceRows } from '../support/node/reference-data';
import { screenshotAndClose } from './app-ui';
import { startHarness, type Harness } from './harness';

type Sim = NonNullable<Harness['sim']>;
type Workspace = ReferenceRows['workspaces'][number];

export interface SimSuite {
  readonly harness: Harness;
  readonly reference: ReferenceRows;
  readonly sim: Sim;
  /** Pages a test opened; each is screenshotted and closed after it. */
  readonly pages: Page[];
  /** Opens the main window and keeps it for the after-test screenshot. */
  openMainWindow(): Promise<Page>;
  /** A USD project the simulator's user can book on. */
  usd(): Workspace;
  /** A note nobody else uses, so server look-ups find exactly this test's expenses. */
  note(label: string): string;
  /** A number no other call in this file returns (tokens, category names). */
  nextId(): number;
}

export interface SimSuiteOptions {
  /** Runs after the shared after-test steps, before the problem check. */
  afterEach?: (suite: SimSuite) => Promise<void>;
  /** False where a file provokes page errors on purpose and checks them itself. */
  checkProblems?: boolean;
}

export function simSuite(label: string, options: SimSuiteOptions = {}): SimSuite {
  let harness: Harness | undefined;
  let reference: ReferenceRows | undefined;
  let runId = 0;
  const pages: Page[] = [];

  const suite: SimSuite = {
    get harness() {
      if (!harness) throw new Error('simSuite: the harness starts in beforeAll');
      return harness;
    },
    get reference() {
      if (!reference) throw new Error('simSuite: the reference data is read in beforeAll');
      return reference;
    },
    get sim() {
      return suite.harness.sim!;
    },
    pages,
    async openMainWindow() {
      const page = await suite.harness.openMainWindow();
      pages.push(page);
      return page;
    },
    usd: () => suite.reference.workspaces.find((w) => w.currency === 'USD' && !w.archived)!,
    note: (text) => `${text} #${++runId}-${Date.now()}`,
    nextId: () => ++runId,
  };

  beforeAll(async () => {
    harness = await startHarness();
    reference = await fetchReferenceRows(harness.sim!);
  });

  afterEach(async (context) => {
    await screenshotAndClose(pages, label, context.task.name);
    suite.sim.admin.clearFaults();
    await suite.harness.context.setOffline(false);
    await suite.harness.setOnline(true);
    await options.afterEach?.(suite);
    if (options.checkProblems !== false) expect(suite.harness.problems.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    await harness?.close();
  });

  return suite;
}
