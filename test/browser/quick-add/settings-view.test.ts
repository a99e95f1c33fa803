/**
 * The Settings view in Chromium against a recording `window.courier` (main is the Electron
 * boundary): the shortcut is set by pressing it and main's refusal is shown in its words; the
 * default currency and the switches are sent as settingsSet patches; a switch whose change was
 * refused shows what was kept.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { DEFAULT_SETTINGS, type AppSettings, type AppSettingsPatch, type SettingsState } from '@shared/settings';
import SettingsView from '@renderer/views/SettingsView.vue';
import { userDateFormat } from '@renderer/locale';
import { formatDayLocal } from '@renderer/i18n';
import { mountWithDb, until, type Mounted } from '../../support/browser/mount';

const TAKEN = 'CommandOrControl+Alt+X';

function fakeMain(startAtLoginSupported: boolean) {
  const patches: AppSettingsPatch[] = [];
  let settings: AppSettings = { ...DEFAULT_SETTINGS };
  let shortcut: SettingsState['shortcut'] = { ok: true, accelerator: settings.quickAddShortcut };
  const about = { version: '1.2.3', electron: '45.4.1', chrome: '142.0.7444.59', node: '22.20.0' };
  const state = (): SettingsState => ({ settings, shortcut, startAtLoginSupported, about });
  window.courier = {
    settingsGet: async () => state(),
    settingsSet: async (patch: AppSettingsPatch) => {
      patches.push(patch);
      if (patch.quickAddShortcut === TAKEN) {
        shortcut = { ok: false, accelerator: TAKEN, reason: 'taken', message: 'Ctrl+Alt+X is already used by another app, so it cannot open quick add. Choose another shortcut in Settings.' };
        return state();
      }
      settings = { ...settings, ...patch };
      if (patch.quickAddShortcut !== undefined) shortcut = { ok: true, accelerator: patch.quickAddShortcut };
      return state();
    },
    on: () => () => {},
  } as unknown as NonNullable<Window['courier']>;
  return patches;
}

let m: Mounted | null = null;
afterEach(async () => {
  await m?.cleanup();
  m = null;
  delete window.courier;
});

const byTestId = <T extends HTMLElement = HTMLInputElement>(id: string) => m!.host.querySelector<T>(`[data-testid="${id}"]`);

describe('settings view', () => {
  it('sets the quick-add shortcut by pressing it, and says why a taken one was not used', async () => {
    const patches = fakeMain(true);
    m = await mountWithDb(SettingsView);
    const field = await until(() => byTestId<HTMLInputElement>('settings-shortcut'), 'shortcut field');
    expect(field.value).toBe('Ctrl+Shift+E');

    await userEvent.click(field);
    await userEvent.keyboard('{Control>}{Alt>}x{/Alt}{/Control}');
    await until(() => byTestId('settings-shortcut-problem'), 'problem shown');
    expect(byTestId('settings-shortcut-problem')!.textContent).toBe(
      'Ctrl+Alt+X is already used by another app, so it cannot open quick add. Choose another shortcut in Settings.',
    );
    expect(field.value).toBe('Ctrl+Shift+E');

    await userEvent.click(field);
    await userEvent.keyboard('{Control>}{Alt>}j{/Alt}{/Control}');
    await until(() => field.value === 'Ctrl+Alt+J', 'new shortcut shown');
    expect(byTestId('settings-shortcut-problem')).toBeNull();
    expect(patches).toEqual([{ quickAddShortcut: TAKEN }, { quickAddShortcut: 'CommandOrControl+Alt+J' }]);
  });

  it('saves the default currency, refusing a code that is not one, and the switches', async () => {
    const patches = fakeMain(false);
    m = await mountWithDb(SettingsView);
    const currency = await until(() => byTestId<HTMLInputElement>('settings-currency'), 'currency field');
    await userEvent.fill(currency, 'xq1');
    await userEvent.keyboard('{Enter}');
    await until(() => m!.host.textContent?.includes('Enter a 3-letter ISO currency code'), 'currency message');
    await userEvent.fill(currency, 'eur');
    await userEvent.keyboard('{Enter}');
    await until(() => patches.length === 1, 'currency saved');
    expect(patches[0]).toEqual({ defaultCurrency: 'EUR' });

    expect(byTestId('settings-start-at-login')!.disabled).toBe(true);
    expect(byTestId('settings-notifications')!.checked).toBe(true);
    await userEvent.click(byTestId('settings-notifications')!);
    await until(() => patches.length === 2, 'notifications saved');
    expect(patches[1]).toEqual({ notifications: false });
  });

  it('switches language and theme at once, sets the defaults of new expenses, and shows the versions', async () => {
    const patches = fakeMain(true);
    m = await mountWithDb(SettingsView);
    const language = await until(() => byTestId<HTMLSelectElement>('settings-language'), 'language');
    expect(m.host.querySelector('h1')!.textContent).toBe('Settings');
    expect(byTestId('settings-about')!.textContent).toMatch(/Expense Courier\s*1\.2\.3\s*Electron\s*45\.4\.1\s*Chromium\s*142\.0\.7444\.59\s*Node\.js\s*22\.20\.0/);
    await userEvent.selectOptions(language, 'de');
    await until(() => m!.host.querySelector('h1')!.textContent === 'Einstellungen', 'German heading');
    expect(byTestId('settings-language')!.closest('.field')!.querySelector('label')!.textContent).toBe('Sprache');
    await userEvent.selectOptions(language, 'fr');
    await until(() => m!.host.querySelector('h1')!.textContent === 'Réglages', 'French heading');

    await userEvent.click(byTestId('settings-theme-dark')!);
    await until(() => document.documentElement.dataset.theme === 'dark', 'dark theme');
    // The page's background resolves to the dark --bg (#14171c).
    expect(getComputedStyle(document.documentElement).backgroundColor).toBe('rgb(20, 23, 28)');
    await userEvent.click(byTestId('settings-theme-system')!);
    await until(() => document.documentElement.dataset.theme === undefined, 'system theme');

    await userEvent.click(byTestId('settings-default-billable')!);
    await userEvent.click(byTestId('settings-default-reimbursable')!);
    expect(patches).toEqual([
      { language: 'de' },
      { language: 'fr' },
      { theme: 'dark' },
      { theme: 'system' },
      { defaultBillable: true },
      { defaultReimbursable: false },
    ]);
  });

  it('offers the date formats with today written in each, and applies the choice to every date', async () => {
    const patches = fakeMain(true);
    m = await mountWithDb(SettingsView);
    const select = await until(() => byTestId<HTMLSelectElement>('settings-date-format'), 'date format');
    const now = new Date();
    const [d, mo, y] = [String(now.getDate()).padStart(2, '0'), String(now.getMonth() + 1).padStart(2, '0'), String(now.getFullYear())];
    expect([...select.options].map((o) => [o.value, o.textContent])).toEqual([
      ['locale', `Follow the language (${mo}/${d}/${y})`],
      ['dmy', `Day/month/year (${d}/${mo}/${y})`],
      ['mdy', `Month/day/year (${mo}/${d}/${y})`],
      ['ymd', `Year-month-day (${y}-${mo}-${d})`],
    ]);
    await userEvent.selectOptions(select, 'dmy');
    await until(() => userDateFormat.value === 'dmy', 'applied');
    expect(formatDayLocal('2026-12-25')).toBe('25/12/2026');
    expect(patches).toEqual([{ dateFormat: 'dmy' }]);
  });

  it('a switch shows what was kept: ticked once saved, unticked again when saving fails or its folder dialog is cancelled', async () => {
    fakeMain(true);
    const folders: Array<string | null> = [null, '/home/ana/Backups'];
    const courier = window.courier as unknown as Record<string, unknown>;
    courier.backupChooseFolder = async () => ({ folder: folders.shift() ?? null });
    const settingsSet = courier.settingsSet as (patch: AppSettingsPatch) => Promise<SettingsState>;
    courier.settingsSet = async (patch: AppSettingsPatch) => {
      if (patch.notifications === false) throw new Error('settings file is read-only');
      return settingsSet(patch);
    };
    m = await mountWithDb(SettingsView);

    const notifications = await until(() => byTestId<HTMLInputElement>('settings-notifications'), 'notifications switch');
    expect(notifications.checked).toBe(true);
    await userEvent.click(notifications);
    await until(() => m!.host.querySelector('[role=alert]'), 'the failure shown');
    expect(notifications.checked).toBe(true);

    const auto = await until(() => byTestId<HTMLInputElement>('auto-backup-enabled'), 'automatic backup switch');
    await userEvent.click(auto); // the folder dialog is cancelled
    await until(() => folders.length === 1, 'folder asked for');
    await until(() => !auto.checked, 'unticked again');
    expect(byTestId('auto-backup-folder')).toBeNull();
    await userEvent.click(auto); // a folder is chosen
    await until(() => byTestId('auto-backup-folder')?.textContent === '/home/ana/Backups', 'folder shown');
    expect(auto.checked).toBe(true);
  });

  it('offers the packaged receipt languages (English, French, both), says which exist, and saves the choice', async () => {
    const patches = fakeMain(true);
    m = await mountWithDb(SettingsView);
    const select = await until(() => byTestId<HTMLSelectElement>('settings-receipt-language'), 'receipt language');
    expect([...select.options].map((option) => [option.value, option.textContent])).toEqual([
      ['eng', 'English'],
      ['fra', 'French'],
      ['eng+fra', 'English + French (slower)'],
    ]);
    expect(select.value).toBe('eng');
    const hint = byTestId('settings-receipt-language-hint')!.textContent!;
    expect(hint).toContain('English and French');
    expect(hint).toContain('German language data is not available yet');

    await userEvent.selectOptions(select, 'eng+fra');
    await until(() => patches.length === 1, 'language saved');
    expect(patches).toEqual([{ receiptReadingLanguage: 'eng+fra' }]);
    expect(select.value).toBe('eng+fra');
  });
});

