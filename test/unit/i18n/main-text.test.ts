import { describe, expect, it } from 'vitest';
import { effectiveLocale, languageOf } from '@shared/languages';
import { mainText } from '../../../src/main/core/i18n/main-text';
import { trayView } from '../../../src/main/core/tray/tray-view';

describe('languages', () => {
  it('maps locales to our languages, English for the rest', () => {
    expect([languageOf('de-AT'), languageOf('fr_CA'), languageOf('en-GB'), languageOf('ja-JP'), languageOf('')]).toEqual(['de', 'fr', 'en', 'en', 'en']);
  });
  it('keeps the system region for the chosen language, else uses the language', () => {
    expect(effectiveLocale('system', 'de-AT')).toBe('de-AT');
    expect(effectiveLocale('de', 'de-AT')).toBe('de-AT');
    expect(effectiveLocale('fr', 'de-AT')).toBe('fr');
  });
});

describe('mainText', () => {
  it('chooses the plural form per language (French counts 0 as singular) and formats the count', () => {
    expect(mainText('en', 'notify.manyTitle', { n: 1 })).toBe('1 expense needs your attention');
    expect(mainText('en-US', 'notify.manyTitle', { n: 1200 })).toBe('1,200 expenses need your attention');
    expect(mainText('de-DE', 'tray.attention', { n: 0 })).toBe('0 brauchen Aufmerksamkeit');
    expect(mainText('fr-FR', 'tray.attention', { n: 0 })).toBe('0 demande votre attention');
    expect(mainText('fr-FR', 'tray.attention', { n: 2 })).toBe('2 demandent votre attention');
  });

  it('labels the tray in the chosen language', () => {
    const view = trayView({ pendingCount: 2, errorCount: 0, lastSyncAt: null, syncing: false, online: false }, { locale: 'de-DE', now: 0 });
    expect(view.tooltip).toBe('Expense Courier: 2 wartend · offline');
    expect(view.menu.map((i) => ('label' in i ? i.label : '-'))).toEqual([
      '2 wartend · offline',
      '-',
      'Schnell erfassen…',
      'Jetzt synchronisieren',
      'Expense Courier öffnen',
      '-',
      'Expense Courier beenden',
    ]);
  });
});
