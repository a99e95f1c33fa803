/**
 * The chaos run (test/support/node/chaos.ts) on the shipped data layer and engine: three devices
 * with overlapping rounds, the user working during rounds (Undo included), Kantata's web UI
 * changing data at any moment (between pages, between pull and push), crashes after any request,
 * every fault (late commits, drops, timeouts, 5xx, 429, 401, 403, refused items), second-precision
 * timestamps and a clock 60 times faster than real time. A bounded run here; `npm run chaos --
 * --seeds N --minutes M` for long ones, `npm run bench -- chaos` for the figures.
 * CHAOS_SEED=n reruns one seed; on failure the seed and the operation log are printed.
 */
import { describe, expect, it } from 'vitest';
import { runChaos } from '../support/node/chaos';

const OFFSETS = [0, 3_600_000, -3_600_000];
const seeds = process.env.CHAOS_SEED ? [Number(process.env.CHAOS_SEED)] : [1, 2, 3, 4, 5, 6];

describe('chaos', () => {
  for (const seed of seeds) {
    const offset = OFFSETS[seed % OFFSETS.length]!;
    it(`seed ${seed}, server clock ${offset / 60_000} min off: no duplicate, no lost write, no invisible error, converged`, async () => {
      const outcome = await runChaos({ seed, steps: 200, serverClockOffsetMs: offset });
      const problems = {
        duplicates: outcome.duplicates,
        lostWrites: outcome.lostWrites,
        invisibleErrors: outcome.invisibleErrors,
        unconverged: outcome.unconverged,
      };
      if (Object.values(problems).some((list) => list.length > 0)) {
        console.error(`chaos failed with CHAOS_SEED=${seed}\n${JSON.stringify(problems, null, 2)}\noperation log:\n  ${outcome.log.join('\n  ')}`);
      }
      expect(problems).toEqual({ duplicates: [], lostWrites: [], invisibleErrors: [], unconverged: [] });
      // The run did what it claims: work, rounds and crashes happened.
      expect(outcome.operations).toBeGreaterThan(50);
      expect(outcome.rounds).toBeGreaterThan(20);
    }, 60_000);
  }
});
