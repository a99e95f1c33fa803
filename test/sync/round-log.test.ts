/**
 * Every sync round leaves one log line with its counts and duration, and one per error the user
 * sees on an expense, through the real engine against the simulator (loggedRounds is what
 * app-core wraps around syncRound).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loggedRounds } from '../../src/main/core/logging/round-log';
import { log, setLogSink, type LogLevel } from '../../src/main/core/logging/log';
import { Device } from '../support/node/device';
import { engineFor, startWorld, type SimWorld } from './support';

let world: SimWorld;
const lines: { level: LogLevel; data: unknown[] }[] = [];
beforeEach(async () => {
  world = await startWorld();
  lines.length = 0;
  const capture = (level: LogLevel) => (...data: unknown[]) => void lines.push({ level, data });
  setLogSink({ error: capture('error'), warn: capture('warn'), info: capture('info'), debug: capture('debug') });
});
afterEach(() => world.close());

describe('round log', () => {
  it('logs each round with its counts and duration, and each error with the expense it is about', async () => {
    const local = new Device(world);
    const engine = engineFor(world);
    const round = loggedRounds((request) => engine.runRound(request), log.scope('sync'));
    const first = await local.create({ notes: 'private note' });
    await local.create();
    expect((await local.round(engine)).status).toBe('ok');
    lines.length = 0;

    await local.edit(first, { notes: 'changed' });
    world.sim.admin.injectFault({ kind: 'status', status: 403, method: 'PUT' });
    const request = await local.buildRequest();
    const result = await round(request);
    expect(result.settlements[0]?.error?.kind).toBe('forbidden');

    const [summary, error] = lines;
    expect(summary!.level).toBe('info');
    expect(summary!.data[0]).toMatch(new RegExp(`^\\[sync\\] round ${request.roundId} ok in \\d+ ms$`));
    expect(summary!.data[1]).toMatchObject({
      roundId: request.roundId,
      status: 'ok',
      outbox: 1,
      requests: result.stats.requests,
      durationMs: result.stats.finishedAt - result.stats.startedAt,
      outcomes: { error: 1 },
      pulled: { complete: true, full: false },
    });
    expect(error!.level).toBe('warn');
    expect(error!.data[0]).toContain(`expense ${first} error: forbidden:`);
    // Expense contents are not logged.
    expect(JSON.stringify(lines)).not.toContain('changed');
    expect(JSON.stringify(lines)).not.toContain('private note');
  });

  it('logs a round that fails outright with its context, and passes the failure on', async () => {
    const round = loggedRounds(async () => {
      throw new Error('engine exploded');
    }, log.scope('sync'));
    await expect(round({ roundId: 'r-9', outbox: [], expenses: [], cursor: null })).rejects.toThrow('engine exploded');
    expect(lines.map((line) => [line.level, line.data[0]])).toEqual([['error', expect.stringMatching(/^\[sync\] round r-9 failed after \d+ ms \(outbox 0\)$/)]]);
    expect((lines[0]!.data[1] as Error).message).toBe('engine exploded');
  });
});
