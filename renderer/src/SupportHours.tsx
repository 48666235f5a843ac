// "Support open until 19:00" or when it opens next, naming a holiday, from the policy in force.
import { useEffect, useState } from 'react';
import type { CasedeskApi } from '../../shared/ipc/contract';

export function SupportHours({ api }: { api: CasedeskApi }) {
  const [status, setStatus] = useState<{ open: boolean; text: string } | null>(null);
  useEffect(() => {
    const load = () => void api['support:status']({}).then(setStatus).catch(() => undefined);
    load();
    const timer = setInterval(load, 60_000);
    return () => clearInterval(timer);
  }, [api]);
  if (!status) return null;
  return (
    <p className={`support-hours ${status.open ? 'open' : 'closed'}`} role="status">
      {status.text}
    </p>
  );
}
