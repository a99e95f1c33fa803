/**
 * The app's screens, in sidebar order. The sync issue adds its own (Conflicts, Account) here:
 * { id: 'conflicts', label: 'Conflicts', component: defineAsyncComponent(() => import('./views/ConflictsView.vue')) }.
 */
import { defineAsyncComponent, type Component } from 'vue';
import ExpensesView from './views/ExpensesView.vue';
import SettingsView from './views/SettingsView.vue';

export interface Screen {
  id: string;
  /** English name; the sidebar shows the catalogue's `nav.<id>` when it has one (i18n/screen-label.ts). */
  label: string;
  /** The catalogue key of its name when it is not `nav.<id>`. */
  labelKey?: string;
  component: Component;
}

export const screens: Screen[] = [
  { id: 'expenses', label: 'Expenses', component: ExpensesView },
  { id: 'insights', label: 'Insights', labelKey: 'insights.nav', component: defineAsyncComponent(() => import('./views/InsightsView.vue')) },
  { id: 'reports', label: 'Reports', component: defineAsyncComponent(() => import('./views/ReportsView.vue')) },
  { id: 'conflicts', label: 'Conflicts', component: defineAsyncComponent(() => import('./views/ConflictsView.vue')) },
  { id: 'account', label: 'Account', component: defineAsyncComponent(() => import('./views/AccountView.vue')) },
];

// Desktop integration (issue 6): last in the sidebar; the app menu opens it with Ctrl/Cmd+,.
screens.push({ id: 'settings', label: 'Settings', component: SettingsView });
