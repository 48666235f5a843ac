// What can be done to a case right now, and why not: each change the workspace offers, tried
// against the case by the same rules that will judge it (decideMutation), with harmless stand-in
// arguments, writing nothing. A change the rules would refuse is offered disabled with the rules'
// own reason, so the page never offers what it then refuses. Choices (a status, a severity) are
// offered one by one: those the rules would take.
import { CONTACT_CHANNELS } from '../policy/policy-schema';
import { checklistOf, rowsOf, type DiagnosticRow } from '../diagnostics/case-diagnostics';
import { DIAGNOSTIC_TABLES } from '../diagnostics/diagnostic-tables';
import { waiversOf } from '../diagnostics/waivers';
import { attachmentsOf } from './case-attachments';
import { lastEventInForce } from './case-timeline';
import { mutationArgs, type MutationName, type WorkspaceChange } from './case-mutations';
import { decideMutation, MutationError, parseMutation, type CaseState, type DecideContext } from './decide-mutation';

export interface ChangeOffer {
  /** Why the rules would refuse it now (null: they would take it). */
  refused: string | null;
  /** For a change with a choice: the values the rules would take now (statuses, severity levels as text). */
  choices?: string[];
}
export type ChangeOffers = Record<WorkspaceChange, ChangeOffer>;

const STAND_IN = 'stand-in';

/** The statuses an engineer sets with changeStatus. */
const STATUS_CHOICES = mutationArgs.changeStatus.shape.status.options;

/**
 * Every offered change on `state` as of `context.now`, made by `context.actor` (dated now: `at`,
 * written in the policy's zone or UTC — any instant text the schema takes).
 */
export function changeOffers(state: CaseState, context: DecideContext, at: string): ChangeOffers {
  const caseId = state.record.id;
  const author = context.actor.name || STAND_IN;
  const base = { caseId, at, author };
  const tryChange = (name: MutationName, args: Record<string, unknown>, actor = context.actor): string | null => {
    try {
      decideMutation(parseMutation(name, args), state, { ...context, actor });
      return null;
    } catch (err) {
      if (err instanceof MutationError) return err.message;
      throw err;
    }
  };
  const choose = (name: MutationName, values: readonly string[], argsOf: (value: string) => Record<string, unknown>): ChangeOffer => {
    const reasons = values.map((v) => tryChange(name, argsOf(v)));
    const choices = values.filter((_, i) => reasons[i] === null);
    // Refused for every choice: the first reason that is not about the choice itself says why.
    return { refused: choices.length ? null : (reasons.find((r) => r !== null && !/ is already /.test(r)) ?? reasons[0] ?? null), choices };
  };

  // Only its author undoes a change: the offer is judged as the author would see it, and the page
  // shows it to that author alone.
  const events = state.record.events ?? [];
  const last = events[lastEventInForce(events)];
  const undoAuthor = typeof last?.author === 'string' && last.author ? last.author : author;

  return {
    updateCase: { refused: tryChange('updateCase', { caseId, author, fields: {} }) },
    logContact: { refused: tryChange('logContact', { ...base, channel: CONTACT_CHANNELS[0] }) },
    changeSeverity: choose(
      'changeSeverity',
      state.policy.severities.map((s) => String(s.level)),
      (level) => ({ ...base, severity: Number(level), reason: STAND_IN }),
    ),
    changeStatus: choose('changeStatus', STATUS_CHOICES, (status) => ({ ...base, status })),
    recordCustomerReply: { refused: tryChange('recordCustomerReply', base) },
    deliverWorkaround: { refused: tryChange('deliverWorkaround', { ...base, note: STAND_IN }) },
    holdAutoClose: { refused: tryChange('holdAutoClose', { ...base, note: STAND_IN }) },
    flagThirdParty: { refused: tryChange('flagThirdParty', { ...base, vendor: STAND_IN }) },
    markFeatureRequest: { refused: tryChange('markFeatureRequest', base) },
    addNote: { refused: tryChange('addNote', { ...base, text: STAND_IN }) },
    escalate: { refused: tryChange('escalate', { ...base, to: 'support-management', reason: STAND_IN }) },
    closeCase: { refused: tryChange('closeCase', { ...base, agreement: { by: STAND_IN, at, how: 'phone' } }) },
    reopenCase: { refused: tryChange('reopenCase', { ...base, reason: STAND_IN }) },
    // Judged on the first file the case holds (each is taken off the same way); none: nothing to remove.
    removeAttachment: { refused: tryChange('removeAttachment', { ...base, sha256: attachmentsOf(state.record)[0]?.sha256 ?? '0'.repeat(64) }) },
    undoLastChange: { refused: tryChange('undoLastChange', { ...base, author: undoAuthor }, { ...context.actor, name: undoAuthor }) },
    acknowledgePage: { refused: tryChange('acknowledgePage', base) },
    ...diagnosisOffers(state, base, tryChange),
  };
}

type TryChange = (name: MutationName, args: Record<string, unknown>) => string | null;

/** The diagnosis's changes, each judged on what it would touch first (a step, a row, a waiver). */
function diagnosisOffers(state: CaseState, base: { caseId: string; at: string; author: string }, tryChange: TryChange) {
  const step = checklistOf(state.record, state.policy.diagnostics.steps)[0];
  const rows = rowsOf(state.record);
  const row = DIAGNOSTIC_TABLES.flatMap((table): DiagnosticRow[] => rows[table])[0];
  const waivers = waiversOf(state.record);
  const standInPdf = { sha256: '0'.repeat(64), size: 1 };
  const until = new Date(Date.parse(base.at) + 3_600_000).toISOString();
  return {
    setChecklistStep: { refused: tryChange('setChecklistStep', { ...base, step: step?.id ?? STAND_IN, state: step?.state === 'done' ? 'todo' : 'done' }) },
    editDiagnosticRow: { refused: tryChange('editDiagnosticRow', { ...base, table: 'servers', row: STAND_IN, values: { host: STAND_IN }, base: 0 }) },
    removeDiagnosticRow: row ? { refused: tryChange('removeDiagnosticRow', { ...base, table: row.table, row: row.id, base: row.revision }) } : { refused: 'there is no row to remove' },
    signWaiver: {
      refused: tryChange('signWaiver', {
        ...base, waiver: STAND_IN, signatory: { name: STAND_IN, title: STAND_IN, company: STAND_IN, email: 'stand-in@example.com' },
        systems: [STAND_IN], changes: STAND_IN, validFrom: base.at, validTo: until, signature: { kind: 'typed', name: STAND_IN }, pdf: standInPdf,
        caseNumber: state.number, customer: { company: '', contractId: '' },
      }),
    },
    revokeWaiver: waivers.some((w) => !w.revoked)
      ? { refused: tryChange('revokeWaiver', { ...base, waiver: waivers.find((w) => !w.revoked)!.id, reason: STAND_IN }) }
      : { refused: 'no signed waiver to revoke' },
    // Judged on the first system a waiver names (the form asks again for the system typed).
    logEquipmentAccess: { refused: tryChange('logEquipmentAccess', { ...base, system: waivers.flatMap((w) => w.systems)[0] ?? STAND_IN, change: STAND_IN }) },
  };
}
