// The policy's rules for a new change to a case, as one pure function: given a named mutation and
// the case as it stands, decide what the change writes (a new case, new field values, or one new
// event) or refuse it with a message a person can act on. The desktop store and the central
// server both call it, each against its own copy of the case, and each writes the decision in
// its own transaction — so a change the desktop accepted offline is judged again, by the same
// rules, against the server's state when it arrives.
import {
  decideChecklistStep, decideEquipmentAccess, decideRevocation, decideRowEdit, decideRowRemoval, decideWaiver, PERMANENT_CHANGES, waiverOfScan,
  type DiagnosticDecision,
} from '../diagnostics/decide-diagnostics';
import { displayName } from '../files/file-names';
import { attachmentsOf } from './case-attachments';
import { automaticEvent } from '../alerts/automatic-events';
import { withOptional } from './event-members';
import { parseCasesFile, type CaseEventRecord, type CaseRecord } from './case-format';
import { NESTED_MEMBERS } from './case-fields';
import { refusalFor, type Actor, type ChangeRules } from './change-rules';
import { lastEventInForce, timelineOf } from './case-timeline';
import { FUTURE_SKEW_MS, mutationArgLabel, mutationArgs, UNDO_WINDOW_MS, type CaseFields, type Mutation, type MutationArgs, type MutationName } from './case-mutations';
import type { ProductCatalogue } from '../catalogue/product-catalogue';
import { casePageOf, PAGE_ACKNOWLEDGED_EVENT, PAGE_EVENT } from '../oncall/case-pages';
import type { Rota } from '../oncall/rota';
import { compilePolicy } from '../policy/compiled-policy';
import type { Policy } from '../policy/policy-schema';
import { evaluateCase, type CaseEvaluation } from '../sla/sla-clock';
import { formatMoment } from '../sla/sla-explain';
import { instantOrThrow } from '../time/instant';
import { fieldProblems, sayProblems, type FieldProblem } from '../validation/user-words';

export class MutationError extends Error {
  /** For arguments that do not validate: each problem at its field. */
  readonly problems: readonly FieldProblem[];
  constructor(message: string, problems: readonly FieldProblem[] = []) {
    super(message);
    this.name = 'MutationError';
    this.problems = problems;
  }
}

export { FUTURE_SKEW_MS };

/** What the rules need to know of an event beyond the record: who wrote it, when, by which change. */
export interface EventInfo {
  id: string;
  recordedAt: number;
  /** The mutation that wrote it (null: it came with an imported case). */
  mutation: MutationName | null;
}

/** A case as it stands, for judging a change to it. */
export interface CaseState {
  record: CaseRecord;
  number: string;
  policy: Policy;
  /** The event at a position of `record.events`. */
  eventInfo(index: number): EventInfo;
  /** The last change made to the case (a field edit included), or null. */
  lastChange: { id: string; name: MutationName } | null;
}

export interface DecideContext {
  /** The instant the change is judged at (when it was made). */
  now: number;
  /** The policy a new case is logged under. */
  currentPolicy: Policy;
  /** Who makes the change, with their role: refused when the change's rule does not admit the role. */
  actor: Actor;
  /** The changes' scopes and roles (CHANGE_RULES unless told otherwise). */
  rules?: ChangeRules;
  /** The team's catalogue as it stands (a change of it is judged against its revision); none: the shipped one, revision 0. */
  catalogue?: CatalogueRevision;
  /** The team's rota as it stands, judged the same way; none: the empty rota, revision 0. */
  rota?: CatalogueRevision;
}

/** The team's catalogue at a revision: who put it in use, and when (epoch ms). */
export interface CatalogueRevision {
  revision: number;
  by: string | null;
  at: number | null;
}

export type Decision =
  | { kind: 'create'; record: CaseRecord; origin: 'import' | 'local'; policy: Policy }
  | { kind: 'update'; record: CaseRecord; fields: CaseFields }
  | { kind: 'event'; event: CaseEventRecord }
  | { kind: 'team'; subject: 'catalogue'; catalogue: ProductCatalogue; revision: number }
  | { kind: 'team'; subject: 'rota'; rota: Rota; revision: number };

/** Validate a mutation's name and arguments; the parsed mutation, or a MutationError. */
export function parseMutation(name: string, args: unknown): Mutation {
  if (!Object.hasOwn(mutationArgs, name)) throw new MutationError(`unknown change "${name}"`);
  const parsed = mutationArgs[name as MutationName].safeParse(args);
  if (!parsed.success) {
    const problems = fieldProblems(parsed.error.issues, mutationArgLabel);
    throw new MutationError(sayProblems(problems), problems);
  }
  return { name, args: parsed.data } as Mutation;
}

/** The case a mutation is about (a new case: the id it will have); null for a change of the team's (the catalogue). */
export function mutationCaseId(mutation: Mutation): string | null {
  switch (mutation.name) {
    case 'importCase':
      return mutation.args.record.id;
    case 'createCase':
      return mutation.args.id;
    case 'useCatalogue':
    case 'useRota':
      return null;
    default:
      return mutation.args.caseId;
  }
}

/**
 * The case a change names, read from its arguments before they are validated (null: it names
 * none): what a push orders changes by, without parsing a whole imported case twice.
 */
export function namedCaseId(name: string, args: unknown): string | null {
  const a = (args ?? {}) as { caseId?: unknown; id?: unknown; record?: { id?: unknown } };
  const id = name === 'importCase' ? a.record?.id : name === 'createCase' ? a.id : a.caseId;
  return typeof id === 'string' ? id : null;
}

/**
 * Decide what a valid mutation writes to the case `state` (null: no such case yet), judged at
 * `context.now`, made by `context.actor`. Throws MutationError when the actor's role may not make
 * it (shared/cases/change-rules.ts) or the policy's rules refuse it. Imported history is not
 * judged by the rules: it is kept as it was recorded.
 */
export function decideMutation(mutation: Mutation, state: CaseState | null, context: DecideContext): Decision {
  const refused = refusalFor(mutation.name, context.actor, context.rules);
  if (refused) throw new MutationError(refused);
  const handler = handlers[mutation.name] as (args: unknown, state: CaseState | null, context: DecideContext) => Decision;
  return handler(mutation.args, state, context);
}

// ---- Helpers ------------------------------------------------------------------------------------------

/** The revision a team document's edit makes, or a MutationError when it was made on an older one than the team's. */
function nextTeamRevision(subject: 'catalogue' | 'rota', base: number, current: CatalogueRevision | undefined, context: DecideContext): number {
  const now = current ?? { revision: 0, by: null, at: null };
  if (base < now.revision) {
    const who = now.by ? ` by ${now.by}` : '';
    const when = now.at !== null ? ` at ${formatMoment(now.at, context.currentPolicy.timeZone)}` : '';
    throw new MutationError(
      `the ${subject} was changed${who}${when} (revision ${now.revision}) after the revision ${base} this edit was made on: open the ${subject} again and make the edit on top of it`,
    );
  }
  return now.revision + 1;
}

function mustExist(state: CaseState | null, caseId: string): CaseState {
  if (!state) throw new MutationError(`no case "${caseId}"`);
  return state;
}

/**
 * The case's clocks at an instant, computed once per case state and instant: a state is a snapshot
 * the rules only read, and judging several changes against one (shared/cases/change-offers.ts)
 * asks the same instants again.
 */
const evaluations = new WeakMap<CaseState, Map<number, CaseEvaluation>>();
function evaluationAt(state: CaseState, at: number): CaseEvaluation {
  let known = evaluations.get(state);
  if (!known) evaluations.set(state, (known = new Map()));
  let evaluation = known.get(at);
  if (!evaluation) known.set(at, (evaluation = evaluateCase(timelineOf(state.record), compilePolicy(state.policy), at)));
  return evaluation;
}

function checkInstant(state: CaseState, now: number, atText: string, what: string): number {
  const at = instantOrThrow(atText);
  if (at > now + FUTURE_SKEW_MS) throw new MutationError(`${what} cannot be dated in the future (${atText})`);
  if (at < instantOrThrow(state.record.loggedAt)) {
    throw new MutationError(`${what} cannot come before the case was first reported (${state.record.loggedAt})`);
  }
  return at;
}

/**
 * Refuse changes to a closed case (closed by agreement, or automatically): it must be reopened.
 * Checked now and at the change's own date, so a change dated back cannot slip into a closed
 * period or undo a close after the fact.
 */
function mustBeOpen(state: CaseState, nowInstant: number, at: number): CaseEvaluation {
  const now = Math.max(nowInstant, at);
  for (const when of now === at ? [at] : [now, at]) {
    const evaluation = evaluationAt(state, when);
    if (evaluation.status === 'closed') {
      const how = evaluation.autoClosedAt !== null ? ` automatically at ${formatMoment(evaluation.autoClosedAt, state.policy.timeZone)} (no answer from the customer)` : '';
      const then = when === at && when !== now ? ' at the time given' : '';
      throw new MutationError(`case ${state.number} (${state.record.id}) is closed${how}${then}; reopen it first`);
    }
  }
  return evaluationAt(state, at);
}

function mustKnowSeverity(policy: Policy, level: number): void {
  if (!policy.severities.some((s) => s.level === level)) {
    throw new MutationError(`severity ${level} is not defined by policy ${policy.id} (it has ${policy.severities.map((s) => s.level).join(', ')})`);
  }
}

/** An event-appending mutation on an open case: the common shape of most handlers. */
function onOpenCase<N extends MutationName>(build: (args: MutationArgs<N>, evaluation: CaseEvaluation, state: CaseState, context: DecideContext) => CaseEventRecord) {
  return (args: MutationArgs<N> & { caseId: string; at: string }, maybe: CaseState | null, context: DecideContext): Decision => {
    const state = mustExist(maybe, args.caseId);
    const at = checkInstant(state, context.now, args.at, 'the change');
    const evaluation = mustBeOpen(state, context.now, at);
    return { kind: 'event', event: build(args, evaluation, state, context) };
  };
}

/** A record with new values for the descriptive fields (objects such as contact merged member by member). */
export function mergeFields(record: CaseRecord, fields: CaseFields): CaseRecord {
  const next: Record<string, unknown> = { ...record, ...fields };
  const before = record as Record<string, unknown>;
  for (const member of NESTED_MEMBERS) {
    const edit = (fields as Record<string, unknown>)[member];
    next[member] = edit ? { ...(before[member] as object | undefined), ...edit } : before[member];
  }
  return next as CaseRecord;
}

/** A change to the case's diagnosis (shared/diagnostics/): on an open case, decided by its own rules. */
function diagnostic<N extends MutationName>(decide: (args: MutationArgs<N>, judged: { record: CaseRecord; number: string; policy: Policy; now: number }) => DiagnosticDecision) {
  return onOpenCase<N>((args, _evaluation, state, context) => {
    const decision = decide(args, { record: state.record, number: state.number, policy: state.policy, now: context.now });
    if ('refused' in decision) throw new MutationError(decision.refused);
    return decision.event;
  });
}

// ---- Handlers -------------------------------------------------------------------------------------------

type Handler<N extends MutationName> = (args: MutationArgs<N>, state: CaseState | null, context: DecideContext) => Decision;

const handlers: { [N in MutationName]: Handler<N> } = {
  useCatalogue(args, _state, context) {
    const revision = nextTeamRevision('catalogue', args.base, context.catalogue, context);
    return { kind: 'team', subject: 'catalogue', catalogue: args.catalogue, revision };
  },

  useRota(args, _state, context) {
    const revision = nextTeamRevision('rota', args.base, context.rota, context);
    return { kind: 'team', subject: 'rota', rota: args.rota, revision };
  },

  // A page is sent once per step, and never after it was answered.
  recordPage: onOpenCase<'recordPage'>((a, _evaluation, state) => {
    const page = casePageOf(state.record);
    if (page?.sent.some((s) => s.step === a.step)) throw new MutationError(`case ${state.number} has paged its ${a.step} step already`);
    if (page?.acknowledged) throw new MutationError(`the page of case ${state.number} was acknowledged by ${page.acknowledged.by} at ${formatMoment(page.acknowledged.ms, state.policy.timeZone)}`);
    return withOptional({ at: a.at, type: PAGE_EVENT, author: a.author, step: a.step, to: [...a.to] }, { reason: a.reason });
  }),

  acknowledgePage: onOpenCase<'acknowledgePage'>((a, _evaluation, state) => {
    const page = casePageOf(state.record);
    if (!page) throw new MutationError(`case ${state.number} has not paged anyone: there is nothing to acknowledge`);
    if (page.acknowledged) throw new MutationError(`the page of case ${state.number} was acknowledged already, by ${page.acknowledged.by} at ${formatMoment(page.acknowledged.ms, state.policy.timeZone)}`);
    return withOptional({ at: a.at, type: PAGE_ACKNOWLEDGED_EVENT, author: a.author }, { note: a.note });
  }),

  importCase({ record }, state, context) {
    const parsed = parseCasesFile({ format: 'casedesk.cases/1', cases: [record] }, 'the imported case');
    if (state) throw new MutationError(`case "${record.id}" is already in the store`);
    mustKnowSeverity(context.currentPolicy, record.severity);
    return { kind: 'create', record: parsed.file.cases[0]!, origin: 'import', policy: context.currentPolicy };
  },

  createCase(args, state, context) {
    if (state) throw new MutationError(`a case with id "${args.id}" already exists`);
    mustKnowSeverity(context.currentPolicy, args.severity);
    const loggedAt = instantOrThrow(args.loggedAt);
    if (loggedAt > context.now + FUTURE_SKEW_MS) throw new MutationError(`the first report cannot be in the future (${args.loggedAt})`);
    const record = mergeFields(
      { id: args.id, severity: args.severity, type: args.type, channel: args.channel, loggedAt: args.loggedAt, events: [] },
      args.fields,
    );
    return { kind: 'create', record, origin: 'local', policy: context.currentPolicy };
  },

  updateCase(args, maybe, context) {
    const state = mustExist(maybe, args.caseId);
    mustBeOpen(state, context.now, context.now);
    return { kind: 'update', record: mergeFields(state.record, args.fields), fields: args.fields };
  },

  logContact: onOpenCase<'logContact'>((a) => withOptional({ at: a.at, type: 'contact', channel: a.channel, author: a.author }, { note: a.note })),

  changeSeverity: onOpenCase<'changeSeverity'>((a, evaluation, state) => {
    mustKnowSeverity(state.policy, a.severity);
    if (evaluation.severityNow === a.severity) throw new MutationError(`case ${state.number} is already severity ${a.severity}`);
    return { at: a.at, type: 'severity', severity: a.severity, author: a.author, reason: a.reason };
  }),

  changeStatus: onOpenCase<'changeStatus'>((a, evaluation, state) => {
    if (evaluation.status === a.status) throw new MutationError(`case ${state.number} is already ${a.status}`);
    // A resolved case may wait for the customer's confirmation; taking it back to work is a reopen.
    if (evaluation.status === 'resolved' && a.status === 'in-progress') {
      throw new MutationError(`case ${state.number} is resolved: reopen it, with a reason, to work on it again`);
    }
    return withOptional({ at: a.at, type: 'status', status: a.status, author: a.author }, { reason: a.reason });
  }),

  recordCustomerReply: onOpenCase<'recordCustomerReply'>((a) => withOptional({ at: a.at, type: 'customer-reply', author: a.author }, { note: a.note })),

  deliverWorkaround: onOpenCase<'deliverWorkaround'>((a) => ({ at: a.at, type: 'workaround', author: a.author, note: a.note })),

  holdAutoClose: onOpenCase<'holdAutoClose'>((a, evaluation, state) => {
    const waiting = evaluation.spells.at(-1);
    if (!waiting || waiting.end !== null) throw new MutationError(`case ${state.number} is not awaiting the customer: there is no close to hold`);
    return { at: a.at, type: 'auto-close-hold', author: a.author, note: a.note };
  }),

  flagThirdParty: onOpenCase<'flagThirdParty'>((a) => withOptional({ at: a.at, type: 'third-party', vendor: a.vendor, author: a.author }, { reason: a.reason })),

  // The case keeps the type it was logged with: like a third-party finding, the mark makes the
  // clocks not yet stopped not applicable from then on, and leaves past results (and breaches) be.
  markFeatureRequest: onOpenCase<'markFeatureRequest'>((a, _evaluation, state) => {
    const marked = state.record.type === 'feature-request' || (state.record.events ?? []).some((e) => e.type === 'feature-request');
    if (marked) throw new MutationError(`case ${state.number} is already a feature request`);
    return withOptional({ at: a.at, type: 'feature-request', author: a.author, forwardedTo: 'product management' }, { note: a.note });
  }),

  addNote(args, maybe, context) {
    const state = mustExist(maybe, args.caseId);
    checkInstant(state, context.now, args.at, 'a note');
    return { kind: 'event', event: { at: args.at, type: 'note', author: args.author, text: args.text } };
  },

  escalate: onOpenCase<'escalate'>((a) => ({ at: a.at, type: 'escalation', to: a.to, author: a.author, reason: a.reason })),
  // Judged against the engine now: what it recorded happened, and is not recorded yet (open or not: an escalation of a case closed since still happened).
  recordAutomatic: (a: MutationArgs<'recordAutomatic'>, maybe: CaseState | null, context: DecideContext): Decision => {
    const state = mustExist(maybe, a.caseId);
    const at = checkInstant(state, context.now, a.at, `the automatic ${a.kind}`);
    const judged = automaticEvent({ kind: a.kind, clock: a.clock, at, author: a.author }, state.record, state.policy, evaluationAt(state, Math.max(context.now, at)));
    if ('refused' in judged) throw new MutationError(`the automatic ${a.kind} of case ${state.number}: ${judged.refused}`);
    return { kind: 'event', event: judged.event };
  },

  // "Cases are not closed until both the customer and the Xecuritas technical support group agree":
  // only a resolved case closes, and the customer's agreement (who, when, how) is recorded with it.
  closeCase(args, maybe, context) {
    const decision = onOpenCase<'closeCase'>((a, evaluation, state) => {
      if (evaluation.status !== 'resolved') {
        throw new MutationError(`case ${state.number} is ${evaluation.status}: resolve it first; a case stays open until it is resolved`);
      }
      checkInstant(state, context.now, a.agreement.at, "the customer's agreement");
      return { at: a.at, type: 'status', status: 'closed', author: a.author, agreement: a.agreement };
    });
    return decision(args, maybe, context);
  },

  undoLastChange(args, maybe, context) {
    const state = mustExist(maybe, args.caseId);
    checkInstant(state, context.now, args.at, 'the undo');
    const events = state.record.events ?? [];
    const last = lastEventInForce(events);
    const target = events[last];
    if (!target) throw new MutationError(`case ${state.number} has no change to undo`);
    if (target.author !== args.author) throw new MutationError(`the last change to case ${state.number} was ${target.author ? `${target.author}'s` : 'imported'}: only its author can undo it`);
    const info = state.eventInfo(last);
    if (args.target !== undefined && args.target !== info.id) {
      throw new MutationError(`case ${state.number} changed since the undo was asked for (its last change is now ${target.author ? `${target.author}'s ${target.type}` : `a ${target.type}`}): nothing was undone`);
    }
    // Events that came in with the case (an import) are history, not a click to undo.
    if (info.mutation === null || info.mutation === 'importCase') throw new MutationError(`case ${state.number} has no change of yours to undo: its last event came with the case`);
    const latest = state.lastChange;
    if (latest && latest.id !== info.id) {
      throw new MutationError(`the last change to case ${state.number} was ${latest.name === 'updateCase' ? 'a field edit: edit the field back' : `a ${latest.name}`}; only the last change can be undone`);
    }
    if (info.mutation !== null && PERMANENT_CHANGES.has(info.mutation)) {
      throw new MutationError(
        info.mutation === 'logEquipmentAccess'
          ? 'an access to customer equipment stays on record: add a note to correct it'
          : 'a signed waiver is not undone: revoke it, with a reason, or sign a new one that supersedes it',
      );
    }
    if (info.mutation === 'closeCase' || info.mutation === 'reopenCase') {
      const close = info.mutation === 'closeCase';
      throw new MutationError(`a ${close ? 'close' : 'reopen'} is not undone: ${close ? 'reopen the case' : 'close it again'}, with a reason`);
    }
    if (context.now - info.recordedAt > UNDO_WINDOW_MS) {
      throw new MutationError(`the last change to case ${state.number} was made more than ${UNDO_WINDOW_MS / 60_000} minutes ago: record a new change instead`);
    }
    return { kind: 'event', event: { at: args.at, type: 'retraction', retracts: last, author: args.author, undoes: target.type } };
  },

  // Files are kept with closed cases too (a log that arrives after the close is still evidence), as notes are.
  attachFile(args, maybe, context) {
    const state = mustExist(maybe, args.caseId);
    checkInstant(state, context.now, args.at, 'an attachment');
    const held = attachmentsOf(state.record).find((file) => file.sha256 === args.sha256);
    if (held) throw new MutationError(`case ${state.number} already has this file, as "${displayName(held.name)}"${held.addedBy ? ` (attached by ${held.addedBy})` : ''}`);
    return {
      kind: 'event',
      event: withOptional({ at: args.at, type: 'attachment', author: args.author, sha256: args.sha256, size: args.size, name: args.name, mediaType: args.mediaType }, { note: args.note }),
    };
  },

  removeAttachment(args, maybe, context) {
    const state = mustExist(maybe, args.caseId);
    checkInstant(state, context.now, args.at, 'removing an attachment');
    const held = attachmentsOf(state.record).find((file) => file.sha256 === args.sha256);
    if (!held) throw new MutationError(`case ${state.number} has no attached file ${args.sha256.slice(0, 12)}…`);
    const scanOf = waiverOfScan(state.record, args.sha256);
    if (scanOf) throw new MutationError(`"${displayName(held.name)}" is the signed scan of waiver ${scanOf}: it stays with the case`);
    return {
      kind: 'event',
      event: withOptional({ at: args.at, type: 'attachment-removed', author: args.author, sha256: args.sha256, name: held.name }, { reason: args.reason }),
    };
  },

  setChecklistStep: diagnostic<'setChecklistStep'>(decideChecklistStep),
  editDiagnosticRow: diagnostic<'editDiagnosticRow'>(decideRowEdit),
  removeDiagnosticRow: diagnostic<'removeDiagnosticRow'>(decideRowRemoval),
  signWaiver: diagnostic<'signWaiver'>(decideWaiver),
  revokeWaiver: diagnostic<'revokeWaiver'>(decideRevocation),
  logEquipmentAccess: diagnostic<'logEquipmentAccess'>(decideEquipmentAccess),

  reopenCase(args, maybe, context) {
    const state = mustExist(maybe, args.caseId);
    const at = checkInstant(state, context.now, args.at, 'reopening');
    const evaluation = evaluationAt(state, at);
    if (evaluation.status !== 'closed' && evaluation.status !== 'resolved') {
      throw new MutationError(`case ${state.number} is ${evaluation.status}, not closed or resolved: there is nothing to reopen`);
    }
    return { kind: 'event', event: { at: args.at, type: 'status', status: 'in-progress', author: args.author, reason: args.reason } };
  },
};
