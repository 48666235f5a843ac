// The named mutations: every change to a case is one of these, validated by its zod schema,
// applied in one transaction and queued in the outbox for the central store. Shared by the
// desktop store and (later) the server, so both read a mutation the same way.
import { z } from 'zod';
import { CONTACT_CHANNELS } from '../policy/policy-schema';
import { parseInstant } from '../time/instant';
import { fieldShape } from './case-fields';
import { caseSchema, CASE_TYPES, REPORT_CHANNELS } from './case-format';

const instant = z.string().superRefine((text, ctx) => {
  const parsed = parseInstant(text);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.error });
});
const caseId = z.string().trim().min(1, 'which case?');
const author = z.string().trim().min(1, 'who made the change?').max(200);
const reason = z.string().trim().min(1, 'give a reason').max(2000);
const text = (max = 10_000) => z.string().max(max);

/** The descriptive fields an engineer edits in place (all but the clocks' inputs), each within its limit. */
export const caseFieldsSchema = z.strictObject(fieldShape(false, (spec) => text(spec.max)));
export type CaseFields = z.output<typeof caseFieldsSchema>;

const base = { caseId, at: instant, author };

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
  deliverWorkaround: z.strictObject({ ...base, note: z.string().trim().min(1, 'describe the work-around or plan') }),
  holdAutoClose: z.strictObject({ ...base, note: z.string().trim().min(1, 'say what was arranged with the customer') }),
  flagThirdParty: z.strictObject({ ...base, vendor: z.string().trim().min(1, 'name the other vendor'), reason: reason.optional() }),
  markFeatureRequest: z.strictObject({ ...base, note: text().optional() }),
  addNote: z.strictObject({ ...base, text: z.string().trim().min(1, 'a note needs text').max(10_000) }),
  escalate: z.strictObject({ ...base, to: z.enum(['support-management', 'account-manager']), reason }),
  closeCase: z.strictObject({
    ...base,
    agreement: z.strictObject({
      by: z.string().trim().min(1, 'who at the customer agreed?'),
      at: instant,
      how: z.enum(['phone', 'email', 'onsite', 'remote', 'online']),
    }),
  }),
  reopenCase: z.strictObject({ ...base, reason }),
  /** Undo a mistaken change: the case's last event, by the same author, within UNDO_WINDOW_MS. */
  /**
   * `target` is the id of the event the author means to undo (the desktop fills it in): an undo
   * that reaches the server after someone else's change takes nothing back but says so.
   */
  undoLastChange: z.strictObject({ ...base, target: z.string().min(1).max(200).optional() }),
} as const;

export type MutationName = keyof typeof mutationArgs;

/** How long after a change it can still be undone. */
export const UNDO_WINDOW_MS = 15 * 60_000;
export type MutationArgs<N extends MutationName> = z.output<(typeof mutationArgs)[N]>;
export type Mutation = { [N in MutationName]: { name: N; args: MutationArgs<N> } }[MutationName];

export const MUTATION_NAMES = Object.keys(mutationArgs) as MutationName[];

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
