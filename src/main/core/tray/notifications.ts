/**
 * Which native notifications to show, from the leading window's queue reports: one for each
 * expense that newly needs the user (Kantata refused it, or a conflict replaced values), a
 * single summary when many arrive at once, nothing for problems the user was already told
 * about or that were there when the app started (they are in the list, not news).
 */
import type { AppView, AttentionItem, ResolvedReport } from '@shared/contract';
import { mainText } from '../i18n/main-text';

export type NotificationClick = { kind: 'openExpense'; id: string } | { kind: 'navigate'; view: AppView };

export interface NotificationSpec {
  title: string;
  body: string;
  click: NotificationClick;
}

/** Beyond this many new problems in one report, one summary instead of a burst. */
export const MAX_SEPARATE_NOTIFICATIONS = 3;

const keyOf = (item: AttentionItem): string => `${item.expenseId}\u0000${item.state}\u0000${item.message}`;

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function notificationFor(item: AttentionItem, locale = 'en'): NotificationSpec {
  const click: NotificationClick = { kind: 'openExpense', id: item.expenseId };
  if (item.state === 'error') {
    return { title: mainText(locale, 'notify.refusedTitle'), body: truncate(`${item.summary}: ${item.message}`, 240), click };
  }
  const message = item.message || mainText(locale, 'notify.conflictDefault');
  return {
    title: mainText(locale, 'notify.conflictTitle'),
    body: truncate(mainText(locale, 'notify.conflictBody', { summary: item.summary, message }), 240),
    click,
  };
}

export function reportNotificationFor(report: ResolvedReport, locale = 'en'): NotificationSpec {
  const click: NotificationClick = { kind: 'navigate', view: 'reports' };
  if (report.status === 'approved') {
    return { title: mainText(locale, 'notify.reportApprovedTitle'), body: truncate(report.title, 240), click };
  }
  const reason = report.resolution?.trim() || mainText(locale, 'notify.reportNoReason');
  return {
    title: mainText(locale, 'notify.reportRejectedTitle'),
    body: truncate(mainText(locale, 'notify.reportRejectedBody', { title: report.title, reason }), 240),
    click,
  };
}

export interface NotificationPlanner {
  /** The notifications this report calls for (already filtered by the setting). */
  report(attention: readonly AttentionItem[], options: { enabled: boolean; locale?: string; resolvedReports?: readonly ResolvedReport[] }): NotificationSpec[];
}

const reportKeyOf = (report: ResolvedReport): string => `${report.id}\u0000${report.status}`;

export function createNotificationPlanner(): NotificationPlanner {
  let known: Set<string> | null = null;
  // Reports resolved before the app started are not news; one resolved since is, once.
  let knownReports: Set<string> | null = null;

  const expenseNews = (attention: readonly AttentionItem[], enabled: boolean, locale: string): NotificationSpec[] => {
    const current = new Set(attention.map(keyOf));
    const first = known === null;
    const fresh = first ? [] : attention.filter((item) => !known!.has(keyOf(item)));
    // Forget settled problems: if the same one comes back later, it is news again.
    known = current;
    if (!enabled || fresh.length === 0) return [];
    if (fresh.length > MAX_SEPARATE_NOTIFICATIONS) {
      return [
        {
          title: mainText(locale, 'notify.manyTitle', { n: fresh.length }),
          body: mainText(locale, 'notify.manyBody'),
          click: { kind: 'navigate', view: 'attention' },
        },
      ];
    }
    return fresh.map((item) => notificationFor(item, locale));
  };

  const reportNews = (reports: readonly ResolvedReport[], enabled: boolean, locale: string): NotificationSpec[] => {
    const first = knownReports === null;
    const fresh = first ? [] : reports.filter((r) => !knownReports!.has(reportKeyOf(r)));
    knownReports = new Set([...(knownReports ?? []), ...reports.map(reportKeyOf)]);
    return enabled ? fresh.map((r) => reportNotificationFor(r, locale)) : [];
  };

  return {
    report(attention, options) {
      const locale = options.locale ?? 'en';
      return [...expenseNews(attention, options.enabled, locale), ...reportNews(options.resolvedReports ?? [], options.enabled, locale)];
    },
  };
}
