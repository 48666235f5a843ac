// An alert in the engineer's words, as a notification shows it: a title that says what is due,
// when, and on which case ("Response due in 15 min — 9RW-1042 Contoso Bank, Severity-1"), and a
// line that says the instant in the engineer's zone (and the policy's beside it) and what follows.
// The same words in the operating system's notification, the browser's and the app's own list.
import { momentText, type MomentStyle } from '../time/moment-text';
import type { PlannedAlert } from './alert-plan';

export interface AlertCase {
  number: string;
  company: string | null;
  /** The severity's name in the policy ("Severity-1"). */
  severityName: string;
}

export interface AlertText {
  title: string;
  body: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How long until an instant, as a person says it: "in 15 min", "in 1 h 30 min", "in 2 days". */
export function untilText(ms: number): string {
  if (ms < MINUTE) return 'in under a minute';
  if (ms < HOUR) return `in ${Math.round(ms / MINUTE)} min`;
  if (ms < DAY) {
    const minutes = Math.round(ms / MINUTE);
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    return m === 0 ? `in ${h} h` : `in ${h} h ${m} min`;
  }
  const days = Math.round(ms / DAY);
  return `in ${days} day${days === 1 ? '' : 's'}`;
}

const CLOCK_WORD = { response: 'Response', resolution: 'Resolution' } as const;

/** The alert's title and line, written at `style.now` (the instant it is shown). */
export function alertText(alert: PlannedAlert, c: AlertCase, style: MomentStyle, autoCloseDays: number): AlertText {
  const subject = `${c.number}${c.company ? ` ${c.company}` : ''}, ${c.severityName}`;
  const when = momentText(alert.about, style);
  const clock = alert.clock ? CLOCK_WORD[alert.clock] : '';
  const left = alert.about - style.now;
  switch (alert.kind) {
    case 'reminder':
      return { title: `${clock} due ${untilText(left)} — ${subject}`, body: `Due ${when}.` };
    case 'due':
      return { title: `${clock} due now — ${subject}`, body: `Due ${when}; it breaches if nothing is done.` };
    case 'breach':
      return { title: `${clock} breached — ${subject}`, body: `Breached ${when}; escalated to support management.` };
    case 'auto-close-warning':
      return {
        title: `Closes by itself ${untilText(left)} — ${subject}`,
        body: `The customer has not answered; the case closes ${when} unless they do, its status changes, or other arrangements are recorded.`,
      };
    case 'auto-close':
      return { title: `Closed by itself — ${subject}`, body: `Closed ${when}: no answer from the customer within ${autoCloseDays} days of the request.` };
  }
}
