// What the policy does by itself, recorded on the case: the escalation to support management at a
// clock's breach, and the close of a case whose customer did not answer within the auto-close
// period. The SLA engine works both out from the case's history; recording them makes them part of
// that history — shown, synced, reported like any change — once, however many desktops and server
// processes notice them. Each has a key (kind, clock, instant): the event carries it as
// `automatic`, a store that holds it refuses it again, and the mutation that records it has an id
// derived from the case and the key (`automaticMutationName`, as a UUID v5 in AUTOMATIC_NAMESPACE),
// so two recorders send one mutation, which every store applies once.
//
// Recording changes no clock: the engine already counted the escalation, and a status change to
// `closed` at the auto-close instant is what the engine did there (an event at that instant comes
// first, and closes as the auto-close would).
import type { CaseEventRecord, CaseRecord } from '../cases/case-format';
import type { Policy } from '../policy/policy-schema';
import type { CaseEvaluation } from '../sla/sla-clock';
import { formatInstant } from '../time/instant';
import { timeZone } from '../time/time-zone';

export const AUTOMATIC_KINDS = ['escalation', 'auto-close'] as const;
export type AutomaticKind = (typeof AUTOMATIC_KINDS)[number];
type Clock = 'response' | 'resolution';

/** The namespace of the automatic mutations' ids (UUID v5 of `caseId/key`). */
export const AUTOMATIC_NAMESPACE = '6f1d5a62-3c8e-4b7a-9d24-0c5e8b1f7a93';

/** Who an automatic event is recorded by, when no person is (the central store's scheduler). */
export const AUTOMATIC_AUTHOR = 'Casedesk (automatic)';

/** The key of an automatic event: what, which clock, the instant (UTC, to the millisecond). */
export function automaticKey(kind: AutomaticKind, clock: Clock | null, at: number): string {
  return `${kind}/${clock ?? '-'}/${new Date(at).toISOString()}`;
}

/** The text the deterministic mutation id is made from. */
export function automaticMutationName(caseId: string, key: string): string {
  return `${caseId}/${key}`;
}

/** The key an event carries, if it was recorded automatically. */
export function automaticKeyOf(event: unknown): string | null {
  const key = (event as { automatic?: unknown } | null)?.automatic;
  return typeof key === 'string' ? key : null;
}

/** Whether the case already holds the automatic event of `key`. */
export function holdsAutomatic(record: CaseRecord, key: string): boolean {
  return (record.events ?? []).some((e) => automaticKeyOf(e) === key);
}

const CLOCK_WORD: Record<Clock, string> = { response: 'response', resolution: 'resolution' };

/**
 * The event recording `kind` at `at` on a case, judged against the engine's evaluation of it now
 * (`evaluation`, at or after `at`); a refusal in words when the engine does not see it there.
 */
export function automaticEvent(
  args: { kind: AutomaticKind; clock: Clock | null; at: number; author: string },
  record: CaseRecord,
  policy: Policy,
  evaluation: CaseEvaluation,
): { event: CaseEventRecord } | { refused: string } {
  const key = automaticKey(args.kind, args.clock, args.at);
  if (holdsAutomatic(record, key)) return { refused: `it is already recorded on the case (${key})` };
  const at = formatInstant(args.at, timeZone(policy.timeZone));
  if (args.kind === 'escalation') {
    if (args.clock === null) return { refused: 'an escalation names the clock that breached' };
    if (!evaluation.escalations.some((e) => e.clock === args.clock && e.at === args.at)) return { refused: `the ${CLOCK_WORD[args.clock]} clock did not breach at ${at}` };
    return { event: { at, type: 'escalation', to: 'support-management', author: args.author, reason: `the ${CLOCK_WORD[args.clock]} clock breached`, automatic: key } as CaseEventRecord };
  }
  if (args.clock !== null) return { refused: 'an auto-close is of the case, not of a clock' };
  if (evaluation.autoClosedAt !== args.at) return { refused: `the case did not close by itself at ${at}` };
  return {
    event: {
      at,
      type: 'status',
      status: 'closed',
      author: args.author,
      reason: `closed by itself: no answer from the customer within ${policy.autoClose.afterDays} days of the request`,
      automatic: key,
    } as CaseEventRecord,
  };
}
