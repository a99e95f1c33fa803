/**
 * The machine-readable axe-core results (test-results/axe-summary.json): one entry per view,
 * state and theme, with the violations counted by impact and how many rules were checked. Two
 * sources write into the one file, each replacing only its own part: the browser tests on the
 * mounted app ("mounted") and the e2e test on the built app ("builtApp").
 */
import type { ImpactValue } from 'axe-core';

export const AXE_SUMMARY_PATH = 'test-results/axe-summary.json';

export type AxeSource = 'mounted' | 'builtApp';
export const IMPACTS = ['critical', 'serious', 'moderate', 'minor'] as const;

export interface AxeEntry {
  view: string;
  state: string;
  theme: 'light' | 'dark';
  /** Rules axe ran on the page (applicable or not). */
  rulesChecked: number;
  /** Rules that found something to check on the page and passed. */
  rulesPassed: number;
  /** Rules axe could not decide (needs a human look; not violations). */
  rulesIncomplete: number;
  violations: Record<(typeof IMPACTS)[number] | 'total', number>;
  /** Ids of the violated rules (empty when accessible). */
  violatedRules: string[];
}

export interface AxeSummary {
  axeVersion: string;
  sources: Partial<Record<AxeSource, { writtenAt: string; description: string; entries: AxeEntry[] }>>;
}

/** What the summary needs of an axe run: its rule results (a full AxeResults, or their ids and impacts from a page). */
export interface AxeRuleResults {
  passes: readonly unknown[];
  incomplete: readonly unknown[];
  inapplicable: readonly unknown[];
  violations: ReadonlyArray<{ id: string; impact?: ImpactValue | null }>;
}

export function axeEntry(result: AxeRuleResults, where: Pick<AxeEntry, 'view' | 'state' | 'theme'>): AxeEntry {
  const violations = { critical: 0, serious: 0, moderate: 0, minor: 0, total: 0 };
  for (const v of result.violations) {
    const impact: ImpactValue = v.impact ?? 'minor';
    violations[impact]++;
    violations.total++;
  }
  return {
    ...where,
    rulesChecked: result.passes.length + result.violations.length + result.incomplete.length + result.inapplicable.length,
    rulesPassed: result.passes.length,
    rulesIncomplete: result.incomplete.length,
    violations,
    violatedRules: result.violations.map((v) => v.id),
  };
}

/** The summary file's new text: `existing` (its text, or null) with `source` replaced. */
export function mergeAxeSummary(existing: string | null, axeVersion: string, source: AxeSource, description: string, entries: AxeEntry[]): string {
  let summary: AxeSummary = { axeVersion, sources: {} };
  try {
    if (existing) summary = JSON.parse(existing) as AxeSummary;
  } catch {
    // A damaged file is replaced.
  }
  summary.axeVersion = axeVersion;
  summary.sources = { ...summary.sources, [source]: { writtenAt: new Date().toISOString(), description, entries } };
  return `${JSON.stringify(summary, null, 2)}\n`;
}
