/**
 * `npm run chaos -- --seeds N --minutes M [--from S] [--steps K]`: long chaos runs
 * (test/support/node/chaos.ts), seed after seed until N seeds or M minutes. Prints the seed and the
 * operation log of every failing run and exits non-zero when any failed.
 */
import { parseArgs } from 'node:util';
import { runChaos } from './chaos';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '20' },
    minutes: { type: 'string', default: '0' },
    from: { type: 'string', default: '1' },
    steps: { type: 'string', default: '250' },
  },
});
const seeds = Number(values.seeds);
const deadline = Number(values.minutes) > 0 ? Date.now() + Number(values.minutes) * 60_000 : Infinity;
const offsets = [0, 3_600_000, -3_600_000];

let failed = 0;
let ran = 0;
for (let seed = Number(values.from); ran < seeds || Number(values.minutes) > 0; seed++) {
  if (Date.now() > deadline || (Number(values.minutes) === 0 && ran >= seeds)) break;
  const outcome = await runChaos({ seed, steps: Number(values.steps), serverClockOffsetMs: offsets[seed % offsets.length] });
  ran++;
  const problems = [...outcome.duplicates, ...outcome.lostWrites, ...outcome.invisibleErrors, ...outcome.unconverged];
  console.log(`seed ${seed}: ${outcome.operations} operations, ${outcome.rounds} rounds, ${outcome.crashes} crashes, ${problems.length} problems`);
  if (problems.length > 0) {
    failed++;
    console.log(`  CHAOS_SEED=${seed} failed:\n    ${problems.join('\n    ')}\n  operation log:\n    ${outcome.log.join('\n    ')}`);
  }
}
console.log(`${ran - failed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
