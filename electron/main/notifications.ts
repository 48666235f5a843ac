// Native notifications: Severity-1 pages and the alerts that concern the engineer. Each is kept
// referenced until it is closed or clicked — a notification the garbage collector takes stops
// hearing its click —, and a click opens its case in the window. On Windows the toast also
// carries the case's casedesk:// link, so a click in the Action Center opens the case after
// Casedesk's window, or Casedesk itself, was closed.
import type { Notification as ElectronNotification, NotificationConstructorOptions } from 'electron';
import type { AlertNotice } from '../../shared/ipc/contract';
import type { PageNotice } from '../core/sync/sync-service';

export type NotificationClass = new (options: NotificationConstructorOptions) => Pick<ElectronNotification, 'show' | 'on'>;

export interface NativeNotifications {
  page(notice: PageNotice): void;
  alert(notice: AlertNotice): void;
  /** How many are shown and still referenced (tests). */
  kept(): number;
}

/** Text for an XML attribute or element. */
const xml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A Windows toast that opens `casedesk://case/ID` when clicked, even with Casedesk closed. */
export function toastXml(title: string, body: string, caseId: string, critical: boolean, silent: boolean): string {
  const link = `casedesk://case/${encodeURIComponent(caseId)}`;
  return (
    `<toast activationType="protocol" launch="${xml(link)}"${critical ? ' scenario="urgent"' : ''}>` +
    `<visual><binding template="ToastGeneric"><text>${xml(title)}</text><text>${xml(body)}</text></binding></visual>` +
    (silent ? '<audio silent="true"/>' : '') +
    `</toast>`
  );
}

export function nativeNotifications(Notification: NotificationClass, openCase: (caseId: string) => void, platform: NodeJS.Platform = process.platform): NativeNotifications {
  const shown = new Set<object>();
  const show = (options: NotificationConstructorOptions, caseId: string) => {
    const notification = new Notification(options);
    shown.add(notification);
    const forget = () => shown.delete(notification);
    notification.on('click', () => {
      forget();
      openCase(caseId);
    });
    notification.on('close', forget);
    notification.on('failed', forget);
    notification.show();
  };
  const windows = (title: string, body: string, caseId: string, critical: boolean, silent: boolean) =>
    platform === 'win32' ? { toastXml: toastXml(title, body, caseId, critical, silent) } : {};
  return {
    page(notice) {
      const title = `Severity 1: case ${notice.number}`;
      const body = [notice.company, notice.summary].filter(Boolean).join(' — ') || 'A Severity-1 case was submitted online.';
      show({ title, body, urgency: 'critical', timeoutType: 'never', ...windows(title, body, notice.caseId, true, false) }, notice.caseId);
    },
    alert(notice) {
      if (!notice.popup) return;
      show(
        {
          title: notice.title,
          body: notice.body,
          silent: !notice.sound,
          urgency: notice.critical ? 'critical' : 'normal',
          timeoutType: notice.critical ? 'never' : 'default',
          ...windows(notice.title, notice.body, notice.caseId, notice.critical, !notice.sound),
        },
        notice.caseId,
      );
    },
    kept: () => shown.size,
  };
}
