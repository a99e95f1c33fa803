/**
 * Main's words (tray, app menu, notifications, the close-to-tray note) in the languages the
 * renderer speaks, looked up by the same locale (Settings → Language, else the system's; see
 * src/shared/languages.ts). A small lookup rather than vue-i18n: main needs a few dozen flat
 * strings, "{name}" placeholders and "one | other" plurals. test/unit/i18n/catalogues.test.ts
 * checks that every language has every key with the same placeholders.
 */
import { languageOf, type Language } from '@shared/languages';

const en = {
  'tray.waiting': '{n} waiting',
  'tray.attention': '{n} needs attention | {n} need attention',
  'tray.allSent': 'All sent',
  'tray.syncing': 'syncing…',
  'tray.offline': 'offline',
  'tray.synced': 'synced {time}',
  'tray.notSynced': 'not synced yet',
  'tray.quickAdd': 'Quick add expense…',
  'tray.syncNow': 'Sync now',
  'tray.syncingAction': 'Syncing…',
  'tray.open': 'Open {product}',
  'tray.quit': 'Quit {product}',
  'menu.file': 'File',
  'menu.view': 'View',
  'menu.help': 'Help',
  'menu.exportDiagnostics': 'Export diagnostics…',
  'menu.newExpense': 'New expense',
  'menu.quickAdd': 'Quick add expense…',
  'menu.syncNow': 'Sync now',
  'menu.search': 'Search',
  'menu.settings': 'Settings',
  'menu.settingsMac': 'Settings…',
  'notify.refusedTitle': 'Kantata did not accept an expense',
  'notify.reportApprovedTitle': 'Expense report approved',
  'notify.reportRejectedTitle': 'Expense report rejected',
  'notify.reportRejectedBody': '{title}: {reason}. Its expenses can be edited again.',
  'notify.reportNoReason': 'no reason given',
  'notify.conflictTitle': 'An expense was also changed in Kantata',
  'notify.conflictBody': '{summary}: {message}. Review and restore them if needed.',
  'notify.conflictDefault': 'some of your values were replaced',
  'notify.manyTitle': '{n} expense needs your attention | {n} expenses need your attention',
  'notify.manyBody': 'Kantata refused some expenses or changed them too. Open Expense Courier to review them.',
  'notify.shortcutTitle': 'Quick add shortcut not available',
  'close.title': 'Expense Courier is still running',
  'close.body': 'It keeps sending your expenses from the tray.{shortcut} To quit, choose Quit in the tray menu.',
  'close.shortcut': ' Press {shortcut} to add an expense from anywhere.',
} as const;

export type MainTextKey = keyof typeof en;

const de: Record<MainTextKey, string> = {
  'tray.waiting': '{n} wartend',
  'tray.attention': '{n} braucht Aufmerksamkeit | {n} brauchen Aufmerksamkeit',
  'tray.allSent': 'Alles gesendet',
  'tray.syncing': 'synchronisiere…',
  'tray.offline': 'offline',
  'tray.synced': 'synchronisiert {time}',
  'tray.notSynced': 'noch nicht synchronisiert',
  'tray.quickAdd': 'Schnell erfassen…',
  'tray.syncNow': 'Jetzt synchronisieren',
  'tray.syncingAction': 'Synchronisiere…',
  'tray.open': '{product} öffnen',
  'tray.quit': '{product} beenden',
  'menu.file': 'Ablage',
  'menu.view': 'Darstellung',
  'menu.help': 'Hilfe',
  'menu.exportDiagnostics': 'Diagnosedaten exportieren…',
  'menu.newExpense': 'Neue Ausgabe',
  'menu.quickAdd': 'Schnell erfassen…',
  'menu.syncNow': 'Jetzt synchronisieren',
  'menu.search': 'Suchen',
  'menu.settings': 'Einstellungen',
  'menu.settingsMac': 'Einstellungen…',
  'notify.refusedTitle': 'Kantata hat eine Ausgabe nicht angenommen',
  'notify.reportApprovedTitle': 'Spesenabrechnung genehmigt',
  'notify.reportRejectedTitle': 'Spesenabrechnung abgelehnt',
  'notify.reportRejectedBody': '{title}: {reason}. Ihre Ausgaben können wieder bearbeitet werden.',
  'notify.reportNoReason': 'ohne Begründung',
  'notify.conflictTitle': 'Eine Ausgabe wurde auch in Kantata geändert',
  'notify.conflictBody': '{summary}: {message}. Prüfen Sie sie und stellen Sie sie bei Bedarf wieder her.',
  'notify.conflictDefault': 'einige Ihrer Werte wurden ersetzt',
  'notify.manyTitle': '{n} Ausgabe braucht Ihre Aufmerksamkeit | {n} Ausgaben brauchen Ihre Aufmerksamkeit',
  'notify.manyBody': 'Kantata hat einige Ausgaben abgelehnt oder ebenfalls geändert. Öffnen Sie Expense Courier, um sie zu prüfen.',
  'notify.shortcutTitle': 'Tastenkürzel für Schnellerfassung nicht verfügbar',
  'close.title': 'Expense Courier läuft weiter',
  'close.body': 'Die App sendet Ihre Ausgaben weiter aus dem Infobereich.{shortcut} Zum Beenden wählen Sie dort „Beenden“.',
  'close.shortcut': ' Mit {shortcut} erfassen Sie eine Ausgabe von überall.',
};

const fr: Record<MainTextKey, string> = {
  'tray.waiting': '{n} en attente',
  'tray.attention': '{n} demande votre attention | {n} demandent votre attention',
  'tray.allSent': 'Tout est envoyé',
  'tray.syncing': 'synchronisation…',
  'tray.offline': 'hors ligne',
  'tray.synced': 'synchronisé {time}',
  'tray.notSynced': 'pas encore synchronisé',
  'tray.quickAdd': 'Ajout rapide…',
  'tray.syncNow': 'Synchroniser',
  'tray.syncingAction': 'Synchronisation…',
  'tray.open': 'Ouvrir {product}',
  'tray.quit': 'Quitter {product}',
  'menu.file': 'Fichier',
  'menu.view': 'Affichage',
  'menu.help': 'Aide',
  'menu.exportDiagnostics': 'Exporter les diagnostics…',
  'menu.newExpense': 'Nouvelle dépense',
  'menu.quickAdd': 'Ajout rapide…',
  'menu.syncNow': 'Synchroniser',
  'menu.search': 'Rechercher',
  'menu.settings': 'Réglages',
  'menu.settingsMac': 'Réglages…',
  'notify.refusedTitle': 'Kantata n’a pas accepté une dépense',
  'notify.reportApprovedTitle': 'Note de frais approuvée',
  'notify.reportRejectedTitle': 'Note de frais refusée',
  'notify.reportRejectedBody': '{title} : {reason}. Ses dépenses sont de nouveau modifiables.',
  'notify.reportNoReason': 'sans motif',
  'notify.conflictTitle': 'Une dépense a aussi été modifiée dans Kantata',
  'notify.conflictBody': '{summary} : {message}. Vérifiez-la et restaurez vos valeurs si besoin.',
  'notify.conflictDefault': 'certaines de vos valeurs ont été remplacées',
  'notify.manyTitle': '{n} dépense demande votre attention | {n} dépenses demandent votre attention',
  'notify.manyBody': 'Kantata a refusé ou modifié certaines dépenses. Ouvrez Expense Courier pour les vérifier.',
  'notify.shortcutTitle': 'Raccourci d’ajout rapide indisponible',
  'close.title': 'Expense Courier continue de fonctionner',
  'close.body': 'L’app continue d’envoyer vos dépenses depuis la zone de notification.{shortcut} Pour quitter, choisissez Quitter dans son menu.',
  'close.shortcut': ' Appuyez sur {shortcut} pour ajouter une dépense depuis n’importe où.',
};

export const mainCatalogues: Record<Language, Record<MainTextKey, string>> = { en, de, fr };

/** Plural form for `n`: English and German have one singular (1), French two (0 and 1). */
function pluralIndex(language: Language, n: number): number {
  return language === 'fr' ? (Math.abs(n) <= 1 ? 0 : 1) : Math.abs(n) === 1 ? 0 : 1;
}

/**
 * The text for `key` in `locale`'s language: `{name}` filled from `vars`; with a count `n` the
 * plural form for it is chosen and `{n}` is the count in the locale's digits.
 */
export function mainText(locale: string, key: MainTextKey, vars: Record<string, string | number> = {}): string {
  const language = languageOf(locale);
  let text = mainCatalogues[language][key];
  const n = vars.n;
  if (typeof n === 'number') {
    const forms = text.split(' | ');
    text = forms[Math.min(pluralIndex(language, n), forms.length - 1)]!;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? new Intl.NumberFormat(locale).format(value) : value;
  });
}
