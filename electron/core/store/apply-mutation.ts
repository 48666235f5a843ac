// Applies a named mutation to the store: validates its arguments, checks it against the policy's
// rules for new changes (a case closes only with the customer's agreement or by auto-close; a
// closed case must be reopened first…), then writes the change, its event and its outbox entry in
// one transaction. Imported history is never judged by these rules.
import { parseCasesFile, type CaseEventRecord, type CaseRecord } from '../../../shared/cases/case-format';
import { lastEventInForce, timelineOf } from '../../../shared/cases/case-timeline';
import { mutationArgs, UNDO_WINDOW_MS, type CaseFields, type MutationArgs, type MutationName } from '../../../shared/cases/case-mutations';
import { compilePolicy } from '../../../shared/policy/compiled-policy';
import { evaluateCase, type CaseEvaluation } from '../../../shared/sla/sla-clock';
import { formatMoment } from '../../../shared/sla/sla-explain';
import { instantOrThrow } from '../../../shared/time/instant';
import { describeIssue } from '../../../shared/validation/format-issues';
import { storeClocks } from './case-clocks';
import { caseColumns } from './case-rows';
import { recordedStatus, type CaseStore, type StoredCase } from './case-store';
import { newId } from './ids';

export class MutationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MutationError';
  }
}

export interface MutationResult {
  mutationId: string;
  caseId: string;
  number: string;
}

/** How far ahead of the clock an event may be dated (clocks of two machines disagree a little). */
const FUTURE_SKEW_MS = 5 * 60_000;

export function applyMutation(store: CaseStore, name: string, args: unknown): MutationResult {
  if (!Object.hasOwn(mutationArgs, name)) throw new MutationError(`unknown change "${name}"`);
  const schema = mutationArgs[name as MutationName];
  const parsed = schema.safeParse(args);
  if (!parsed.success) throw new MutationError(`${name}: ${parsed.error.issues.map((i) => describeIssue(i)).join('; ')}`);
  const handler = handlers[name as MutationName] as (store: CaseStore, args: unknown) => MutationResult;
  return store.db.transaction(() => handler(store, parsed.data)).immediate();
}

// ---- Helpers ------------------------------------------------------------------------------------------

function mustGet(store: CaseStore, caseId: string): StoredCase {
  const stored = store.getCase(caseId);
  if (!stored) throw new MutationError(`no case "${caseId}"`);
  return stored;
}

function evaluationAt(store: CaseStore, stored: StoredCase, at: number): CaseEvaluation {
  const policy = compilePolicy(store.policy(stored.policyId, stored.policyVersion));
  return evaluateCase(timelineOf(stored.record), policy, at);
}

function checkInstant(store: CaseStore, stored: StoredCase, atText: string, what: string): number {
  const at = instantOrThrow(atText);
  if (at > store.clock.now() + FUTURE_SKEW_MS) throw new MutationError(`${what} cannot be dated in the future (${atText})`);
  if (at < instantOrThrow(stored.record.loggedAt)) {
    throw new MutationError(`${what} cannot come before the case was first reported (${stored.record.loggedAt})`);
  }
  return at;
}

/**
 * Refuse changes to a closed case (closed by agreement, or automatically): it must be reopened.
 * Checked now and at the change's own date, so a change dated back cannot slip into a closed
 * period or undo a close after the fact.
 */
function mustBeOpen(store: CaseStore, stored: StoredCase, at: number): CaseEvaluation {
  const now = Math.max(store.clock.now(), at);
  for (const when of now === at ? [at] : [now, at]) {
    const evaluation = evaluationAt(store, stored, when);
    if (evaluation.status === 'closed') {
      const policy = store.policy(stored.policyId, stored.policyVersion);
      const how = evaluation.autoClosedAt !== null ? ` automatically at ${formatMoment(evaluation.autoClosedAt, policy.timeZone)} (no answer from the customer)` : '';
      const then = when === at && when !== now ? ' at the time given' : '';
      throw new MutationError(`case ${stored.number} (${stored.record.id}) is closed${how}${then}; reopen it first`);
    }
  }
  return evaluationAt(store, stored, at);
}

function mustKnowSeverity(store: CaseStore, stored: StoredCase | null, level: number): void {
  const policy = stored ? store.policy(stored.policyId, stored.policyVersion) : store.currentPolicy;
  if (!policy.severities.some((s) => s.level === level)) {
    throw new MutationError(`severity ${level} is not defined by policy ${policy.id} (it has ${policy.severities.map((s) => s.level).join(', ')})`);
  }
}

/** Append an event to a case, refresh its recorded status and severity, and queue the mutation. */
function appendEvent(store: CaseStore, stored: StoredCase, event: CaseEventRecord, name: MutationName, args: unknown): MutationResult {
  const events = [...(stored.record.events ?? []), event];
  const record: CaseRecord = { ...stored.record, events };
  const timeline = timelineOf(record);
  const mutationId = newId();
  store.insertEvent(stored.seq, events.length - 1, event, instantOrThrow(event.at), mutationId);
  store.sql('UPDATE cases SET status = ?, updated_at = ? WHERE seq = ?').run(recordedStatus(timeline), store.clock.now(), stored.seq);
  storeClocks(store, stored.seq, record, timeline, store.policy(stored.policyId, stored.policyVersion));
  store.enqueue(name, stored.record.id, args, mutationId);
  return { mutationId, caseId: stored.record.id, number: stored.number };
}

function withOptional<T extends Record<string, unknown>>(event: T, extra: Record<string, string | undefined>): T {
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) (event as Record<string, unknown>)[key] = value;
  return event;
}

/** An event-appending mutation on an open case: the common shape of most handlers. */
function onOpenCase<N extends MutationName>(
  name: N,
  build: (args: MutationArgs<N>, evaluation: CaseEvaluation, stored: StoredCase, store: CaseStore) => CaseEventRecord,
) {
  return (store: CaseStore, args: MutationArgs<N> & { caseId: string; at: string }): MutationResult => {
    const stored = mustGet(store, args.caseId);
    const at = checkInstant(store, stored, args.at, 'the change');
    const evaluation = mustBeOpen(store, stored, at);
    return appendEvent(store, stored, build(args, evaluation, stored, store), name, args);
  };
}

function mergeFields(record: CaseRecord, fields: CaseFields): CaseRecord {
  const next: CaseRecord = { ...record, ...fields, contact: record.contact, problem: record.problem };
  if (fields.contact) next.contact = { ...record.contact, ...fields.contact };
  if (fields.problem) next.problem = { ...record.problem, ...fields.problem };
  return next;
}

// ---- Handlers -------------------------------------------------------------------------------------------

const handlers: { [N in MutationName]: (store: CaseStore, args: MutationArgs<N>) => MutationResult } = {
  importCase(store, { record }) {
    const parsed = parseCasesFile({ format: 'casedesk.cases/1', cases: [record] }, 'the imported case');
    if (store.getCase(record.id)) throw new MutationError(`case "${record.id}" is already in the store`);
    mustKnowSeverity(store, null, record.severity);
    const timeline = parsed.timelines[0]!;
    store.recordPolicy(store.currentPolicy);
    const mutationId = newId();
    store.insertCase(parsed.file.cases[0]!, timeline, { status: recordedStatus(timeline), policy: store.currentPolicy, origin: 'import', mutationId });
    store.enqueue('importCase', record.id, { record }, mutationId);
    return { mutationId, caseId: record.id, number: store.getCase(record.id)!.number };
  },

  createCase(store, args) {
    if (store.getCase(args.id)) throw new MutationError(`a case with id "${args.id}" already exists`);
    mustKnowSeverity(store, null, args.severity);
    const loggedAt = instantOrThrow(args.loggedAt);
    if (loggedAt > store.clock.now() + FUTURE_SKEW_MS) throw new MutationError(`the first report cannot be in the future (${args.loggedAt})`);
    const record = mergeFields(
      { id: args.id, severity: args.severity, type: args.type, channel: args.channel, loggedAt: args.loggedAt, events: [] },
      args.fields,
    );
    store.recordPolicy(store.currentPolicy);
    const mutationId = newId();
    store.insertCase(record, timelineOf(record), { status: 'new', policy: store.currentPolicy, origin: 'local', mutationId });
    store.enqueue('createCase', args.id, args, mutationId);
    return { mutationId, caseId: args.id, number: store.getCase(args.id)!.number };
  },

  updateCase(store, args) {
    const stored = mustGet(store, args.caseId);
    mustBeOpen(store, stored, store.clock.now());
    const merged = mergeFields(stored.record, args.fields);
    const c = caseColumns(merged);
    store
      .sql(
        `UPDATE cases SET company = @company, contract_id = @contract_id, summary = @summary, engineer = @engineer,
           contact_name = @contact_name, contact_email = @contact_email, contact_phone = @contact_phone, product = @product,
           software_version = @software_version, hardware = @hardware, os = @os, symptoms = @symptoms, nature = @nature,
           reproduction = @reproduction, workarounds = @workarounds, recommendation = @recommendation, extra = @extra,
           updated_at = @now WHERE seq = @seq`,
      )
      .run({ ...c, now: store.clock.now(), seq: stored.seq });
    storeClocks(store, stored.seq, merged, timelineOf(merged), store.policy(stored.policyId, stored.policyVersion));
    const mutationId = store.enqueue('updateCase', stored.record.id, args);
    return { mutationId, caseId: stored.record.id, number: stored.number };
  },

  logContact: onOpenCase('logContact', (a) => withOptional({ at: a.at, type: 'contact', channel: a.channel, author: a.author }, { note: a.note })),

  changeSeverity: onOpenCase('changeSeverity', (a, evaluation, stored, store) => {
    mustKnowSeverity(store, stored, a.severity);
    if (evaluation.severityNow === a.severity) throw new MutationError(`case ${stored.number} is already severity ${a.severity}`);
    return { at: a.at, type: 'severity', severity: a.severity, author: a.author, reason: a.reason };
  }),

  changeStatus: onOpenCase('changeStatus', (a, evaluation, stored) => {
    if (evaluation.status === a.status) throw new MutationError(`case ${stored.number} is already ${a.status}`);
    // A resolved case may wait for the customer's confirmation; taking it back to work is a reopen.
    if (evaluation.status === 'resolved' && a.status === 'in-progress') {
      throw new MutationError(`case ${stored.number} is resolved: reopen it, with a reason, to work on it again`);
    }
    return withOptional({ at: a.at, type: 'status', status: a.status, author: a.author }, { reason: a.reason });
  }),

  recordCustomerReply: onOpenCase('recordCustomerReply', (a) => withOptional({ at: a.at, type: 'customer-reply', author: a.author }, { note: a.note })),

  deliverWorkaround: onOpenCase('deliverWorkaround', (a) => ({ at: a.at, type: 'workaround', author: a.author, note: a.note })),

  holdAutoClose: onOpenCase('holdAutoClose', (a, evaluation, stored) => {
    const waiting = evaluation.spells.at(-1);
    if (!waiting || waiting.end !== null) throw new MutationError(`case ${stored.number} is not awaiting the customer: there is no close to hold`);
    return { at: a.at, type: 'auto-close-hold', author: a.author, note: a.note };
  }),

  flagThirdParty: onOpenCase('flagThirdParty', (a) => withOptional({ at: a.at, type: 'third-party', vendor: a.vendor, author: a.author }, { reason: a.reason })),

  // The case keeps the type it was logged with: like a third-party finding, the mark makes the
  // clocks not yet stopped not applicable from then on, and leaves past results (and breaches) be.
  markFeatureRequest: onOpenCase('markFeatureRequest', (a, _evaluation, stored) => {
    const marked = stored.record.type === 'feature-request' || (stored.record.events ?? []).some((e) => e.type === 'feature-request');
    if (marked) throw new MutationError(`case ${stored.number} is already a feature request`);
    return withOptional({ at: a.at, type: 'feature-request', author: a.author, forwardedTo: 'product management' }, { note: a.note });
  }),

  addNote(store, args) {
    const stored = mustGet(store, args.caseId);
    checkInstant(store, stored, args.at, 'a note');
    return appendEvent(store, stored, { at: args.at, type: 'note', author: args.author, text: args.text }, 'addNote', args);
  },

  escalate: onOpenCase('escalate', (a) => ({ at: a.at, type: 'escalation', to: a.to, author: a.author, reason: a.reason })),

  // "Cases are not closed until both the customer and the Xecuritas technical support group agree":
  // only a resolved case closes, and the customer's agreement (who, when, how) is recorded with it.
  closeCase: onOpenCase('closeCase', (a, evaluation, stored, store) => {
    if (evaluation.status !== 'resolved') {
      throw new MutationError(`case ${stored.number} is ${evaluation.status}: resolve it first; a case stays open until it is resolved`);
    }
    checkInstant(store, stored, a.agreement.at, "the customer's agreement");
    return { at: a.at, type: 'status', status: 'closed', author: a.author, agreement: a.agreement };
  }),

  undoLastChange(store, args) {
    const stored = mustGet(store, args.caseId);
    checkInstant(store, stored, args.at, 'the undo');
    const events = stored.record.events ?? [];
    const last = lastEventInForce(events);
    const target = events[last];
    if (!target) throw new MutationError(`case ${stored.number} has no change to undo`);
    if (target.author !== args.author) throw new MutationError(`the last change to case ${stored.number} was ${target.author ? `${target.author}'s` : 'imported'}: only its author can undo it`);
    const recorded = store.sql('SELECT id, recorded_at FROM events WHERE case_seq = ? AND idx = ?').get(stored.seq, last) as { id: string; recorded_at: number };
    // Events that came in with the case (an import) have ids "<mutation>.<n>": history, not a click to undo.
    if (recorded.id.includes('.')) throw new MutationError(`case ${stored.number} has no change of yours to undo: its last event came with the case`);
    const latest = store.sql('SELECT mutation_id, name FROM outbox WHERE case_id = ? ORDER BY seq DESC LIMIT 1').get(stored.record.id) as
      | { mutation_id: string; name: string }
      | undefined;
    if (latest && latest.mutation_id !== recorded.id) {
      throw new MutationError(`the last change to case ${stored.number} was ${latest.name === 'updateCase' ? 'a field edit: edit the field back' : `a ${latest.name}`}; only the last change can be undone`);
    }
    const made = (store.sql('SELECT name FROM outbox WHERE mutation_id = ?').get(recorded.id) as { name: string } | undefined)?.name;
    if (made === 'closeCase' || made === 'reopenCase') {
      throw new MutationError(`a ${made === 'closeCase' ? 'close' : 'reopen'} is not undone: ${made === 'closeCase' ? 'reopen the case' : 'close it again'}, with a reason`);
    }
    if (store.clock.now() - recorded.recorded_at > UNDO_WINDOW_MS) {
      throw new MutationError(`the last change to case ${stored.number} was made more than ${UNDO_WINDOW_MS / 60_000} minutes ago: record a new change instead`);
    }
    return appendEvent(store, stored, { at: args.at, type: 'retraction', retracts: last, author: args.author, undoes: target.type }, 'undoLastChange', args);
  },

  reopenCase(store, args) {
    const stored = mustGet(store, args.caseId);
    const at = checkInstant(store, stored, args.at, 'reopening');
    const evaluation = evaluationAt(store, stored, at);
    if (evaluation.status !== 'closed' && evaluation.status !== 'resolved') {
      throw new MutationError(`case ${stored.number} is ${evaluation.status}, not closed or resolved: there is nothing to reopen`);
    }
    return appendEvent(store, stored, { at: args.at, type: 'status', status: 'in-progress', author: args.author, reason: args.reason }, 'reopenCase', args);
  },
};
