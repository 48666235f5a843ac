// A Severity-1 case's page, as its history has it: each `page` event a step sent (to whom, when),
// a `page-acknowledged` event the answer that stops it. The central store's escalator, the
// desktops (which page to show, which to silence) and the timeline all read it from here, so a
// page is the same wherever its case has synced. An undone event counts for nothing.
import type { CaseEventRecord, CaseRecord } from '../cases/case-format';
import { retractedEvents } from '../cases/case-timeline';
import { parseInstant } from '../time/instant';
import { PAGE_STEPS, type PageStep } from './rota';

export const PAGE_EVENT = 'page';
export const PAGE_ACKNOWLEDGED_EVENT = 'page-acknowledged';

export interface PageSent {
  step: PageStep;
  to: readonly string[];
  at: string;
  ms: number;
}

export interface CasePage {
  /** The steps sent, in order. */
  sent: PageSent[];
  acknowledged: { by: string; at: string; ms: number } | null;
}

function stepOf(event: CaseEventRecord): PageSent | null {
  const e = event as CaseEventRecord & { step?: unknown; to?: unknown };
  const at = parseInstant(e.at);
  if (!at.ok || typeof e.step !== 'string' || !(PAGE_STEPS as readonly string[]).includes(e.step)) return null;
  const to = Array.isArray(e.to) ? e.to.filter((t): t is string => typeof t === 'string') : [];
  return { step: e.step as PageStep, to, at: e.at, ms: at.ms };
}

/** The case's page, or null when it was never paged. */
export function casePageOf(record: Pick<CaseRecord, 'events'>): CasePage | null {
  const events = record.events ?? [];
  if (!events.some((e) => e.type === PAGE_EVENT)) return null;
  const retracted = retractedEvents(events);
  const page: CasePage = { sent: [], acknowledged: null };
  events.forEach((event, i) => {
    if (retracted.has(i)) return;
    if (event.type === PAGE_EVENT) {
      const step = stepOf(event);
      if (step) page.sent.push(step);
    } else if (event.type === PAGE_ACKNOWLEDGED_EVENT && page.acknowledged === null) {
      const at = parseInstant(event.at);
      if (at.ok) page.acknowledged = { by: event.author ?? 'someone', at: event.at, ms: at.ms };
    }
  });
  return page.sent.length > 0 ? page : null;
}

/** Whether the page still waits for an answer from `name`: sent to them, not yet acknowledged. */
export function pageWaitsFor(page: CasePage | null, name: string): boolean {
  return page !== null && page.acknowledged === null && page.sent.some((s) => s.to.includes(name));
}

/** The step a page is at: the last one sent. */
export function currentStep(page: CasePage): PageSent {
  return page.sent.at(-1)!;
}

/** A step as a person reads it. */
export function stepWords(step: PageStep): string {
  return step === 'primary' ? 'the engineer on call' : step === 'secondary' ? 'the secondary on call' : 'support management';
}
