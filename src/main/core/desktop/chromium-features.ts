/**
 * Chromium features the app turns off. The shell applies them before the app is ready
 * (platform/chromium-features.ts); the e2e harness, browser tests and benchmarks launch Chromium
 * with the same list, so they run the engine the way the app ships it.
 */

export const DISABLED_CHROMIUM_FEATURES: readonly string[] = [
  // After a key press or click, Chromium holds some renderer tasks, IndexedDB replies among them,
  // until it has painted the next frame. That helps a web page show a pressed button sooner. Here
  // the result the user waits for after Enter is the IndexedDB write itself, so holding it back only
  // delays the saved row by a frame (save.to_row_ms, median of 11: about 28 ms with it, 16 without).
  'DeferRendererTasksAfterInput',
];

/**
 * The value for `--disable-features` that keeps what is already there (from the user's command
 * line) and adds `features`. Chromium reads one comma-separated list: a second switch would replace it.
 */
export function mergeFeatureList(existing: string | undefined, features: readonly string[]): string {
  const merged = (existing ?? '').split(',').map((name) => name.trim()).filter(Boolean);
  for (const feature of features) if (!merged.includes(feature)) merged.push(feature);
  return merged.join(',');
}

/** `--disable-features=…` for a Chromium launched outside Electron (tests, benchmarks). */
export function disableFeaturesSwitch(features: readonly string[] = DISABLED_CHROMIUM_FEATURES): string {
  return `--disable-features=${mergeFeatureList(undefined, features)}`;
}
