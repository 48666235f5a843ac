// The actions of the case workspace: each a named change (a store mutation) with the fields its
// form asks for and how they become the mutation's arguments. What they offer comes from where it
// is declared: the severities from the case's policy, the statuses from CASE_STATUSES (those an
// engineer sets: not `new`, not `closed`, which is Close), the other choices from the mutations'
// own schemas.
import type { ChangeOffer } from '../../../shared/cases/change-offers';
import { argMaxLength, mutationArgLabel, mutationArgs } from '../../../shared/cases/case-mutations';
import { fieldProblems, type FieldProblem } from '../../../shared/validation/user-words';
import type { CaseChange, CaseDetail } from '../../../shared/ipc/contract';
import { CASE_STATUSES, CONTACT_CHANNELS } from '../../../shared/policy/policy-schema';

export interface Choice {
  value: string;
  label: string;
}
export interface ActionField {
  name: string;
  label: string;
  options?: readonly Choice[];
  optional?: boolean;
  datetime?: boolean;
  /** The mutation's argument the field fills, dotted (default: its name). */
  arg?: string;
}
export interface Action {
  change: CaseChange;
  label: string;
  fields: ActionField[];
  /** The mutation's arguments from the form's values. */
  args: (v: Record<string, string>) => Record<string, unknown>;
}

const plain = (values: readonly string[]): Choice[] => values.map((value) => ({ value, label: value }));
const optional = (key: string, value: string | undefined) => (value ? { [key]: value } : {});

/** The statuses an engineer sets by hand. */
export const SETTABLE_STATUSES = CASE_STATUSES.filter((s) => s !== 'new' && s !== 'closed');

/** The actions on a case, with what its policy offers. */
export function caseActions(policy: CaseDetail['policy']): Action[] {
  const severities = policy.severities.map((s) => ({ value: String(s.level), label: s.name }));
  return [
    { change: 'logContact', label: 'Log contact', fields: [{ name: 'channel', label: 'How', options: plain(CONTACT_CHANNELS) }, { name: 'note', label: 'Note', optional: true }], args: (v) => ({ channel: v.channel, ...optional('note', v.note) }) },
    { change: 'recordCustomerReply', label: 'Customer replied', fields: [{ name: 'note', label: 'Note', optional: true }], args: (v) => optional('note', v.note) },
    { change: 'deliverWorkaround', label: 'Work-around delivered', fields: [{ name: 'note', label: 'Work-around or plan' }], args: (v) => ({ note: v.note }) },
    { change: 'addNote', label: 'Note', fields: [{ name: 'text', label: 'Note' }], args: (v) => ({ text: v.text }) },
    { change: 'changeStatus', label: 'Status', fields: [{ name: 'status', label: 'New status', options: plain(SETTABLE_STATUSES) }, { name: 'reason', label: 'Reason', optional: true }], args: (v) => ({ status: v.status, ...optional('reason', v.reason) }) },
    { change: 'changeSeverity', label: 'Severity', fields: [{ name: 'severity', label: 'New severity', options: severities }, { name: 'reason', label: 'Reason' }], args: (v) => ({ severity: Number(v.severity), reason: v.reason }) },
    { change: 'holdAutoClose', label: 'Hold auto-close', fields: [{ name: 'note', label: 'Arrangement made' }], args: (v) => ({ note: v.note }) },
    { change: 'escalate', label: 'Escalate', fields: [{ name: 'to', label: 'To', options: plain(mutationArgs.escalate.shape.to.options) }, { name: 'reason', label: 'Reason' }], args: (v) => ({ to: v.to, reason: v.reason }) },
    { change: 'flagThirdParty', label: 'Third-party cause', fields: [{ name: 'vendor', label: 'Vendor' }, { name: 'reason', label: 'Reason', optional: true }], args: (v) => ({ vendor: v.vendor, ...optional('reason', v.reason) }) },
    { change: 'markFeatureRequest', label: 'Feature request', fields: [{ name: 'note', label: 'Note', optional: true }], args: (v) => optional('note', v.note) },
    {
      change: 'closeCase',
      label: 'Close',
      fields: [
        { name: 'by', label: 'Agreed by (customer)', arg: 'agreement.by' },
        { name: 'how', label: 'How', options: plain(mutationArgs.closeCase.shape.agreement.shape.how.options), arg: 'agreement.how' },
        { name: 'when', label: 'Agreed at (empty: now)', optional: true, datetime: true, arg: 'agreement.at' },
      ],
      args: (v) => {
        // `when`: an ISO instant with its zone's offset (ui/ZonedTimeInput.tsx), or '' for now.
        return { agreement: { by: v.by, how: v.how, ...(v.when ? { at: v.when } : {}) } };
      },
    },
    { change: 'reopenCase', label: 'Reopen', fields: [{ name: 'reason', label: 'Reason' }], args: (v) => ({ reason: v.reason }) },
  ];
}

/** The longest text the mutation takes for a field (its schema's limit), or undefined. */
export function maxLengthOf(change: CaseChange, field: ActionField): number | undefined {
  return argMaxLength(change, field.arg ?? field.name);
}

/** Why the rules would refuse `change` on the case now (null: they would take it). */
export function refusalOf(detail: CaseDetail, change: CaseChange): string | null {
  return detail.offers[change]?.refused ?? null;
}

/** The action as the case's offers have it: a choice offers only the values the rules would take now. */
export function offeredAction(action: Action, offer: ChangeOffer | undefined): Action {
  const choices = offer?.choices;
  if (!choices) return action;
  return { ...action, fields: action.fields.map((f) => (f.options ? { ...f, options: f.options.filter((o) => choices.includes(o.value)) } : f)) };
}

/**
 * Every problem of the form's values, each at its field, checked with the mutation's own schema
 * before anything is sent ("Reason: required", "Note: at most 10000 characters").
 */
export function actionProblems(action: Action, values: Record<string, string>, base: { caseId: string; author: string }): FieldProblem[] {
  const at = new Date().toISOString();
  const args: Record<string, unknown> = { ...base, at, ...action.args(values) };
  if (action.change === 'closeCase') args.agreement = { at, ...(args.agreement as object) };
  const parsed = mutationArgs[action.change].safeParse(args);
  return parsed.success ? [] : fieldProblems(parsed.error.issues, mutationArgLabel);
}
