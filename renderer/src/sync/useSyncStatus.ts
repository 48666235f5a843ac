// The sync status, asked for every two seconds (a cheap local read): what the header shows, and a
// version that bumps when a sync brought changes in, so the queue and an open case reload.
import { useCallback, useEffect, useState } from 'react';
import type { CasedeskApi, SyncStatusView } from '../../../shared/ipc/contract';

export function useSyncStatus(api: CasedeskApi, intervalMs = 2000): { status: SyncStatusView | null; set: (s: SyncStatusView) => void; reload: () => void } {
  const [status, setStatus] = useState<SyncStatusView | null>(null);
  const reload = useCallback(() => void api['sync:status']({}).then(setStatus, () => undefined), [api]);
  useEffect(() => {
    reload();
    const timer = setInterval(reload, intervalMs);
    return () => clearInterval(timer);
  }, [reload, intervalMs]);
  return { status, set: setStatus, reload };
}
