// The case's timeline: every event as recorded (an undone one struck through, its undo beside
// it), with its details and author, then the automatic escalations of breached clocks.
import type { ReactNode } from 'react';
import type { CaseDetail } from '../../../shared/ipc/contract';
import { Moment } from '../ui/Moment';

function timelineDetails(e: Record<string, unknown>): ReactNode {
  const parts = ['channel', 'status', 'severity', 'vendor', 'to', 'note', 'text', 'reason']
    .filter((k) => e[k] !== undefined)
    .map((k) => `${k === 'reason' ? 'reason: ' : ''}${String(e[k])}`);
  const agreement = e.agreement as { by?: string; how?: string } | undefined;
  if (agreement) parts.push(`agreed by ${agreement.by} (${agreement.how})`);
  return parts.length ? ` · ${parts.join(' · ')}` : null;
}

export function CaseTimeline({ detail }: { detail: CaseDetail }) {
  const zone = detail.policyZone;
  const events = (detail.record.events as Record<string, unknown>[] | undefined) ?? [];
  const retracted = new Set(events.filter((e) => e.type === 'retraction').map((e) => e.retracts as number));
  return (
    <>
      <h3>Timeline</h3>
      <ol className="timeline">
        {events.map((e, i) => (
          <li key={i} className={retracted.has(i) ? 'retracted' : undefined}>
            <Moment ms={Date.parse(String(e.at))} policyZone={zone} /> <strong>{e.type === 'retraction' ? `undid the ${String(e.undoes)}` : String(e.type)}</strong>
            {timelineDetails(e)}
            {e.author ? <span className="author"> — {String(e.author)}</span> : null}
          </li>
        ))}
        {detail.clocks.escalations.map((x) => (
          <li key={`esc-${x.clock}`} className="auto">
            <Moment ms={x.at} policyZone={zone} /> <strong>escalated to support management</strong> · {x.clock} clock breached (automatic)
          </li>
        ))}
      </ol>
    </>
  );
}
