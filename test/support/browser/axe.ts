/**
 * Runs axe-core (every rule of its default set, any impact) on the page as it is, and describes
 * each violation with the elements it found, so a failure says what to fix. Each run is also
 * counted for test-results/axe-summary.json (test/support/common/axe-summary.ts).
 */
import axe from 'axe-core';
import { commands } from 'vitest/browser';
import { AXE_SUMMARY_PATH, axeEntry, mergeAxeSummary, type AxeEntry } from '../common/axe-summary';

export interface AxeReport {
  violations: string[];
  rules: number;
}

export async function axeReport(context: axe.ElementContext = document, where?: Pick<AxeEntry, 'view' | 'state' | 'theme'>): Promise<AxeReport> {
  const result = await axe.run(context, { resultTypes: ['violations'] });
  if (where) recorded.push(axeEntry(result, where));
  return {
    rules: result.passes.length + result.violations.length + result.incomplete.length + result.inapplicable.length,
    violations: result.violations.map(
      (v) => `${v.id} (${v.impact ?? 'n/a'}): ${v.help} → ${v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`).join(' | ')}`,
    ),
  };
}

const recorded: AxeEntry[] = [];

/** Writes the runs recorded so far into the summary's "mounted" part (vitest's file commands resolve against the project root). */
export async function writeAxeSummary(): Promise<void> {
  const existing = await commands.readFile(AXE_SUMMARY_PATH).catch(() => null);
  const text = mergeAxeSummary(existing, axe.version, 'mounted', 'axe-core on the app mounted in Chromium (vitest browser tests, test/browser/ui/a11y.test.ts)', recorded);
  await commands.writeFile(AXE_SUMMARY_PATH, text);
}

/** Light and dark, as Settings → Theme sets them. */
export const THEMES = ['light', 'dark'] as const;

export function useTheme(theme: (typeof THEMES)[number]): void {
  document.documentElement.dataset.theme = theme;
}
