// The queue's columns: each one's sort key, header and how a row's value shows in its cell. The
// two SLA clocks and the time since the last activity tick by themselves (ClockCell,
// LastActivityCell); every other cell changes only when its row does.
import type { ReactNode } from 'react';
import type { QueueRow, QueueSort } from '../../../shared/ipc/contract';
import { relative } from '../time-format';
import { useNow } from '../ui/useNow';
import { ClockCell } from './ClockCell';

/** Rows have a fixed height: the virtual list and the keyboard's scrolling count on it. */
export const ROW_HEIGHT = 34;

export const COLUMNS: { id: QueueSort; header: string; value: (r: QueueRow) => unknown }[] = [
  { id: 'number', header: 'Number', value: (r) => r.number },
  { id: 'severity', header: 'Sev', value: (r) => r.severity },
  { id: 'company', header: 'Company', value: (r) => r.company },
  { id: 'summary', header: 'Summary', value: (r) => r.summary },
  { id: 'status', header: 'Status', value: (r) => r.status },
  { id: 'engineer', header: 'Engineer', value: (r) => r.engineer },
  { id: 'response', header: 'Response', value: (r) => r.response.breachAt },
  { id: 'resolution', header: 'Resolution', value: (r) => r.resolution.breachAt },
  { id: 'missing', header: 'Missing', value: (r) => r.missingCount },
  { id: 'checklist', header: 'Checklist', value: (r) => r.checklist.settled },
  { id: 'lastActivity', header: 'Last activity', value: (r) => r.lastActivityAt },
];

/** "12m 05s ago", "3d 4h ago": ticking each second on its own. */
export function LastActivityCell({ at }: { at: number }) {
  return <>{relative(at, useNow())}</>;
}

/** The whole text of a cell whose value may be longer than its column (shown on hover). */
export function cellTitle(id: QueueSort, r: QueueRow): string | undefined {
  switch (id) {
    case 'company':
      return r.company ?? undefined;
    case 'summary':
      return r.summary ?? undefined;
    case 'engineer':
      return r.engineer ?? undefined;
    default:
      return undefined;
  }
}

export function cellContent(id: QueueSort, r: QueueRow): ReactNode {
  switch (id) {
    case 'severity':
      return <span className={`sev sev-${r.severity}`}>{r.severity}</span>;
    case 'company':
      return r.company ?? '—';
    case 'summary':
      return r.summary ?? '—';
    case 'engineer':
      return r.engineer ?? 'unassigned';
    case 'response':
      return <ClockCell clock={r.response} />;
    case 'resolution':
      return <ClockCell clock={r.resolution} />;
    case 'missing':
      return r.missingCount ? `${r.missingCount} field${r.missingCount === 1 ? '' : 's'}` : '—';
    case 'checklist':
      return (
        <span className={r.checklist.settled === r.checklist.total ? 'checklist-done' : 'checklist-open'} title={`${r.checklist.settled} of ${r.checklist.total} troubleshooting steps done or not applicable`}>
          {r.checklist.settled}/{r.checklist.total}
        </span>
      );
    case 'lastActivity':
      return r.lastActivityAt !== null ? <LastActivityCell at={r.lastActivityAt} /> : '—';
    case 'status':
      return r.status;
    default:
      return r.number;
  }
}
