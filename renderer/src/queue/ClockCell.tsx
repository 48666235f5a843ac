// One SLA clock in the queue: its state as a colour and a word, and a live countdown to its due
// or breach instant.
import type { QueueRow } from '../../../shared/ipc/contract';
import { relative, shortMoment } from '../time-format';

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

export function ClockCell({ clock, now }: { clock: QueueRow['response']; now: number }) {
  const look = clockLook(clock, now);
  let text: string;
  let title: string;
  switch (look) {
    case 'met':
      text = 'met';
      title = `Stopped ${shortMoment(clock.metAt!)}`;
      break;
    case 'breached':
      text = clock.metAt !== null ? 'breached (late)' : `breached ${relative(clock.breachAt!, now)}`;
      title = `Breach instant ${shortMoment(clock.breachAt!)}`;
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
      title = `Due ${shortMoment(clock.dueAt!)}, breach ${shortMoment(clock.breachAt!)}`;
      break;
    default:
      text = `due ${relative(clock.dueAt!, now)}`;
      title = `Due ${shortMoment(clock.dueAt!)}, breach ${shortMoment(clock.breachAt!)}`;
  }
  return (
    <span className={`clock clock-${look}`} title={title}>
      {text}
    </span>
  );
}
