import type { Catalogue } from './en';

export const de: Catalogue = {
  common: {
    details: 'Details',
    close: 'Schließen',
    cancel: 'Abbrechen',
    dismiss: 'Ausblenden',
  },
  app: {
    name: 'Expense Courier',
    menu: 'Menü',
    sidebar: 'Seitenleiste',
    mainNavigation: 'Hauptnavigation',
  },
  nav: {
    expenses: 'Ausgaben',
    conflicts: 'Konflikte',
    account: 'Konto',
    settings: 'Einstellungen',
    conflictCount: '{n} offener Konflikt | {n} offene Konflikte',
  },
  syncStatus: {
    label: 'Synchronisierungsstatus',
    kind: {
      'not-connected': 'Nicht verbunden',
      paused: 'Synchronisierung pausiert: neu verbinden',
      'no-network': 'Kein Netzwerk',
      unreachable: 'Kantata nicht erreichbar',
      failed: 'Synchronisierung fehlgeschlagen',
      delivered: 'Alle Änderungen übermittelt',
    },
    syncing: 'Synchronisiere…',
    downloading: 'Ausgaben werden heruntergeladen…',
    waiting: '{n} Ausgabe wartet auf Synchronisierung | {n} Ausgaben warten auf Synchronisierung',
    waitingShort: '{n} Ausgabe wartet | {n} Ausgaben warten',
    detail: {
      notConnected: 'Änderungen bleiben auf diesem Computer, bis Sie sich verbinden.',
      paused: 'Kantata hat die gespeicherte Anmeldung nicht akzeptiert. Ihre Änderungen warten hier.',
      noNetwork: 'Dieser Computer ist offline. Änderungen bleiben hier und werden gesendet, sobald das Netzwerk zurück ist.',
      unreachable: 'Das Netzwerk ist da, aber Kantata antwortet nicht. Änderungen bleiben hier.',
      failed: 'Die letzte Synchronisierung wurde nicht abgeschlossen. Sie wird automatisch wiederholt.',
    },
    lastSync: 'Zuletzt synchronisiert {when}',
    neverSynced: 'Noch nicht synchronisiert',
    progress: {
      pull: '{done} von {total} heruntergeladen',
      reconcile: '{done} von {total} geprüft',
      push: '{done} von {total} gesendet',
    },
    refused: '{n} Ausgabe von Kantata abgelehnt | {n} Ausgaben von Kantata abgelehnt',
    conflicts: '{n} Konflikt zu prüfen | {n} Konflikte zu prüfen',
    syncNow: 'Jetzt synchronisieren',
    connect: 'Mit Kantata verbinden',
    reconnect: 'Neu verbinden',
  },
  expenses: {
    firstRun: {
      title: 'Willkommen bei Expense Courier',
      body: 'Verbinden Sie Ihr Kantata-Konto, um Ihre Projekte zu laden. Dann erfassen Sie hier Ausgaben, online oder nicht; jede wird genau einmal an Kantata gesendet.',
    },
    delete: {
      title: 'Diese Ausgabe löschen?',
      confirm: 'Löschen',
      done: 'Ausgabe gelöscht.',
      bothPlaces: '„{what}“ vom {date} wird hier und in Kantata gelöscht.',
      localOnly: '„{what}“ vom {date} wird von diesem Computer gelöscht. Sie hat Kantata noch nicht erreicht.',
    },
  },
  form: {
    errorSummary: 'Vor dem Speichern bitte korrigieren: | Vor dem Speichern bitte diese {n} Probleme korrigieren:',
    discard: {
      title: 'Änderungen verwerfen?',
      message: 'Ihre Eingaben in diesem Formular sind nicht gespeichert.',
      confirm: 'Verwerfen',
      keep: 'Weiter bearbeiten',
    },
    refused: {
      title: 'Kantata hat diese Ausgabe abgelehnt:',
      noReason: 'Es wurde kein Grund genannt',
      fix: 'Korrigieren Sie sie und speichern Sie, um sie erneut zu senden.',
    },
  },
  settings: {
    appearance: 'Darstellung und Sprache',
    saved: 'Gespeichert.',
    language: { label: 'Sprache', system: 'Wie das System' },
    theme: { label: 'Erscheinungsbild', system: 'Wie das System', light: 'Hell', dark: 'Dunkel' },
    newExpenses: 'Neue Ausgaben',
    defaultBillable: 'Standardmäßig dem Kunden verrechenbar',
    defaultReimbursable: 'Standardmäßig an mich zu erstatten',
    about: { title: 'Über' },
  },
  list: {
    refusedBecause: 'Abgelehnt: {reason}',
  },
  panel: {
    label: 'Ausgabendetails',
    deleted: 'Diese Ausgabe wurde gelöscht.',
  },
  viewer: {
    fit: 'Einpassen',
    fitted: 'Eingepasst',
  },
  exportBackup: {
    restoreOtherAccount:
      '{file} gehört zum Kantata-Konto von {who} auf {where}, nicht zum jetzt verbundenen Konto. Die Wiederherstellung könnte seine Ausgaben an das falsche Konto senden und wurde daher abgelehnt. Es wurde nichts geändert.',
    restoreConnectFirst:
      '{file} gehört zum Kantata-Konto von {who} auf {where}. Verbinden Sie sich zuerst mit diesem Konto bei Kantata und stellen Sie die Sicherung dann wieder her. Es wurde nichts geändert.',
    restoreInterrupted:
      'Eine Wiederherstellung aus {file} wurde abgebrochen: Auf diesem Computer liegt nur ein Teil dieser Sicherung. Stellen Sie sie erneut wieder her, um sie abzuschließen.',
    unknownHost: 'Kantata',
  },
};
