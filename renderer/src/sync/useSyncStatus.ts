// The sync status: read once, then kept as the core tells it (a `sync-status` event each time it
// changes: online, waiting changes, a sync done, a page) — not polled. What the header shows, and a
// version that bumps when a sync brought changes in, so the queue and an open case reload. An API
// without events (a test harness) is asked every `fallbackMs` instead.
//
// Answers and events can arrive out of order (an answer computed before a change may land after
// the change's event): each status has a stamp, and an older one never replaces a newer one.
import { useCallback, useEffect, useState } from 'react';
import type { CasedeskApi, SyncStatusView } from '../../../shared/ipc/contract';

export function useSyncStatus(api: CasedeskApi, fallbackMs = 2000): { status: SyncStatusView | null; set: (s: SyncStatusView) => void; reload: () => void } {
  const [status, setStatus] = useState<SyncStatusView | null>(null);
  const set = useCallback((next: SyncStatusView) => setStatus((current) => (current && current.stamp > next.stamp ? current : next)), []);
  const reload = useCallback(() => void api['sync:status']({}).then(set, () => undefined), [api, set]);
  useEffect(() => {
    reload();
    if (api.onEvent) {
      return api.onEvent((event) => {
        if (event.type === 'sync-status') set(event.status);
      });
    }
    const timer = setInterval(reload, fallbackMs);
    return () => clearInterval(timer);
  }, [api, reload, set, fallbackMs]);
  return { status, set, reload };
}
