/**
 * The charts' colours, read from the same custom properties as the rest of the app (styles.css):
 * ECharts draws with concrete colours, not `var(--x)`, so the resolved values are read and read
 * again whenever the theme changes (Settings → Theme sets `data-theme` on <html>; 'system'
 * follows prefers-color-scheme, which Electron's nativeTheme drives).
 */
import { onScopeDispose, shallowRef, type ShallowRef } from 'vue';

export interface ChartColors {
  text: string;
  muted: string;
  border: string;
  panel: string;
  series: string[];
}

const SERIES = 7;

export function readChartColors(root: HTMLElement = document.documentElement): ChartColors {
  const style = getComputedStyle(root);
  const get = (name: string): string => style.getPropertyValue(name).trim();
  return {
    text: get('--text'),
    muted: get('--muted'),
    border: get('--border'),
    panel: get('--panel'),
    series: Array.from({ length: SERIES }, (_, i) => get(`--chart-${i + 1}`)),
  };
}

/** The chart colours now, updated when the theme changes, for as long as the calling scope lives. */
export function useChartColors(): ShallowRef<ChartColors> {
  const colors = shallowRef(readChartColors());
  const refresh = (): void => {
    const next = readChartColors();
    if (JSON.stringify(next) !== JSON.stringify(colors.value)) colors.value = next;
  };
  const observer = new MutationObserver(refresh);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  const media = matchMedia('(prefers-color-scheme: dark)');
  media.addEventListener('change', refresh);
  onScopeDispose(() => {
    observer.disconnect();
    media.removeEventListener('change', refresh);
  });
  return colors;
}
