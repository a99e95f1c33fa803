/**
 * `npm run bench -- chaos`: the chaos run of test/support/node/chaos.ts over many seeds (at least
 * 20; CHAOS_SEEDS=n for more), on the shipped data layer and engine against the simulator. It
 * counts rather than asserts: runs, operations (user and web actions), and the three figures that
 * must be 0: duplicates on the server, lost writes, and errors the user cannot see.
 */
import { runChaos, type ChaosOutcome } from '../support/node/chaos';
import type { Bench, Figure } from './bench';

const SEEDS = Math.max(20, Number(process.env.CHAOS_SEEDS ?? 20));
const STEPS = Number(process.env.CHAOS_STEPS ?? 160);
const OFFSETS = [0, 3_600_000, -3_600_000];

export const bench: Bench = {
  name: 'chaos',
  async run(): Promise<Figure[]> {
    const outcomes: ChaosOutcome[] = [];
    for (let seed = 1; seed <= SEEDS; seed++) {
      const outcome = await runChaos({ seed, steps: STEPS, serverClockOffsetMs: OFFSETS[seed % OFFSETS.length] });
      outcomes.push(outcome);
      const bad = [...outcome.duplicates, ...outcome.lostWrites, ...outcome.invisibleErrors, ...outcome.unconverged];
      process.stderr.write(
        `  chaos: seed ${seed}: ${outcome.operations} operations, ${outcome.rounds} rounds, ${outcome.crashes} crashes` +
          `${bad.length > 0 ? `; ${bad.length} problems:\n    ${bad.join('\n    ')}` : ''}\n`,
      );
    }
    const sum = (pick: (o: ChaosOutcome) => number): number => outcomes.reduce((n, o) => n + pick(o), 0);
    return [
      { figure: 'chaos.runs', value: outcomes.length, unit: 'seeds' },
      { figure: 'chaos.operations', value: sum((o) => o.operations), unit: 'user and web actions' },
      { figure: 'chaos.rounds', value: sum((o) => o.rounds), unit: 'rounds' },
      { figure: 'chaos.crashes', value: sum((o) => o.crashes), unit: 'crashes' },
      { figure: 'chaos.duplicates', value: sum((o) => o.duplicates.length), unit: 'server records' },
      { figure: 'chaos.lost_writes', value: sum((o) => o.lostWrites.length), unit: 'values' },
      { figure: 'chaos.invisible_errors', value: sum((o) => o.invisibleErrors.length), unit: 'expenses' },
      { figure: 'chaos.unconverged', value: sum((o) => o.unconverged.length), unit: 'rows' },
    ];
  },
};
