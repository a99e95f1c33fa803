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

/** `rgb(36, 87, 214)` as `#2457d6`, as the custom properties spell it; anything else as is. */
function asHex(color: string): string {
  const rgb = /^rgb\((\d+), (\d+), (\d+)\)$/.exec(color);
  return rgb ? `#${rgb.slice(1).map((c) => Number(c).toString(16).padStart(2, '0')).join('')}` : color;
}

/**
 * The properties hold `light-dark(…, …)`, which only a colour property resolves; so each is read
 * through a hidden probe's `color`, in the scheme the root uses now.
 */
export function readChartColors(root: HTMLElement = document.documentElement): ChartColors {
  const probe = document.createElement('span');
  probe.hidden = true;
  root.append(probe);
  const get = (name: string): string => {
    probe.style.color = `var(${name})`;
    return asHex(getComputedStyle(probe).color);
  };
  try {
    return {
      text: get('--text'),
      muted: get('--muted'),
      border: get('--border'),
      panel: get('--panel'),
      series: Array.from({ length: SERIES }, (_, i) => get(`--chart-${i + 1}`)),
    };
  } finally {
    probe.remove();
  }
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
