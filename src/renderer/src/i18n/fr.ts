import type { Catalogue } from './en';

export const fr: Catalogue = {
  common: {
    details: 'Détails',
    close: 'Fermer',
    cancel: 'Annuler',
    dismiss: 'Masquer',
  },
  app: {
    name: 'Expense Courier',
    menu: 'Menu',
    sidebar: 'Barre latérale',
    mainNavigation: 'Navigation principale',
  },
  nav: {
    expenses: 'Dépenses',
    conflicts: 'Conflits',
    account: 'Compte',
    settings: 'Réglages',
    conflictCount: '{n} conflit ouvert | {n} conflits ouverts',
  },
  syncStatus: {
    label: 'État de la synchronisation',
    kind: {
      'not-connected': 'Non connecté',
      paused: 'Synchronisation en pause : reconnectez-vous',
      'no-network': 'Pas de réseau',
      unreachable: 'Kantata injoignable',
      failed: 'Échec de la synchronisation',
      delivered: 'Toutes les modifications sont transmises',
    },
    syncing: 'Synchronisation…',
    downloading: 'Téléchargement de vos dépenses…',
    waiting: '{n} dépense en attente de synchronisation | {n} dépenses en attente de synchronisation',
    waitingShort: '{n} dépense en attente | {n} dépenses en attente',
    detail: {
      notConnected: 'Les modifications restent sur cet ordinateur jusqu’à la connexion.',
      paused: 'Kantata n’a pas accepté l’identification enregistrée. Vos modifications attendent ici.',
      noNetwork: 'Cet ordinateur est hors ligne. Les modifications restent ici et partiront au retour du réseau.',
      unreachable: 'Le réseau fonctionne, mais Kantata ne répond pas. Les modifications restent ici.',
      failed: 'La dernière synchronisation n’a pas abouti. Elle sera relancée automatiquement.',
    },
    lastSync: 'Dernière synchronisation {when}',
    neverSynced: 'Pas encore synchronisé',
    progress: {
      pull: '{done} sur {total} téléchargées',
      reconcile: '{done} sur {total} vérifiées',
      push: '{done} sur {total} envoyées',
    },
    refused: '{n} dépense refusée par Kantata | {n} dépenses refusées par Kantata',
    conflicts: '{n} conflit à examiner | {n} conflits à examiner',
    syncNow: 'Synchroniser',
    connect: 'Se connecter à Kantata',
    reconnect: 'Se reconnecter',
  },
  expenses: {
    firstRun: {
      title: 'Bienvenue dans Expense Courier',
      body: 'Connectez votre compte Kantata pour télécharger vos projets. Saisissez ensuite vos dépenses ici, en ligne ou non ; chacune est envoyée une seule fois à Kantata.',
    },
    delete: {
      title: 'Supprimer cette dépense ?',
      confirm: 'Supprimer',
      done: 'Dépense supprimée.',
      bothPlaces: '« {what} » du {date} sera supprimée ici et dans Kantata.',
      localOnly: '« {what} » du {date} sera supprimée de cet ordinateur. Elle n’a pas atteint Kantata.',
    },
  },
  form: {
    errorSummary: 'À corriger avant d’enregistrer : | Corrigez ces {n} problèmes avant d’enregistrer :',
    discard: {
      title: 'Abandonner vos modifications ?',
      message: 'Ce que vous avez saisi dans ce formulaire n’est pas enregistré.',
      confirm: 'Abandonner',
      keep: 'Continuer la saisie',
    },
    refused: {
      title: 'Kantata a refusé cette dépense :',
      noReason: 'Aucune raison n’a été donnée',
      fix: 'Corrigez-la et enregistrez pour la renvoyer.',
    },
  },
  settings: {
    appearance: 'Apparence et langue',
    saved: 'Enregistré.',
    language: { label: 'Langue', system: 'Comme le système' },
    theme: { label: 'Thème', system: 'Comme le système', light: 'Clair', dark: 'Sombre' },
    newExpenses: 'Nouvelles dépenses',
    defaultBillable: 'Facturable au client par défaut',
    defaultReimbursable: 'Remboursable par défaut',
    about: { title: 'À propos' },
  },
  list: {
    refusedBecause: 'Refusée : {reason}',
  },
  panel: {
    label: 'Détails de la dépense',
    deleted: 'Cette dépense a été supprimée.',
  },
  viewer: {
    fit: 'Ajuster',
    fitted: 'Ajusté',
  },
  exportBackup: {
    restoreOtherAccount:
      '{file} appartient au compte Kantata de {who} sur {where}, et non au compte connecté actuellement. La restaurer pourrait envoyer ses dépenses au mauvais compte : elle a donc été refusée. Rien n’a été modifié.',
    restoreConnectFirst:
      '{file} appartient au compte Kantata de {who} sur {where}. Connectez-vous d’abord à Kantata avec ce compte, puis restaurez-la. Rien n’a été modifié.',
    restoreInterrupted:
      'Une restauration depuis {file} a été interrompue : cet ordinateur ne contient qu’une partie de cette sauvegarde. Restaurez-la de nouveau pour la terminer.',
    unknownHost: 'Kantata',
  },
};
