// Reading cases back out of the central store: whole snapshots (row, events, open conflicts), a
// case's state as the rules judge it, the pull (every case changed since a version, in one
// consistent read) and the export of every case.
import type { CaseEventRecord, CaseRecord } from '../../shared/cases/case-format';
import type { MutationName } from '../../shared/cases/case-mutations';
import type { CaseState } from '../../shared/cases/decide-mutation';
import type { CaseSnapshot, PullResponse } from '../../shared/sync/protocol';
import { conflictsOf } from './field-history';
import { storedPolicy } from './policies';
import { teamDocumentsSince } from './team-documents';
import type { Db, StoreContext } from './store-context';

/** A case as a change to it is judged: its state for the rules, and its snapshot. */
export interface CurrentCase {
  state: CaseState;
  snapshot: CaseSnapshot;
}

/** Whole snapshots of the cases with these ids (those that exist), in the order of `ids`. */
export async function snapshots(db: Db, ids: readonly string[]): Promise<CaseSnapshot[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('cases').selectAll().where('id', 'in', ids).execute();
  const events = await db
    .selectFrom('events')
    .select(['case_id', 'id', 'document', 'recorded_at', 'mutation'])
    .where('case_id', 'in', ids)
    .orderBy('case_id')
    .orderBy('idx')
    .execute();
  const byCase = groupByCase(events);
  const history = await db
    .selectFrom('field_changes')
    .select(['case_id', 'field', 'value', 'author', 'at', 'conflict_with', 'conflict_author'])
    .where('case_id', 'in', ids)
    .orderBy('case_id')
    .orderBy('version')
    .orderBy('id')
    .execute();
  const historyOf = groupByCase(history);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    const list = byCase.get(id) ?? [];
    const record = JSON.parse(row.record) as CaseRecord;
    const hadMember = Array.isArray(record.events);
    const full: CaseRecord = { ...record };
    if (list.length > 0 || hadMember) full.events = list.map((e) => JSON.parse(e.document) as CaseEventRecord);
    else delete full.events;
    return [
      {
        id: row.id,
        number: row.number,
        origin: row.origin,
        policyId: row.policy_id,
        policyVersion: Number(row.policy_version),
        record: full,
        events: list.map((e) => ({ id: e.id, recordedAt: Number(e.recorded_at), mutation: e.mutation as MutationName | null })),
        lastChange: row.last_change_id ? { id: row.last_change_id, name: row.last_change_name as MutationName } : null,
        conflicts: conflictsOf(historyOf.get(id) ?? []),
        version: Number(row.version),
      },
    ];
  });
}

/** A case as the rules see it (record, number, policy, events, last change), with its snapshot; null: no such case. */
export async function caseState(ctx: StoreContext, db: Db, caseId: string): Promise<CurrentCase | null> {
  const snapshot = (await snapshots(db, [caseId]))[0];
  if (!snapshot) return null;
  const policy = await storedPolicy(ctx, db, snapshot.policyId, snapshot.policyVersion);
  return {
    snapshot,
    state: {
      record: snapshot.record,
      number: snapshot.number,
      policy,
      eventInfo: (index) => snapshot.events[index]!,
      lastChange: snapshot.lastChange,
    },
  };
}

/** Every case changed since `since`, oldest change first, `limit` at most, in one consistent read. */
export async function pull(ctx: StoreContext, since: number, limit: number): Promise<PullResponse> {
  let tx = ctx.db.transaction();
  if (ctx.dialect === 'postgres') tx = tx.setIsolationLevel('repeatable read');
  return tx.execute(async (trx) => {
    const rows = await trx.selectFrom('cases').select(['id', 'version']).where('version', '>', since).orderBy('version').limit(limit + 1).execute();
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    const cases = await snapshots(trx, page.map((r) => r.id));
    const head = Number((await trx.selectFrom('sync_state').select('version').where('id', '=', 1).executeTakeFirstOrThrow()).version);
    const pairs = new Map(cases.map((c) => [`${c.policyId}@${c.policyVersion}`, c] as const));
    const policies = await Promise.all([...pairs.values()].map((c) => storedPolicy(ctx, trx, c.policyId, c.policyVersion)));
    const version = more ? page[page.length - 1]!.version : Math.max(since, head);
    const team = await teamDocumentsSince(trx, since, version);
    return { cases, policies, ...(team.length > 0 ? { team } : {}), version, more };
  });
}

/** Every case, as the case format has it (for comparing with a desktop's export). */
export async function exportCases(db: Db): Promise<CaseRecord[]> {
  const ids = (await db.selectFrom('cases').select('id').orderBy('created_at').orderBy('id').execute()).map((r) => r.id);
  const out: CaseRecord[] = [];
  for (let i = 0; i < ids.length; i += 500) out.push(...(await snapshots(db, ids.slice(i, i + 500))).map((s) => s.record));
  return out;
}

/** Rows by the case they belong to, each list in the rows' order. */
function groupByCase<R extends { case_id: string }>(rows: readonly R[]): Map<string, R[]> {
  const out = new Map<string, R[]>();
  for (const row of rows) {
    let list = out.get(row.case_id);
    if (!list) out.set(row.case_id, (list = []));
    list.push(row);
  }
  return out;
}
