// Native notifications: Severity-1 pages and the alerts that concern the engineer. Each is kept
// referenced until it is closed or clicked — a notification the garbage collector takes stops
// hearing its click —, and a click opens its case in the window. On Windows the toast also
// carries the case's casedesk:// link, so a click in the Action Center opens the case after
// Casedesk's window, or Casedesk itself, was closed. A page has an Acknowledge button (macOS,
// Windows; Linux's notifications take no buttons from Electron — the in-app banner has it) and is
// taken away when it was acknowledged, here or on another desktop (`silence`).
import { pageAckLink } from '../core/case-link';
import type { Notification as ElectronNotification, NotificationConstructorOptions } from 'electron';
import type { AlertNotice } from '../../shared/ipc/contract';
import type { PageNotice } from '../core/sync/sync-service';

export type NotificationClass = new (options: NotificationConstructorOptions) => Pick<ElectronNotification, 'show' | 'on' | 'close'>;

export interface NativeNotifications {
  page(notice: PageNotice): void;
  /** The case's page was acknowledged: take its notification away. */
  silence(caseId: string): void;
  alert(notice: AlertNotice): void;
  /** How many are shown and still referenced (tests). */
  kept(): number;
}

/** Text for an XML attribute or element. */
const xml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A Windows toast that opens `casedesk://case/ID` when clicked, even with Casedesk closed. */
export function toastXml(title: string, body: string, caseId: string, critical: boolean, silent: boolean, acknowledgeLink?: string): string {
  const link = `casedesk://case/${encodeURIComponent(caseId)}`;
  return (
    `<toast activationType="protocol" launch="${xml(link)}"${critical ? ' scenario="urgent"' : ''}>` +
    `<visual><binding template="ToastGeneric"><text>${xml(title)}</text><text>${xml(body)}</text></binding></visual>` +
    (acknowledgeLink ? `<actions><action content="Acknowledge" activationType="protocol" arguments="${xml(acknowledgeLink)}"/></actions>` : '') +
    (silent ? '<audio silent="true"/>' : '') +
    `</toast>`
  );
}

/** What a page's Acknowledge button does, and this run's key that its Windows link carries. */
export interface PageAcknowledger {
  acknowledge(caseId: string): void;
  key: string;
}

export function nativeNotifications(
  Notification: NotificationClass,
  openCase: (caseId: string) => void,
  platform: NodeJS.Platform = process.platform,
  acknowledger?: PageAcknowledger,
): NativeNotifications {
  const shown = new Set<object>();
  /** Each case's page notification, until it closes. */
  const pages = new Map<string, Pick<ElectronNotification, 'close'>>();
  const show = (options: NotificationConstructorOptions, caseId: string, page = false) => {
    const notification = new Notification(options);
    shown.add(notification);
    const forget = () => {
      shown.delete(notification);
      if (pages.get(caseId) === notification) pages.delete(caseId);
    };
    notification.on('click', () => {
      forget();
      openCase(caseId);
    });
    notification.on('close', forget);
    notification.on('failed', forget);
    if (page && acknowledger) {
      notification.on('action', (_event, index) => {
        if (index !== 0) return;
        forget();
        acknowledger.acknowledge(caseId);
      });
    }
    if (page) {
      pages.get(caseId)?.close();
      pages.set(caseId, notification);
    }
    notification.show();
  };
  const windows = (title: string, body: string, caseId: string, critical: boolean, silent: boolean, acknowledgeLink?: string) =>
    platform === 'win32' ? { toastXml: toastXml(title, body, caseId, critical, silent, acknowledgeLink) } : {};
  return {
    page(notice) {
      const title = `Severity 1: case ${notice.number}${notice.step === 'primary' ? '' : notice.step === 'secondary' ? ' (escalated to you)' : ' (escalated to management)'}`;
      const body = [notice.company, notice.summary].filter(Boolean).join(' — ') || 'A Severity-1 case was submitted online.';
      const ackLink = acknowledger ? pageAckLink(notice.caseId, acknowledger.key) : undefined;
      show(
        {
          title,
          body,
          urgency: 'critical',
          timeoutType: 'never',
          ...(acknowledger ? { actions: [{ type: 'button' as const, text: 'Acknowledge' }] } : {}),
          ...windows(title, body, notice.caseId, true, false, ackLink),
        },
        notice.caseId,
        true,
      );
    },
    silence(caseId) {
      const notification = pages.get(caseId);
      pages.delete(caseId);
      notification?.close();
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
