/**
 * Resident memory of this process and of Chromium's processes below it, read from Linux's /proc,
 * for the benchmarks' peak-memory figures. Resident memory is what the OS has to keep in RAM for
 * the process (VmRSS): the JS heap, array buffers, Blink's and V8's own allocations and the code.
 *
 * A peak is the kernel's own high-water mark (VmHWM, reset to the current RSS by writing 5 to
 * /proc/<pid>/clear_refs, Linux 4.0+), which sees a spike however short; RSS is also sampled
 * every 20 ms, for a kernel that refuses the reset. Elsewhere than Linux it reads nothing.
 */
import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { descendants, read } from './process-cpu';

/** A field of /proc/<pid>/status in bytes (the kernel gives kB); null when unreadable. */
function statusBytes(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(read(`/proc/${pid}/status`) ?? '');
  return match ? Number(match[1]) * 1024 : null;
}

export const rssBytes = (pid: number): number => statusBytes(pid, 'VmRSS') ?? Number.NaN;

function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

export interface PeakWatch {
  /** Peak RSS in bytes of each watched process since the watch began. */
  stop(): Map<number, number>;
}

/** Starts watching the peak resident memory of `pids`. */
export function watchPeakRss(pids: readonly number[]): PeakWatch {
  const kernelPeak = new Map(pids.map((pid) => [pid, resetPeak(pid)]));
  const sampled = new Map(pids.map((pid) => [pid, rssBytes(pid)]));
  const sample = (): void => {
    for (const pid of pids) sampled.set(pid, Math.max(sampled.get(pid)!, rssBytes(pid)));
  };
  const timer = setInterval(sample, 20);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return new Map(
        pids.map((pid) => [pid, Math.max(sampled.get(pid)!, kernelPeak.get(pid) ? (statusBytes(pid, 'VmHWM') ?? 0) : 0)]),
      );
    },
  };
}

/** Chromium's processes below this one, by their --type (the browser process has none). */
export function chromiumProcesses(): Array<{ pid: number; type: string }> {
  return descendants()
    .filter(({ cmdline }) => /\bchrom(e|ium)\b/.test(cmdline.split(' ')[0] ?? ''))
    .map(({ pid, cmdline }) => ({ pid, type: /--type=(\S+)/.exec(cmdline)?.[1] ?? 'browser' }));
}

/**
 * The pid of the renderer process that runs `page`. CDP's SystemInfo lists Chromium's processes
 * but not which page each renderer runs, and a browser keeps several (other pages, a spare one
 * for the next navigation), so the page holds 64 MB of written bytes for a moment and the
 * renderer whose RSS grew by them is its own (CPU time would do too, but not on a busy machine).
 * Collect garbage before measuring anything after this.
 */
export async function rendererPid(page: Page): Promise<number> {
  const PROBE = 64 * 1024 * 1024;
  type Probed = { __rssProbe?: Uint8Array };
  const renderers = chromiumProcesses().filter((p) => p.type === 'renderer');
  const before = new Map(renderers.map(({ pid }) => [pid, rssBytes(pid)]));
  await page.evaluate((size) => void ((globalThis as Probed).__rssProbe = new Uint8Array(size).fill(1)), PROBE);
  try {
    const grown = renderers.filter(({ pid }) => rssBytes(pid) - before.get(pid)! > PROBE * 0.8);
    if (grown.length !== 1) throw new Error(`could not tell which Chromium renderer runs the page (${grown.length} grew by 64 MB)`);
    return grown[0]!.pid;
  } finally {
    await page.evaluate(() => void delete (globalThis as Probed).__rssProbe);
  }
}
