// One SLA clock in the queue: its state as a colour and a word, and a live countdown to its due
// or breach instant. A clock that counts ticks by itself each second (ui/useNow.ts): the row and
// the queue around it do not re-render for it.
import type { QueueRow } from '../../../shared/ipc/contract';
import { moment, relative } from '../time-format';
import { useNow } from '../ui/useNow';

const SOON_MS = 2 * 3_600_000;

export type ClockLook = 'running' | 'due-soon' | 'due' | 'breached' | 'paused' | 'met' | 'not-applicable' | 'unreachable';

export function clockLook(clock: QueueRow['response'], now: number): ClockLook {
  if (clock.state !== 'running') return clock.state;
  // The page's clock runs on between fetches: a breach instant that passes shows at once.
  if (clock.breachAt !== null && clock.breachAt <= now) return 'breached';
  if (clock.dueAt !== null && clock.dueAt <= now) return 'due';
  if (clock.breachAt !== null && clock.breachAt - now <= SOON_MS) return 'due-soon';
  return 'running';
}

/** Whether what the clock shows changes with the time: a countdown, or "breached … ago". */
function counts(clock: QueueRow['response']): boolean {
  return clock.state === 'running' || (clock.state === 'breached' && clock.metAt === null);
}

/** `now`: a fixed time to show the clock at (else the page's ticking clock); `policyZone`: the case's policy's, for the tooltip. */
export function ClockCell({ clock, now: fixed, policyZone }: { clock: QueueRow['response']; now?: number; policyZone?: string }) {
  const ticking = useNow(fixed === undefined && counts(clock));
  const now = fixed ?? ticking;
  const look = clockLook(clock, now);
  let text: string;
  let title: string;
  switch (look) {
    case 'met':
      text = 'met';
      title = `Stopped ${moment(clock.metAt!, policyZone, now)}`;
      break;
    case 'breached':
      text = clock.metAt !== null ? 'breached (late)' : `breached ${relative(clock.breachAt!, now)}`;
      title = `Breach instant ${moment(clock.breachAt!, policyZone, now)}`;
      break;
    case 'paused':
      text = 'paused';
      title = 'Awaiting the customer: the clock does not count';
      break;
    case 'not-applicable':
      text = 'n/a';
      title = 'No clock: feature request or third-party cause';
      break;
    case 'unreachable':
      text = 'unreachable';
      title = 'Not worked out: under this policy the target lies more than ten years of business hours away';
      break;
    case 'due':
      text = `due; breach ${relative(clock.breachAt!, now)}`;
      title = `Due ${moment(clock.dueAt!, policyZone, now)}, breach ${moment(clock.breachAt!, policyZone, now)}`;
      break;
    default:
      text = `due ${relative(clock.dueAt!, now)}`;
      title = `Due ${moment(clock.dueAt!, policyZone, now)}, breach ${moment(clock.breachAt!, policyZone, now)}`;
  }
  return (
    <span className={`clock clock-${look}`} title={title}>
      {text}
    </span>
  );
}
