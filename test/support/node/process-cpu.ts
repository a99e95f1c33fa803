/**
 * CPU time used by this process and its descendants (Chromium's processes, a forked core), read
 * from Linux's /proc: where a bench's cores went, beside its wall times. Elsewhere it reads nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_S = 100;

export function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function children(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  return tasks.flatMap((task) => (read(`/proc/${pid}/task/${task}/children`) ?? '').split(/\s+/).filter(Boolean).map(Number));
}

/** utime + stime of one process, seconds (fields 14 and 15 of /proc/<pid>/stat, after the command name). */
export function cpuSeconds(pid: number): number {
  const stat = read(`/proc/${pid}/stat`);
  if (!stat) return 0;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
}

/** Every process below this one (Chromium's browser, zygotes, renderers, …) with its command line. */
export function descendants(): Array<{ pid: number; cmdline: string }> {
  const out: Array<{ pid: number; cmdline: string }> = [];
  const pending = children(process.pid);
  while (pending.length > 0) {
    const pid = pending.pop()!;
    pending.push(...children(pid));
    out.push({ pid, cmdline: (read(`/proc/${pid}/cmdline`) ?? '').replaceAll('\0', ' ') });
  }
  return out;
}

/**
 * CPU seconds so far of this process (label 'self') and of every descendant, summed per label;
 * `label` names a descendant by its command line (null: not counted).
 */
export function cpuByLabel(label: (cmdline: string) => string | null): Map<string, number> {
  const out = new Map<string, number>([['self', cpuSeconds(process.pid)]]);
  for (const { pid, cmdline } of descendants()) {
    const name = label(cmdline);
    if (name !== null) out.set(name, (out.get(name) ?? 0) + cpuSeconds(pid));
  }
  return out;
}

/** What each label used between two readings, seconds. */
export function cpuSince(before: ReadonlyMap<string, number>, after: ReadonlyMap<string, number>): Map<string, number> {
  return new Map([...after].map(([name, s]) => [name, s - (before.get(name) ?? 0)]));
}
