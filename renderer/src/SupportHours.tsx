// "Support is open now" or when it opens next, naming a holiday, from the default policy.
import { useEffect, useState } from 'react';
import { compilePolicy } from '../../shared/policy/compiled-policy';
import { defaultPolicy } from '../../shared/policy/load-policy';
import { supportHoursStatus } from '../../shared/calendar/support-hours';

export function SupportHours({ now = () => Date.now() }: { now?: () => number }) {
  const [at, setAt] = useState(now);
  useEffect(() => {
    const timer = setInterval(() => setAt(now()), 30_000);
    return () => clearInterval(timer);
  }, [now]);
  const status = supportHoursStatus(compilePolicy(defaultPolicy()), at);
  return (
    <p className={`support-hours ${status.open ? 'open' : 'closed'}`} role="status">
      {status.text}
    </p>
  );
}
