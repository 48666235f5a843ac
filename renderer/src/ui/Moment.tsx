// An instant on the page: written in the one convention (time-format.ts), with the exact instant
// in UTC for whoever asks — the <time> element's dateTime, and its tooltip.
import { instantUtc } from '../../../shared/time/moment-text';
import { moment } from '../time-format';

export function Moment({ ms, policyZone }: { ms: number | null; policyZone?: string }) {
  if (ms === null || !Number.isFinite(ms)) return <>—</>;
  const utc = instantUtc(ms);
  return (
    <time dateTime={utc} title={`${utc} (UTC)`}>
      {moment(ms, policyZone)}
    </time>
  );
}
