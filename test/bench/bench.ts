/** The shape every test/bench/*.bench.ts exports, and small measuring helpers. */

export interface Figure {
  /** Dotted name, e.g. `list.first_render_100k_ms`. */
  figure: string;
  value: number;
  unit: string;
}

export interface Bench {
  /** What `npm run bench -- NAME` selects, e.g. `list`. */
  name: string;
  run(): Promise<Figure[]>;
}

export function isBench(value: unknown): value is Bench {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Bench>;
  return typeof candidate.name === 'string' && typeof candidate.run === 'function';
}

/** The p-th percentile (0..100) of the samples, nearest-rank. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const median = (samples: readonly number[]): number => percentile(samples, 50);

/** Rounds to 0.1 for the table and the results file. */
export const round1 = (value: number): number => Math.round(value * 10) / 10;
