// The sync protocol between a desktop and the central store, as zod schemas both sides validate.
// The desktop pushes its outbox (named mutations with their ids); the server applies each once,
// in its own order, stamping what it touches with one monotonic version, and answers each with
// applied or rejected (and why). The desktop then pulls every case changed since the version it
// has, a page at a time, as whole snapshots: fields, every event with its id, and the version.
import { z } from 'zod';
import { caseSchema } from '../cases/case-format';
import { MUTATION_NAMES, type MutationName } from '../cases/case-mutations';
import { TEAM_SUBJECTS } from '../cases/change-rules';
import { fieldConflictSchema } from '../cases/field-conflicts';

export const SYNC_PROTOCOL = 'casedesk.sync/1';

/** The most mutations one push carries, and the most cases one pull page returns. */
export const PUSH_BATCH_LIMIT = 500;
export const PULL_PAGE_LIMIT = 1000;

const changeScopeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('case'), caseId: z.string().min(1).max(200) }),
  z.strictObject({ kind: z.literal('team'), subject: z.enum(TEAM_SUBJECTS) }),
]);

const mutationName = z.enum(MUTATION_NAMES as [MutationName, ...MutationName[]]);

export const pushItemSchema = z.strictObject({
  mutationId: z.string().min(1).max(100),
  name: z.string().min(1).max(100),
  args: z.unknown(),
  /** When the change was made on the desktop (epoch ms): the rules judge it as of then. */
  madeAt: z.number().int().nonnegative(),
  /** For a new case: the number the desktop gave it, and the policy it was logged under. */
  number: z.string().min(1).max(40).optional(),
  policy: z.unknown().optional(),
  /**
   * What the change is about (shared/cases/change-rules.ts): the server refuses a change whose
   * scope is not the one its name and arguments give. Absent from desktops before it was added.
   */
  scope: changeScopeSchema.optional(),
});
export type PushItem = z.output<typeof pushItemSchema>;

export const pushRequestSchema = z.strictObject({
  protocol: z.literal(SYNC_PROTOCOL),
  clientId: z.string().min(1).max(100),
  /** The code this desktop numbers its cases with; the server answers the one to use. */
  deskCode: z.string().regex(/^[0-9A-Z]{1,8}$/).optional(),
  items: z.array(pushItemSchema).max(PUSH_BATCH_LIMIT),
});
export type PushRequest = z.output<typeof pushRequestSchema>;

/**
 * A pushed change's verdict: applied; rejected by the policy's rules (final: the desktop takes it
 * back); or failed — the server could not apply it (a fault on its side, not a rule): nothing of it
 * was kept, and the desktop keeps it and sends it again later.
 */
export const pushResultSchema = z.strictObject({
  mutationId: z.string(),
  status: z.enum(['applied', 'rejected', 'failed']),
  error: z.string().optional(),
  version: z.number().int(),
});
export type PushResult = z.output<typeof pushResultSchema>;

export const pushResponseSchema = z.strictObject({
  results: z.array(pushResultSchema),
  version: z.number().int(),
  /** The desk code this desktop numbers new cases with from now on (unique across the team). */
  deskCode: z.string().optional(),
});
export type PushResponse = z.output<typeof pushResponseSchema>;

export const eventInfoSchema = z.strictObject({
  id: z.string(),
  recordedAt: z.number().int(),
  mutation: mutationName.nullable(),
});

/** A case as the server has it: the record (events included) and what the rules need beyond it. */
export const caseSnapshotSchema = z.strictObject({
  id: z.string(),
  number: z.string(),
  origin: z.enum(['import', 'local']),
  policyId: z.string(),
  policyVersion: z.number().int(),
  record: caseSchema,
  /** Parallel to `record.events`. */
  events: z.array(eventInfoSchema),
  lastChange: z.strictObject({ id: z.string(), name: mutationName }).nullable(),
  /** Fields edited on two desktops at once (shared/cases/field-conflicts.ts). */
  conflicts: z.array(fieldConflictSchema),
  version: z.number().int(),
});
export type CaseSnapshot = z.output<typeof caseSnapshotSchema>;

/**
 * A document the whole team shares (today the product catalogue), as the server has it: its
 * revision (one more each time it is put in use), who did and when, and the version it was stamped
 * with. Sent in a pull when it changed since.
 */
export const teamDocumentSchema = z.strictObject({
  subject: z.enum(TEAM_SUBJECTS),
  document: z.unknown(),
  revision: z.number().int().nonnegative(),
  by: z.string().nullable(),
  at: z.number().int().nullable(),
  version: z.number().int(),
});
export type TeamDocument = z.output<typeof teamDocumentSchema>;

export const pullResponseSchema = z.strictObject({
  cases: z.array(caseSnapshotSchema),
  /** The team's documents changed since the version pulled from (absent from servers before they were shared). */
  team: z.array(teamDocumentSchema).optional(),
  /** The policy documents the cases of this page were logged under. */
  policies: z.array(z.unknown()),
  /** Pull again from here. */
  version: z.number().int(),
  /** More changes wait beyond `version`. */
  more: z.boolean(),
});
export type PullResponse = z.output<typeof pullResponseSchema>;

export const whoAmISchema = z.strictObject({ name: z.string(), role: z.string(), version: z.number().int(), serverId: z.string() });
export type WhoAmI = z.output<typeof whoAmISchema>;

/** The error body every endpoint answers a failure with. */
export const errorBodySchema = z.object({ error: z.string() });
