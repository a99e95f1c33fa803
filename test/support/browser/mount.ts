/**
 * Mount renderer components for browser tests: a fresh uniquely named database (real IndexedDB),
 * a fresh Pinia, a sized host element in document.body. `cleanup` unmounts, disposes the stores
 * and deletes the database.
 */
import { createApp, type Component } from 'vue';
import { page } from 'vitest/browser';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { CourierDatabase } from '@renderer/db/database';
import { useDatabase } from '@renderer/db/current';
import { setUserLocale } from '@renderer/locale';
import { applyPreferences } from '@renderer/preferences';
import { DEFAULT_SETTINGS } from '@shared/settings';
import '@renderer/styles.css';
import { testDbName } from './seed';

export interface Mounted {
  host: HTMLElement;
  db: CourierDatabase;
  pinia: Pinia;
  cleanup: () => Promise<void>;
}

export async function mountWithDb(
  component: Component,
  options: { db?: CourierDatabase; props?: Record<string, unknown>; width?: number; height?: number; keepDb?: boolean } = {},
): Promise<Mounted> {
  setUserLocale('en-US');
  await page.viewport(options.width ?? 1100, options.height ?? 700);
  const db = useDatabase(options.db ?? new CourierDatabase(testDbName('ui')));
  const host = document.createElement('div');
  host.style.cssText = `width:${options.width ?? 1100}px;height:${options.height ?? 700}px;position:relative;display:flex;flex-direction:column;`;
  document.body.appendChild(host);
  const pinia = createPinia();
  setActivePinia(pinia);
  const app = createApp(component, options.props ?? {});
  app.use(pinia);
  app.mount(host);
  return {
    host,
    db,
    pinia,
    cleanup: async () => {
      app.unmount();
      pinia._s.forEach((store) => store.$dispose());
      host.remove();
      // A test that chose a theme or language leaves the next one the defaults.
      applyPreferences(DEFAULT_SETTINGS);
      setUserLocale('en-US');
      if (!options.keepDb) await db.delete();
    },
  };
}

/** Poll until `check` passes (the UI follows IndexedDB asynchronously). */
export async function until<T>(check: () => T | undefined | null | false, what: string, timeoutMs = 10_000): Promise<T> {
  const start = performance.now();
  for (;;) {
    const v = check();
    if (v) return v;
    if (performance.now() - start > timeoutMs) throw new Error(`Timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
