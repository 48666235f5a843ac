// Applies a named mutation to the desktop's store: validates it, lets the policy's rules decide
// what it writes (shared/cases/decide-mutation.ts, the same rules the server applies), then writes
// the change, its event and its outbox entry in one transaction. Imported history is never judged
// by these rules. `replayMutation` applies a change already in the outbox again, on top of state
// a sync brought in, without queueing it twice.
import { attachmentsOf } from '../../../shared/cases/case-attachments';
import type { CaseEventRecord } from '../../../shared/cases/case-format';
import { lastEventInForce, timelineOf } from '../../../shared/cases/case-timeline';
import type { Mutation, MutationName } from '../../../shared/cases/case-mutations';
import { ROLES, type Actor, type Role } from '../../../shared/cases/change-rules';
import { changeOffers, type ChangeOffers } from '../../../shared/cases/change-offers';
import { baseOf, editedLeaves } from '../../../shared/cases/field-conflicts';
import { decideMutation, mutationCaseId, MutationError, parseMutation, type CaseState, type Decision } from '../../../shared/cases/decide-mutation';
import { instantOrThrow } from '../../../shared/time/instant';
import { storeClocks } from './case-clocks';
import { caseColumns, fieldParams, SET_FIELD_COLUMNS } from './case-rows';
import { type CaseStore, connectionOf, recordedStatus, SIGNED_IN_ROLE_KEY, statementOf, type StoredCase } from './case-store';
import { forgetFilesOnServer } from './file-references';
import { automaticMutationId, newId } from './ids';
import { automaticKey } from '../../../shared/alerts/automatic-events';

export { MutationError };

export interface MutationResult {
  mutationId: string;
  caseId: string;
  number: string;
}

export function applyMutation(store: CaseStore, name: string, args: unknown): MutationResult {
  const mutation = parseMutation(name, args);
  return connectionOf(store)
    .transaction(() => {
      // An edit says what the fields held when the engineer changed them, so the server can tell
      // whether someone else changed them meanwhile.
      if (mutation.name === 'updateCase' && !mutation.args.base) {
        const stored = store.getCase(mutation.args.caseId);
        if (stored) mutation.args.base = baseOf(stored.record, mutation.args.fields);
      }
      // An undo names the event it takes back, so the server undoes that one or nothing.
      if (mutation.name === 'undoLastChange' && !mutation.args.target) {
        const stored = store.getCase(mutation.args.caseId);
        const last = stored ? lastEventInForce(stored.record.events ?? []) : -1;
        if (stored && last >= 0) mutation.args.target = caseState(store, stored).eventInfo(last).id;
      }
      // What the policy did by itself has one id wherever it is recorded (applied once).
      const mutationId =
        mutation.name === 'recordAutomatic'
          ? automaticMutationId(mutation.args.caseId, automaticKey(mutation.args.kind, mutation.args.clock, instantOrThrow(mutation.args.at)))
          : newId();
      const result = writeMutation(store, mutation, mutationId, store.clock.now());
      store.enqueue(mutation.name, result.caseId, mutation.args, mutationId);
      // A file held again (attached anew, or its removal undone) is asked about at the next sync.
      if (mutation.name === 'attachFile') forgetFilesOnServer(store, [mutation.args.sha256]);
      if (mutation.name === 'undoLastChange') forgetFilesOnServer(store, attachmentsOf(store.getCase(result.caseId)?.record ?? { events: [] }).map((f) => f.sha256));
      return result;
    })
    .immediate();
}

/**
 * Apply a change from the outbox again (the caller holds the transaction), judged as of when it
 * was made; false when the rules now refuse it (the server will say so; its effect is not shown).
 */
export function replayMutation(store: CaseStore, entry: { mutationId: string; name: string; args: unknown; createdAt: number }): boolean {
  try {
    writeMutation(store, parseMutation(entry.name, entry.args), entry.mutationId, Math.min(entry.createdAt, store.clock.now()));
    return true;
  } catch (err) {
    if (err instanceof MutationError) return false;
    throw err;
  }
}

/**
 * Who makes a change on this desktop: the author it names, with the role of the server user this
 * desktop is signed in as (none when it works alone).
 */
function actorOf(store: CaseStore, mutation: Mutation): Actor {
  return actorNamed(store, mutation.name === 'importCase' ? 'import' : mutation.args.author);
}

/** `name`, with the role of the server user this desktop is signed in as (null: it works alone). */
export function actorNamed(store: CaseStore, name: string): Actor {
  const role = store.meta(SIGNED_IN_ROLE_KEY);
  return { name, role: (ROLES as readonly string[]).includes(role ?? '') ? (role as Role) : null };
}

/**
 * What the rules would take on this case now, made by `name` with this desktop's role (see
 * shared/cases/change-offers.ts); `at` is now as an instant text.
 */
export function offersFor(store: CaseStore, stored: StoredCase, now: number, at: string, name: string): ChangeOffers {
  return changeOffers(caseState(store, stored), { now, currentPolicy: store.currentPolicy, actor: actorNamed(store, name) }, at);
}

/** The case as the rules see it, from the store. */
export function caseState(store: CaseStore, stored: StoredCase): CaseState {
  return {
    record: stored.record,
    number: stored.number,
    policy: store.policy(stored.policyId, stored.policyVersion),
    eventInfo(index) {
      const row = statementOf(store, 'SELECT id, recorded_at, mutation FROM events WHERE case_seq = ? AND idx = ?').get(stored.seq, index) as {
        id: string;
        recorded_at: number;
        mutation: MutationName | null;
      };
      return { id: row.id, recordedAt: row.recorded_at, mutation: row.mutation };
    },
    lastChange: stored.lastChange,
  };
}

function writeMutation(store: CaseStore, mutation: Mutation, mutationId: string, now: number): MutationResult {
  const caseId = mutationCaseId(mutation);
  // The team's catalogue is changed through team-catalogue.ts, never as a change of a case.
  if (caseId === null) throw new MutationError(`${mutation.name} is a change of the team's, not of a case`);
  const stored = store.getCase(caseId);
  const decision = decideMutation(mutation, stored && caseState(store, stored), { now, currentPolicy: store.currentPolicy, actor: actorOf(store, mutation) });
  const resolves = mutation.name === 'updateCase' ? mutation.args.resolves : undefined;
  return writeDecision(store, decision, stored, mutation.name, mutationId, now, resolves);
}

function writeDecision(
  store: CaseStore,
  decision: Decision,
  stored: StoredCase | null,
  name: MutationName,
  mutationId: string,
  now: number,
  resolves?: readonly string[],
): MutationResult {
  switch (decision.kind) {
    case 'create': {
      store.recordPolicy(decision.policy);
      const timeline = timelineOf(decision.record);
      const status = decision.origin === 'import' ? recordedStatus(timeline) : 'new';
      const seq = store.insertCase(decision.record, timeline, { status, policy: decision.policy, origin: decision.origin, mutationId });
      return { mutationId, caseId: decision.record.id, number: store.caseBySeq(seq)!.number };
    }
    case 'update': {
      const s = stored!;
      const c = caseColumns(decision.record);
      statementOf(store, 
          `UPDATE cases SET ${SET_FIELD_COLUMNS}, extra = @extra,
             last_change_id = @mutationId, last_change_name = 'updateCase', updated_at = @now WHERE seq = @seq`,
        )
        .run({ ...fieldParams(c), extra: c.extra, mutationId, now: store.clock.now(), seq: s.seq });
      storeClocks(store, s.seq, decision.record, timelineOf(decision.record), store.policy(s.policyId, s.policyVersion));
      // Keeping one version settles a conflict here at once; the server confirms on the next pull.
      // A short field's note goes with its next change.
      if (s.conflicts.length > 0) {
        const settled = new Set(resolves ?? []);
        for (const [path] of editedLeaves(decision.fields)) if (s.conflicts.some((c) => c.field === path && c.kind === 'overwritten')) settled.add(path);
        statementOf(store, 'UPDATE cases SET conflicts = ? WHERE seq = ?').run(JSON.stringify(s.conflicts.filter((c) => !settled.has(c.field))), s.seq);
      }
      return { mutationId, caseId: s.record.id, number: s.number };
    }
    case 'event':
      return appendEvent(store, stored!, decision.event, name, mutationId, now);
    case 'team':
      throw new MutationError(`${name} is a change of the team's, not of a case`);
  }
}

/** Append an event to a case, refresh its recorded status and clocks. */
function appendEvent(store: CaseStore, stored: StoredCase, event: CaseEventRecord, name: MutationName, mutationId: string, now: number): MutationResult {
  const events = [...(stored.record.events ?? []), event];
  const record = { ...stored.record, events };
  const timeline = timelineOf(record);
  store.insertEvent(stored.seq, events.length - 1, event, instantOrThrow(event.at), mutationId, { recordedAt: now, mutation: name });
  statementOf(store, 'UPDATE cases SET status = ?, last_change_id = ?, last_change_name = ?, updated_at = ? WHERE seq = ?')
    .run(recordedStatus(timeline), mutationId, name, store.clock.now(), stored.seq);
  storeClocks(store, stored.seq, record, timeline, store.policy(stored.policyId, stored.policyVersion));
  return { mutationId, caseId: stored.record.id, number: stored.number };
}
