/**
 * Runs axe-core (every rule of its default set, any impact) on the page as it is, and describes
 * each violation with the elements it found, so a failure says what to fix.
 */
import axe from 'axe-core';

export interface AxeReport {
  violations: string[];
  rules: number;
}

export async function axeReport(context: axe.ElementContext = document): Promise<AxeReport> {
  const result = await axe.run(context, { resultTypes: ['violations'] });
  return {
    rules: result.passes.length + result.violations.length + result.incomplete.length + result.inapplicable.length,
    violations: result.violations.map(
      (v) => `${v.id} (${v.impact ?? 'n/a'}): ${v.help} → ${v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`).join(' | ')}`,
    ),
  };
}

/** Light and dark, as Settings → Theme sets them. */
export const THEMES = ['light', 'dark'] as const;

export function useTheme(theme: (typeof THEMES)[number]): void {
  document.documentElement.dataset.theme = theme;
}
