// The named mutations: every change to a case is one of these, validated by its zod schema,
// applied in one transaction and queued in the outbox for the central store. Shared by the
// desktop store and (later) the server, so both read a mutation the same way.
import { z } from 'zod';
import { CONTACT_CHANNELS } from '../policy/policy-schema';
import { parseInstant } from '../time/instant';
import { ORIGINAL_NAME_MAX } from '../files/file-names';
import { COLUMN_LABELS, DIAGNOSTIC_TABLES, ROW_SCHEMAS, rowId, type DiagnosticTable } from '../diagnostics/diagnostic-tables';
import { STEP_STATES } from '../diagnostics/case-diagnostics';
import { waiverTermsShape } from '../diagnostics/waivers';
import { instant, sha256 } from './argument-schemas';
import { AUTOMATIC_KINDS } from '../alerts/automatic-events';
import { FIELD_BY_PATH, fieldShape } from './case-fields';
import { caseSchema, CASE_TYPES, REPORT_CHANNELS } from './case-format';
import { catalogueSchema } from '../catalogue/product-catalogue';
import { PAGE_STEPS, rotaSchema } from '../oncall/rota';

const caseId = z.string().trim().min(1, 'which case?');
const author = z.string().trim().min(1, 'who made the change?').max(200);
const reason = z.string().trim().min(1, 'give a reason').max(2000);
const text = (max = 10_000) => z.string().max(max);
export { sha256 };

/** The descriptive fields an engineer edits in place (all but the clocks' inputs), each within its limit. */
export const caseFieldsSchema = z.strictObject(fieldShape(false, (spec) => text(spec.max)));
export type CaseFields = z.output<typeof caseFieldsSchema>;

const base = { caseId, at: instant, author };
const rowEdit = <T extends DiagnosticTable>(table: T) =>
  z.strictObject({ ...base, table: z.literal(table), row: rowId, values: ROW_SCHEMAS[table], base: z.int().min(0) });

export const mutationArgs = {
  /** A case from another tracker, kept exactly as it was recorded (events included). */
  importCase: z.strictObject({ record: caseSchema }),
  createCase: z.strictObject({
    id: caseId,
    severity: z.int().min(1),
    type: z.enum(CASE_TYPES),
    channel: z.enum(REPORT_CHANNELS),
    loggedAt: instant,
    author,
    fields: caseFieldsSchema,
  }),
  /**
   * New values for descriptive fields. `base` is what the edited fields held when the engineer
   * edited them (by path: `company`, `problem.symptoms`…), so the server can tell a concurrent
   * edit (shared/cases/field-conflicts.ts): the page sends what was shown when editing began;
   * without it the desktop fills in what the fields hold.
   */
  updateCase: z.strictObject({
    caseId,
    author,
    fields: caseFieldsSchema,
    base: z.record(z.string().max(100), z.string().nullable()).optional(),
    /** Fields (by path) whose conflict this edit settles: the engineer kept one version. */
    resolves: z.array(z.string().max(100)).max(20).optional(),
  }),
  logContact: z.strictObject({ ...base, channel: z.enum(CONTACT_CHANNELS), note: text().optional() }),
  changeSeverity: z.strictObject({ ...base, severity: z.int().min(1), reason }),
  changeStatus: z.strictObject({ ...base, status: z.enum(['in-progress', 'awaiting-customer', 'resolved']), reason: reason.optional() }),
  recordCustomerReply: z.strictObject({ ...base, note: text().optional() }),
  deliverWorkaround: z.strictObject({ ...base, note: z.string().trim().min(1, 'describe the work-around or plan').max(10_000) }),
  holdAutoClose: z.strictObject({ ...base, note: z.string().trim().min(1, 'say what was arranged with the customer').max(10_000) }),
  flagThirdParty: z.strictObject({ ...base, vendor: z.string().trim().min(1, 'name the other vendor').max(200), reason: reason.optional() }),
  markFeatureRequest: z.strictObject({ ...base, note: text().optional() }),
  addNote: z.strictObject({ ...base, text: z.string().trim().min(1, 'a note needs text').max(10_000) }),
  escalate: z.strictObject({ ...base, to: z.enum(['support-management', 'account-manager']), reason }),
  closeCase: z.strictObject({
    ...base,
    agreement: z.strictObject({
      by: z.string().trim().min(1, 'who at the customer agreed?').max(200),
      at: instant,
      how: z.enum(['phone', 'email', 'onsite', 'remote', 'online']),
    }),
  }),
  reopenCase: z.strictObject({ ...base, reason }),
  /**
   * A file kept with the case: its content's SHA-256 and size, the name it came with (kept for
   * display; neutralised only where it is written to a disk) and the type sniffed from its content.
   * The bytes are stored before the change is made (electron/core/files/).
   */
  attachFile: z.strictObject({
    ...base,
    sha256,
    size: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
    name: z.string().min(1, 'a file needs a name').max(ORIGINAL_NAME_MAX),
    mediaType: z.string().min(1).max(200),
    note: text(2000).optional(),
  }),
  /** A file taken off the case (its bytes go once nothing refers to them). */
  removeAttachment: z.strictObject({ ...base, sha256, reason: reason.optional() }),
  /**
   * A troubleshooting step of the case's policy set to do, done or not applicable (with the reason),
   * with a note and the case's files it refers to.
   */
  setChecklistStep: z.strictObject({
    ...base,
    step: z.string().min(1, 'which step?').max(40),
    state: z.enum(STEP_STATES),
    reason: reason.optional(),
    note: text(4000).optional(),
    files: z.array(sha256).max(20).optional(),
  }),
  /**
   * A row of a diagnostic table added or edited as a whole. `base` is the row's revision the
   * engineer saw (0 for a new row): an edit made without seeing the one before it is a conflict.
   */
  editDiagnosticRow: z.discriminatedUnion('table', [rowEdit('servers'), rowEdit('hops'), rowEdit('components'), rowEdit('changes')]),
  removeDiagnosticRow: z.strictObject({ ...base, table: z.enum(DIAGNOSTIC_TABLES), row: rowId, base: z.int().min(0) }),
  /** The customer's modification waiver, as signed (immutable once recorded; see shared/diagnostics/waivers.ts). */
  signWaiver: z.strictObject({ ...base, ...waiverTermsShape }).superRefine((w, ctx) => {
    const from = parseInstant(w.validFrom);
    const to = parseInstant(w.validTo);
    if (from.ok && to.ok && to.ms <= from.ms) ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'the validity ends before it starts' });
  }),
  /** A waiver withdrawn from this instant on. */
  revokeWaiver: z.strictObject({ ...base, waiver: waiverTermsShape.waiver, reason }),
  /** Access to customer equipment to change its configuration: which system, what was changed (needs a waiver covering it then). */
  logEquipmentAccess: z.strictObject({
    ...base,
    system: z.string().trim().min(1, 'which system?').max(253),
    change: z.string().trim().min(1, 'say what was changed').max(4000),
  }),
  /** Undo a mistaken change: the case's last event, by the same author, within UNDO_WINDOW_MS. */
  /**
   * `target` is the id of the event the author means to undo (the desktop fills it in): an undo
   * that reaches the server after someone else's change takes nothing back but says so.
   */
  undoLastChange: z.strictObject({ ...base, target: z.string().min(1).max(200).optional() }),
  /**
   * What the policy does by itself, recorded once (shared/alerts/automatic-events.ts): the
   * escalation at a clock's breach, or the auto-close, at the instant the engine gives it.
   */
  recordAutomatic: z.strictObject({ ...base, kind: z.enum(AUTOMATIC_KINDS), clock: z.enum(['response', 'resolution']).nullable() }),
  /**
   * The team's product catalogue put in use as a whole (a change of the team, not of a case).
   * `base` is the catalogue's revision the admin edited (0: the one Casedesk ships with): an edit
   * made on an older revision than the team's is refused, so nobody's edit is lost silently.
   */
  useCatalogue: z.strictObject({ author, catalogue: catalogueSchema, base: z.int().min(0) }),
  /** The team's on-call rota put in use as a whole, on top of revision `base` (as the catalogue). */
  useRota: z.strictObject({ author, rota: rotaSchema, base: z.int().min(0) }),
  /**
   * A Severity-1 page sent to a step of the on-call chain (shared/oncall/case-pages.ts): recorded by
   * the central store's escalator, once per step.
   */
  recordPage: z.strictObject({
    ...base,
    step: z.enum(PAGE_STEPS),
    to: z.array(z.string().trim().min(1).max(200)).min(1, 'page whom?').max(20),
    reason: reason.optional(),
  }),
  /** The case's page answered: whoever acknowledges it stops its escalation and silences it everywhere. */
  acknowledgePage: z.strictObject({ ...base, note: text(2000).optional() }),
} as const;

export type MutationName = keyof typeof mutationArgs;

/** How long after a change it can still be undone. */
export const UNDO_WINDOW_MS = 15 * 60_000;
/** How far ahead of the clock an event may be dated (clocks of two machines disagree a little). */
export const FUTURE_SKEW_MS = 5 * 60_000;
export type MutationArgs<N extends MutationName> = z.output<(typeof mutationArgs)[N]>;
export type Mutation = { [N in MutationName]: { name: N; args: MutationArgs<N> } }[MutationName];

export const MUTATION_NAMES = Object.keys(mutationArgs) as MutationName[];

/** The changes an engineer makes to an existing case from the workspace. */
export const WORKSPACE_CHANGES = [
  'updateCase', 'logContact', 'changeSeverity', 'changeStatus', 'recordCustomerReply', 'deliverWorkaround', 'holdAutoClose',
  'flagThirdParty', 'markFeatureRequest', 'addNote', 'escalate', 'closeCase', 'reopenCase', 'removeAttachment', 'undoLastChange',
  'setChecklistStep', 'editDiagnosticRow', 'removeDiagnosticRow', 'signWaiver', 'revokeWaiver', 'logEquipmentAccess', 'acknowledgePage',
] as const satisfies readonly MutationName[];
export type WorkspaceChange = (typeof WORKSPACE_CHANGES)[number];

/**
 * The mutation's arguments with `author` set to the person who is making it, whatever the page or
 * a pushing desktop wrote there: the central server stamps every change with its signed-in user,
 * and a desktop signed in to a server does the same, so no change is made in another's name. The
 * exception is an imported case: it keeps the history it brings from the other tracker, events
 * and their authors as recorded there (the server's log keeps who pushed it). Arguments that are
 * not an object are left for validation to refuse.
 */
export function signedBy<T>(name: string, args: T, author: string): T {
  if (name === 'importCase' || !Object.hasOwn(mutationArgs, name)) return args;
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return args;
  return { ...args, author };
}

/** The arguments of the mutations as the engineer reads them in the forms that make them. */
const ARG_LABELS: Readonly<Record<string, string>> = {
  caseId: 'Case', id: 'Case', at: 'When', author: 'Your name', channel: 'How', note: 'Note', text: 'Note', reason: 'Reason',
  severity: 'Severity', status: 'Status', vendor: 'Vendor', to: 'To', type: 'Type', loggedAt: 'First report',
  sha256: 'File', size: 'Size', name: 'File name', mediaType: 'File type', step: 'Step', state: 'State', files: 'Files', table: 'Table', row: 'Row',
  base: 'Revision seen', waiver: 'Waiver', 'signatory.name': 'Signatory', 'signatory.title': 'Title', 'signatory.company': 'Company',
  'signatory.email': 'Email', systems: 'Systems', changes: 'Changes permitted', validFrom: 'Valid from', validTo: 'Valid until',
  signature: 'Signature', supersedes: 'Supersedes', pdf: 'PDF', system: 'System', change: 'Change made', 'agreement.by': 'Agreed by (customer)', 'agreement.at': 'Agreed at', 'agreement.how': 'How it was agreed',
};

/**
 * The label of a mutation's argument by its path: a case field by its declared label (`fields.hardware`
 * is "Hardware"), the rest as its form names it; undefined when it has none.
 */
export function mutationArgLabel(path: readonly PropertyKey[]): string | undefined {
  const keys = path.map(String);
  if (keys[0] === 'values' && keys.length > 1) return COLUMN_LABELS[keys[1]!];
  if (keys[0] === 'fields' && keys.length > 1) return FIELD_BY_PATH.get(keys.slice(1, 3).join('.'))?.label ?? FIELD_BY_PATH.get(keys[1]!)?.label;
  return ARG_LABELS[keys.join('.')] ?? ARG_LABELS[keys[0] ?? ''];
}

/** The most characters a mutation's text argument takes, by its dotted path (undefined: no limit, or not text). */
export function argMaxLength(name: MutationName, path: string): number | undefined {
  let schema: unknown = mutationArgs[name];
  for (const key of path.split('.')) {
    while (schema instanceof z.ZodOptional) schema = schema.unwrap();
    schema = schema instanceof z.ZodObject ? (schema.shape as Record<string, unknown>)[key] : undefined;
  }
  while (schema instanceof z.ZodOptional) schema = schema.unwrap();
  return schema instanceof z.ZodString ? (schema.maxLength ?? undefined) : undefined;
}
