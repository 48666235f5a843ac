// Bringing the server's state into the desktop's store. For each case the server sent, in one
// transaction with the new sync version: take back this desktop's unconfirmed events of the case,
// take the server's fields and append the server's events beyond those already confirmed here
// (history is append-only on both sides, so confirmed events are always a prefix of the
// server's), then replay this desktop's changes still waiting in the outbox on top — the
// server will judge them when they arrive; a change the rules now refuse is not shown.
import type { CaseRecord } from '../../../shared/cases/case-format';
import { timelineOf } from '../../../shared/cases/case-timeline';
import { parsePolicy } from '../../../shared/policy/load-policy';
import type { CaseSnapshot, PullResponse } from '../../../shared/sync/protocol';
import { instantOrThrow } from '../../../shared/time/instant';
import { replayMutation } from './apply-mutation';
import { storeClocks } from './case-clocks';
import { StoreError } from './database';
import { caseColumns, fieldParams, SET_FIELD_COLUMNS } from './case-rows';
import { connectionOf, recordedStatus, statementOf, type CaseStore } from './case-store';
import { pendingOfCase } from './outbox';
import { applyTeamDocuments } from './team-catalogue';

export const SYNC_VERSION_KEY = 'sync_version';

/** The server version this desktop has pulled up to. */
export function pulledVersion(store: CaseStore): number {
  return Number(store.meta(SYNC_VERSION_KEY) ?? 0);
}

/** The server holds a policy version whose rules differ from this desktop's policy of that version. */
export class PolicyClashError extends StoreError {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyClashError';
  }
}

/** Apply one pulled page (its cases and the version it brings the desktop to), in one transaction. */
export function applyPullPage(store: CaseStore, page: PullResponse): void {
  connectionOf(store)
    .transaction(() => {
      for (const document of page.policies) {
        const policy = parsePolicy(document, 'a policy from the server', { recorded: true });
        try {
          store.recordPolicy(policy);
        } catch (err) {
          if (!(err instanceof StoreError)) throw err;
          throw new PolicyClashError(
            `the server has policy ${policy.id} v${policy.version} with other rules than this desktop's policy of that version: whoever edited it must give the edit a new version; nothing was pulled`,
          );
        }
      }
      for (const snapshot of page.cases) applySnapshot(store, snapshot);
      applyTeamDocuments(store, page.team ?? []);
      store.setMeta(SYNC_VERSION_KEY, String(Math.max(pulledVersion(store), page.version)));
    })
    .immediate();
}

/** One case from the server, with this desktop's pending changes replayed on top; the caller holds the transaction. */
export function applySnapshot(store: CaseStore, snapshot: CaseSnapshot): void {
  const policy = store.policy(snapshot.policyId, snapshot.policyVersion);
  const pending = pendingOfCase(store, snapshot.id);
  freeNumber(store, snapshot.number, snapshot.id);
  const record = snapshot.record;
  const bare: CaseRecord = record.events === undefined ? record : { ...record, events: [] };
  let seq = statementOf(store, 'SELECT seq FROM cases WHERE id = ?', 'pluck').get(snapshot.id) as number | undefined;
  if (seq === undefined) {
    seq = store.insertCase(bare, timelineOf(bare), { status: 'new', policy, origin: snapshot.origin, mutationId: snapshot.id, number: snapshot.number });
  } else {
    statementOf(store, 'DELETE FROM events WHERE case_seq = ? AND pending = 1').run(seq);
    const c = caseColumns(record);
    statementOf(
      store,
      `UPDATE cases SET number = @number, severity = @severity, type = @type, channel = @channel, logged_at = @logged_at,
           logged_at_text = @logged_at_text, ${SET_FIELD_COLUMNS}, extra = @extra,
           policy_id = @policy_id, policy_version = @policy_version, origin = @origin, updated_at = @now WHERE seq = @seq`,
    ).run({
        ...c,
        ...fieldParams(c),
        number: snapshot.number,
        logged_at: instantOrThrow(record.loggedAt),
        policy_id: snapshot.policyId,
        policy_version: snapshot.policyVersion,
        origin: snapshot.origin,
        now: store.clock.now(),
        seq,
      });
  }
  const confirmed = statementOf(store, 'SELECT count(*) FROM events WHERE case_seq = ? AND pending = 0', 'pluck').get(seq) as number;
  const events = record.events ?? [];
  for (let idx = confirmed; idx < events.length; idx++) {
    const info = snapshot.events[idx]!;
    store.insertEvent(seq, idx, events[idx]!, instantOrThrow(events[idx]!.at), info.id, { recordedAt: info.recordedAt, mutation: info.mutation, pending: false });
  }
  const timeline = timelineOf(record);
  statementOf(store, 'UPDATE cases SET status = ?, server_version = ?, last_change_id = ?, last_change_name = ?, conflicts = ? WHERE seq = ?').run(recordedStatus(timeline), snapshot.version, snapshot.lastChange?.id ?? null, snapshot.lastChange?.name ?? null, JSON.stringify(snapshot.conflicts), seq);
  storeClocks(store, seq, record, timeline, policy);
  for (const entry of pending) {
    replayMutation(store, { mutationId: entry.mutation_id, name: entry.name, args: JSON.parse(entry.args), createdAt: entry.created_at });
  }
}

/**
 * Two desktops can give two cases one number (desk codes are short); the server keeps the first
 * and renames the other. A case not yet confirmed here that holds the number the server gave
 * another case steps aside until the server renames it too.
 */
function freeNumber(store: CaseStore, number: string, caseId: string): void {
  const holder = statementOf(store, 'SELECT seq, id FROM cases WHERE number = ?').get(number) as { seq: number; id: string } | undefined;
  if (holder && holder.id !== caseId) statementOf(store, 'UPDATE cases SET number = ? WHERE seq = ?').run(`${number}~${holder.seq}`, holder.seq);
}
