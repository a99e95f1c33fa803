/**
 * The user's app settings (Settings view, persisted by main). One schema for the contract, the
 * main-process store and the renderer, so a stored file from any version parses to a full,
 * valid object: unknown keys are dropped, missing or broken values fall back to the defaults.
 */
import { z } from 'zod';
import { isCurrencyCode } from './money';
import { LANGUAGE_PREFERENCES } from './languages';
import { DATE_FORMAT_PREFERENCES } from './date-input';

/** Light, dark, or whatever the OS uses (main sets Electron's nativeTheme.themeSource to it). */
export const THEME_PREFERENCES = ['system', 'light', 'dark'] as const;
export type ThemePreference = (typeof THEME_PREFERENCES)[number];

/** Electron accelerator syntax; Ctrl+Shift+E on Windows/Linux, Cmd+Shift+E on macOS. */
export const DEFAULT_QUICK_ADD_SHORTCUT = 'CommandOrControl+Shift+E';

/**
 * Language data receipts are read with, as Tesseract names it: one packaged traineddata file
 * (English, French) or both at once ("eng+fra": slower, for users with receipts in both).
 */
export const RECEIPT_READING_LANGUAGES = ['eng', 'fra', 'eng+fra'] as const;
export type ReceiptReadingLanguage = (typeof RECEIPT_READING_LANGUAGES)[number];

export const AppSettingsSchema = z.object({
  /** Open the app (hidden, in the tray) when the user logs in. Off until the user asks for it. */
  startAtLogin: z.boolean().catch(false),
  /** Global shortcut that opens the quick-add window; '' turns it off. */
  quickAddShortcut: z.string().max(100).catch(DEFAULT_QUICK_ADD_SHORTCUT),
  /** Currency quick-add starts with when it has no last-used one; null: the project's currency. */
  defaultCurrency: z
    .string()
    .refine(isCurrencyCode)
    .nullable()
    .catch(null),
  /** Native notifications for sync failures and conflicts that need the user. */
  notifications: z.boolean().catch(true),
  /** Check for, download and offer app updates (a managed install can turn this off for everyone). */
  autoUpdate: z.boolean().catch(true),
  /** Read attached receipts on this computer and fill the form's empty fields. */
  receiptReading: z.boolean().catch(true),
  /** Tesseract language data receipts are read with (packaged with the app). */
  receiptReadingLanguage: z.enum(RECEIPT_READING_LANGUAGES).catch('eng'),
  /** Language of the app, tray, menus and notifications. */
  language: z.enum(LANGUAGE_PREFERENCES).catch('system'),
  theme: z.enum(THEME_PREFERENCES).catch('system'),
  /** What a new expense starts with (the form and quick add). */
  defaultBillable: z.boolean().catch(false),
  defaultReimbursable: z.boolean().catch(true),
  /** How dates are shown and typed: the language's order, or one chosen order. */
  dateFormat: z.enum(DATE_FORMAT_PREFERENCES).catch('locale'),
});
export type AppSettings = z.infer<typeof AppSettingsSchema>;

export const DEFAULT_SETTINGS: AppSettings = Object.freeze({
  startAtLogin: false,
  quickAddShortcut: DEFAULT_QUICK_ADD_SHORTCUT,
  defaultCurrency: null,
  notifications: true,
  autoUpdate: true,
  receiptReading: true,
  receiptReadingLanguage: 'eng',
  language: 'system',
  theme: 'system',
  defaultBillable: false,
  defaultReimbursable: true,
  dateFormat: 'locale',
});

/** A change the Settings view asks for: any subset of the settings. */
export const AppSettingsPatchSchema = z
  .object({
    startAtLogin: z.boolean(),
    quickAddShortcut: z.string().max(100),
    defaultCurrency: z.string().refine(isCurrencyCode, 'Enter a 3-letter ISO currency code, like EUR or JPY').nullable(),
    notifications: z.boolean(),
    autoUpdate: z.boolean(),
    receiptReading: z.boolean(),
    receiptReadingLanguage: z.enum(RECEIPT_READING_LANGUAGES),
    language: z.enum(LANGUAGE_PREFERENCES),
    theme: z.enum(THEME_PREFERENCES),
    defaultBillable: z.boolean(),
    defaultReimbursable: z.boolean(),
    dateFormat: z.enum(DATE_FORMAT_PREFERENCES),
  })
  .partial()
  .strict();
export type AppSettingsPatch = z.infer<typeof AppSettingsPatchSchema>;

/** Why a shortcut could not be registered; `message` is what the Settings view shows. */
export const ShortcutStatusSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), accelerator: z.string() }),
  z.object({ ok: z.literal(false), accelerator: z.string(), reason: z.enum(['taken', 'invalid']), message: z.string() }),
]);
export type ShortcutStatus = z.infer<typeof ShortcutStatusSchema>;

/** What settingsGet and settingsSet answer: the settings in force and how the shortcut fared. */
export const SettingsStateSchema = z.object({
  settings: AppSettingsSchema,
  shortcut: ShortcutStatusSchema,
  /** False where the OS has no login items main can set (Linux outside AppImage, for example). */
  startAtLoginSupported: z.boolean(),
  /** For Settings → About: the app's version and what it runs on. */
  about: z
    .object({ version: z.string(), electron: z.string().nullable(), chrome: z.string().nullable(), node: z.string() })
    .optional(),
});
export type SettingsState = z.infer<typeof SettingsStateSchema>;

/** Parse whatever was stored (possibly from an older version, possibly damaged). */
export function parseStoredSettings(stored: unknown): AppSettings {
  const source = typeof stored === 'object' && stored !== null ? stored : {};
  return AppSettingsSchema.parse({ ...DEFAULT_SETTINGS, ...source });
}
