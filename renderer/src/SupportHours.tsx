// "Support open until today 01:00 CET (19:00 EST)" or when it opens next, naming a holiday, from
// the policy in force: the instant in the page's one convention (time-format.ts).
import { useEffect, useState } from 'react';
import type { CasedeskApi } from '../../shared/ipc/contract';
import { moment } from './time-format';

type Status = { open: boolean; changesAt: number; holiday: string | null; zone: string };

export function SupportHours({ api }: { api: CasedeskApi }) {
  const [status, setStatus] = useState<Status | null>(null);
  useEffect(() => {
    const load = () => void api['support:status']({}).then(setStatus).catch(() => undefined);
    load();
    const timer = setInterval(load, 60_000);
    return () => clearInterval(timer);
  }, [api]);
  if (!status) return null;
  const when = moment(status.changesAt, status.zone);
  const text = status.open
    ? `Support open until ${when}`
    : `Support closed${status.holiday ? ` (today is ${status.holiday})` : ''}: opens ${when}. Severity-1: on-call around the clock`;
  return (
    <p className={`support-hours ${status.open ? 'open' : 'closed'}`} role="status">
      {text}
    </p>
  );
}
