// Severity-1 pages as native notifications: shown at once, marked critical, and a click opens the
// case in the window.
import type { Notification as ElectronNotification, NotificationConstructorOptions } from 'electron';
import type { Notifier } from '../core/sync/sync-service';

export function nativePageNotifier(
  Notification: new (options: NotificationConstructorOptions) => Pick<ElectronNotification, 'show' | 'on'>,
  openCase: (caseId: string) => void,
): Notifier {
  return {
    page(notice) {
      const notification = new Notification({
        title: `Severity 1: case ${notice.number}`,
        body: [notice.company, notice.summary].filter(Boolean).join(' — ') || 'A Severity-1 case was submitted online.',
        urgency: 'critical',
        timeoutType: 'never',
      });
      notification.on('click', () => openCase(notice.caseId));
      notification.show();
    },
  };
}
