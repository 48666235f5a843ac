// The policy's rules for the diagnosis of a case: what each of its changes writes (one event), or
// why it is refused, in words that name what is wrong. Called by decideMutation
// (shared/cases/decide-mutation.ts) once it has checked the case exists, is open, and the change is
// dated sensibly — so the desktop and the server refuse the same things.
import { attachmentsOf } from '../cases/case-attachments';
import type { CaseEventRecord, CaseRecord } from '../cases/case-format';
import { withOptional } from '../cases/event-members';
import { FUTURE_SKEW_MS, type MutationArgs } from '../cases/case-mutations';
import type { Policy } from '../policy/policy-schema';
import { formatMoment } from '../sla/sla-explain';
import { daysOfIsoDate } from '../time/civil-date';
import { instantOrThrow, parseInstant } from '../time/instant';
import { DateTime } from 'luxon';
import { checklistOf, rowOf, rowRevision } from './case-diagnostics';
import { TABLE_LABELS, type RowValues } from './diagnostic-tables';
import { waiverGate, waiversOf } from './waivers';

/** An event the change writes, or why it is refused. */
export type DiagnosticDecision = { event: CaseEventRecord } | { refused: string };

interface Judged {
  record: CaseRecord;
  number: string;
  policy: Policy;
  /** When the change is judged (its `at` is already checked against it). */
  now: number;
}

const refuse = (refused: string): DiagnosticDecision => ({ refused });

function notAttached(record: CaseRecord, number: string, hashes: readonly string[]): string | null {
  const held = new Set(attachmentsOf(record).map((file) => file.sha256));
  const missing = hashes.find((h) => !held.has(h));
  return missing ? `file ${missing.slice(0, 12)}… is not attached to case ${number}: attach it first` : null;
}

export function decideChecklistStep(a: MutationArgs<'setChecklistStep'>, s: Judged): DiagnosticDecision {
  const steps = s.policy.diagnostics.steps;
  const step = checklistOf(s.record, steps).find((x) => x.id === a.step);
  if (!step) return refuse(`the checklist of case ${s.number} (policy ${s.policy.id} v${s.policy.version}) has no step "${a.step}"; its steps are ${steps.map((x) => x.id).join(', ')}`);
  if (a.state === 'not-applicable' && !a.reason) return refuse(`Reason: say why "${step.name}" does not apply`);
  const files = [...new Set(a.files ?? [])];
  const missing = notAttached(s.record, s.number, files);
  if (missing) return refuse(missing);
  const unchanged = step.state === a.state && (step.note ?? '') === (a.note ?? '') && (step.reason ?? '') === (a.reason ?? '') && step.files.join() === files.join();
  if (unchanged) return refuse(`"${step.name}" is already ${a.state === 'todo' ? 'to do' : a.state === 'done' ? 'done' : 'not applicable'} on case ${s.number}`);
  return {
    event: withOptional(
      { at: a.at, type: 'checklist', author: a.author, step: a.step, state: a.state },
      { reason: a.state === 'not-applicable' ? a.reason : undefined, note: a.note || undefined, files: files.length ? files : undefined },
    ),
  };
}

/** Why a recent change's date is wrong (in the future, as the policy's calendar reads it), or null. */
function changeDateProblem(when: string, s: Judged): string | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(when)) {
    const today = DateTime.fromMillis(s.now, { zone: s.policy.timeZone }).toISODate()!;
    return daysOfIsoDate(when)! > daysOfIsoDate(today)! ? `When: a change cannot be dated in the future (${when}; today is ${today})` : null;
  }
  const at = instantOrThrow(when);
  return at > s.now + FUTURE_SKEW_MS ? `When: a change cannot be dated in the future (${formatMoment(at, s.policy.timeZone)})` : null;
}

export function decideRowEdit(a: MutationArgs<'editDiagnosticRow'>, s: Judged): DiagnosticDecision {
  const revision = rowRevision(s.record, a.table, a.row);
  if (a.base > revision) return refuse(`Revision seen: the ${TABLE_LABELS[a.table].toLowerCase()} row ${a.row} has had ${revision} edits, not ${a.base}`);
  if (a.table === 'changes') {
    const problem = changeDateProblem((a.values as RowValues<'changes'>).when, s);
    if (problem) return refuse(problem);
  }
  const current = rowOf(s.record, a.table, a.row);
  if (current && JSON.stringify(current.values) === JSON.stringify(a.values) && !current.conflict) {
    return refuse(`the ${TABLE_LABELS[a.table].toLowerCase()} row already holds these values`);
  }
  return { event: { at: a.at, type: 'diagnostic-row', author: a.author, table: a.table, row: a.row, values: a.values, base: a.base } };
}

export function decideRowRemoval(a: MutationArgs<'removeDiagnosticRow'>, s: Judged): DiagnosticDecision {
  if (!rowOf(s.record, a.table, a.row)) return refuse(`case ${s.number} has no row ${a.row} in ${TABLE_LABELS[a.table].toLowerCase()}`);
  return { event: { at: a.at, type: 'diagnostic-row-removed', author: a.author, table: a.table, row: a.row, base: a.base } };
}

export function decideWaiver(a: MutationArgs<'signWaiver'>, s: Judged): DiagnosticDecision {
  const waivers = waiversOf(s.record);
  const same = waivers.find((w) => w.id === a.waiver);
  if (same) return refuse(`waiver ${a.waiver} is signed (by ${same.signatory.name}, ${formatMoment(instantOrThrow(same.signedAt), s.policy.timeZone)}) and cannot be changed: sign a new waiver that supersedes it`);
  if (a.supersedes !== undefined) {
    const older = waivers.find((w) => w.id === a.supersedes);
    if (!older) return refuse(`Supersedes: case ${s.number} has no waiver ${a.supersedes}`);
    if (older.supersededBy) return refuse(`Supersedes: waiver ${a.supersedes} is already superseded by ${older.supersededBy}`);
  }
  if (a.signature.kind === 'scan') {
    const missing = notAttached(s.record, s.number, [a.signature.sha256]);
    if (missing) return refuse(`Signature: the signed scan (${missing})`);
  }
  const { caseId: _caseId, supersedes, ...terms } = a;
  return { event: withOptional({ ...terms, type: 'waiver' }, { supersedes }) };
}

export function decideRevocation(a: MutationArgs<'revokeWaiver'>, s: Judged): DiagnosticDecision {
  const waiver = waiversOf(s.record).find((w) => w.id === a.waiver);
  if (!waiver) return refuse(`case ${s.number} has no waiver ${a.waiver}`);
  if (waiver.revoked) return refuse(`waiver ${a.waiver} was already revoked at ${formatMoment(instantOrThrow(waiver.revoked.at), s.policy.timeZone)}`);
  const at = instantOrThrow(a.at);
  if (at < instantOrThrow(waiver.signedAt)) return refuse(`When: a waiver cannot be revoked before it was signed (${formatMoment(instantOrThrow(waiver.signedAt), s.policy.timeZone)})`);
  return { event: { at: a.at, type: 'waiver-revoked', author: a.author, waiver: a.waiver, reason: a.reason } };
}

export function decideEquipmentAccess(a: MutationArgs<'logEquipmentAccess'>, s: Judged): DiagnosticDecision {
  const at = parseInstant(a.at);
  if (!at.ok) return refuse(at.error);
  const gate = waiverGate(waiversOf(s.record), a.system, at.ms, s.policy.timeZone);
  if (!gate.covered) return refuse(`access to ${a.system} refused: ${gate.missing}`);
  return { event: { at: a.at, type: 'equipment-access', author: a.author, system: a.system, change: a.change, waiver: gate.waiver.id } };
}

/** The mutations that record a waiver or an access: never undone — a waiver is revoked or superseded, an access stays on record. */
export const PERMANENT_CHANGES: ReadonlySet<string> = new Set(['signWaiver', 'revokeWaiver', 'logEquipmentAccess']);

/** The waiver whose signed scan a file is, if any (such a file stays with the case). */
export function waiverOfScan(record: CaseRecord, sha256: string): string | undefined {
  return waiversOf(record).find((w) => w.signature.kind === 'scan' && w.signature.sha256 === sha256)?.id;
}
