// The push half of the sync: each pushed mutation applied once, in its own transaction, judged by
// the shared rules against the server's state and stamped with the next version; its verdict
// (applied, or refused and why) kept under its id and answered again for a repeat.
import type { Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { signedBy, type MutationName } from '../../shared/cases/case-mutations';
import { describeScope, sameScope, scopeOf } from '../../shared/cases/change-rules';
import { decideMutation, mutationCaseId, MutationError, namedCaseId, parseMutation, type Decision } from '../../shared/cases/decide-mutation';
import { defaultPolicy, PolicyError } from '../../shared/policy/load-policy';
import type { PushItem, PushResult } from '../../shared/sync/protocol';
import { noteClient } from './clients';
import { fieldChanges, lastAuthors } from './field-history';
import { createCaseRows, withoutEvents } from './new-cases';
import { recordPolicy } from './policies';
import { restampCatalogue, restampRota, teamRevision, writeServerCatalogue, writeServerRota } from './team-documents';
import type { ServerDatabase } from './schema';
import { caseState, type CurrentCase } from './snapshots';
import { bump, isTransient, type Db, type ServerUser, type StoreContext } from './store-context';

/** A mutation id seen before: its first verdict stands. */
class Duplicate {
  constructor(readonly result: PushResult) {}
}

/** Apply pushed mutations in order, each in its own transaction, each once, each as `user`'s. */
export async function push(ctx: StoreContext, user: ServerUser, clientId: string, items: readonly PushItem[]): Promise<PushResult[]> {
  await noteClient(ctx, user, clientId);
  const results: PushResult[] = [];
  // Every change is the signed-in user's, whatever name the desktop wrote on it.
  // A change the server could not apply holds back the later changes of its case (they may
  // build on it), never those of other cases.
  const heldBack = new Map<string, string>();
  for (const item of items) {
    const scope = orderKeyOf(item);
    const blocker = scope === null ? undefined : heldBack.get(scope);
    if (blocker !== undefined) {
      results.push(notApplied(item, `it waits for an earlier change of this case that the server could not apply (${blocker})`));
      continue;
    }
    const result = await applyOne(ctx, user, clientId, { ...item, args: signedBy(item.name, item.args, user.name) });
    if (result.status === 'failed' && scope !== null) heldBack.set(scope, result.error ?? 'a fault on the server');
    results.push(result);
  }
  return results;
}

/**
 * Apply one pushed mutation. A failure that is not the rules' refusal (a bug, a limit, a
 * trigger, a constraint) is tried once more; failing again, the change is answered as not
 * applied — nothing is recorded, so the desktop keeps it and sends it again later — never as
 * refused: only the policy's rules refuse a change (and a refusal can take a case off the
 * desktop that made it).
 */
async function applyOne(ctx: StoreContext, user: ServerUser, clientId: string, item: PushItem): Promise<PushResult> {
  try {
    return await applyOnce(ctx, user, clientId, item);
  } catch (first) {
    // The database busy, away or full: the whole push fails and the desktop sends it again later.
    if (isTransient(first)) throw first;
    try {
      return await applyOnce(ctx, user, clientId, item);
    } catch (err) {
      if (isTransient(err)) throw err;
      ctx.log?.(`mutation ${item.mutationId} (${item.name}) not applied: ${(err as Error).stack ?? String(err)} (first try: ${(first as Error).message})`);
      return notApplied(item, `the server could not apply this change (${(err as Error).message})`);
    }
  }
}

async function applyOnce(ctx: StoreContext, user: ServerUser, clientId: string, item: PushItem): Promise<PushResult> {
  const seen = await verdict(ctx.db, item.mutationId);
  if (seen) return seen;
  // The case is read before the version lock is taken, so the lock — which orders every change of
  // every server process — is held for the writes only; under the lock the read is used only if
  // the case's version shows nothing changed it since (every write to a case stamps its version).
  const early = await earlyState(ctx, item);
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const version = await bump(trx);
      const again = await verdict(trx, item.mutationId);
      if (again) throw new Duplicate(again);
      const now = ctx.clock.now();
      const madeAt = Math.min(item.madeAt, now);
      let caseId: string | null = null;
      let error: string | null = null;
      try {
        const mutation = parseMutation(item.name, item.args);
        caseId = mutationCaseId(mutation);
        if (item.scope && !sameScope(item.scope, scopeOf(mutation))) {
          throw new MutationError(`${item.name}: the change says it is about ${describeScope(item.scope)}, but it is about ${describeScope(scopeOf(mutation))}`);
        }
        if (caseId === null) {
          // A change of the team's (the catalogue, the rota), judged against the team's document.
          const decision = decideMutation(mutation, null, {
            now: madeAt,
            currentPolicy: defaultPolicy(),
            actor: { name: user.name, role: user.role },
            catalogue: await teamRevision(trx, 'catalogue'),
            rota: await teamRevision(trx, 'rota'),
          });
          const revision = decision.kind === 'team' ? { revision: decision.revision, by: user.name, at: madeAt } : null;
          if (decision.kind === 'team' && decision.subject === 'catalogue') await writeServerCatalogue(trx, decision.catalogue, revision!, version);
          if (decision.kind === 'team' && decision.subject === 'rota') await writeServerRota(trx, decision.rota, revision!, version);
          return recordVerdict(ctx, trx, { user, clientId, item, caseId, error, version });
        }
        const state = early && early.caseId === caseId && (await caseVersion(trx, caseId)) === early.version ? early.state : await caseState(ctx, trx, caseId);
        const policy = item.policy === undefined ? null : await recordPolicy(ctx, trx, item.policy);
        if (!state && !policy && (mutation.name === 'createCase' || mutation.name === 'importCase')) {
          throw new MutationError('a new case must come with the policy it was logged under');
        }
        // A change to a case is judged by the case's own policy; a new case by the one it came with.
        const currentPolicy = policy ?? state?.state.policy ?? defaultPolicy();
        const decision = decideMutation(mutation, state?.state ?? null, { now: madeAt, currentPolicy, actor: { name: user.name, role: user.role } });
        await writeDecision(ctx, trx, decision, state, mutation.name, item, version, madeAt);
      } catch (err) {
        if (!(err instanceof MutationError || err instanceof PolicyError)) throw err;
        error = err.message;
        // Every desktop that shows the refused change takes it back on its next pull.
        if (caseId !== null) await trx.updateTable('cases').set({ version }).where('id', '=', caseId).execute();
        else if (item.name === 'useCatalogue') await restampCatalogue(trx, version);
        else if (item.name === 'useRota') await restampRota(trx, version);
      }
      return recordVerdict(ctx, trx, { user, clientId, item, caseId, error, version });
    });
  } catch (err) {
    if (err instanceof Duplicate) return err.result;
    throw err;
  }
}

/** Keep a pushed mutation's verdict (applied, or refused and why) under its id: it is answered again for a repeat. */
async function recordVerdict(
  ctx: StoreContext,
  trx: Transaction<ServerDatabase>,
  v: { user: ServerUser; clientId: string; item: PushItem; caseId: string | null; error: string | null; version: number },
): Promise<PushResult> {
  await trx
    .insertInto('mutations')
    .values({
      id: v.item.mutationId,
      client_id: v.clientId,
      user_id: v.user.id,
      name: v.item.name,
      case_id: v.caseId,
      args: JSON.stringify(v.item.args ?? null),
      status: v.error === null ? 'applied' : 'rejected',
      error: v.error,
      version: v.version,
      made_at: v.item.madeAt,
      received_at: ctx.clock.now(),
    })
    .execute();
  return v.error === null
    ? { mutationId: v.item.mutationId, status: 'applied', version: v.version }
    : { mutationId: v.item.mutationId, status: 'rejected', error: v.error, version: v.version };
}

/** The case a pushed change is about, read without a lock, with its version (null: no such case). */
async function earlyState(ctx: StoreContext, item: PushItem): Promise<{ caseId: string; version: number | null; state: CurrentCase | null } | null> {
  let caseId: string | null;
  try {
    caseId = mutationCaseId(parseMutation(item.name, item.args));
  } catch {
    return null; // Refused under the lock, with the reason.
  }
  if (caseId === null) return null; // A change of the team's: read under the lock.
  const state = await caseState(ctx, ctx.db, caseId);
  return { caseId, version: state?.snapshot.version ?? null, state };
}

async function caseVersion(db: Db, caseId: string): Promise<number | null> {
  const row = await db.selectFrom('cases').select('version').where('id', '=', caseId).executeTakeFirst();
  return row ? Number(row.version) : null;
}

async function verdict(db: Db, mutationId: string): Promise<PushResult | null> {
  const row = await db.selectFrom('mutations').select(['status', 'error', 'version']).where('id', '=', mutationId).executeTakeFirst();
  if (!row) return null;
  return row.status === 'applied'
    ? { mutationId, status: 'applied', version: row.version }
    : { mutationId, status: 'rejected', error: row.error ?? 'rejected', version: row.version };
}

/** Write what the rules decided: a new case, an edit of one (with its field history), or an event on one. */
async function writeDecision(
  ctx: StoreContext,
  trx: Transaction<ServerDatabase>,
  decision: Decision,
  current: CurrentCase | null,
  name: MutationName,
  item: PushItem,
  version: number,
  madeAt: number,
): Promise<void> {
  const now = ctx.clock.now();
  switch (decision.kind) {
    case 'create':
      await createCaseRows(trx, [
        {
          record: decision.record,
          number: item.number ?? `S-${version}`,
          origin: decision.origin,
          policy: decision.policy,
          version,
          mutationId: item.mutationId,
          mutationName: name,
          at: now,
          eventsAt: madeAt,
        },
      ]);
      return;
    case 'update': {
      const before = current!.state.record;
      await trx
        .updateTable('cases')
        .set({ record: JSON.stringify(withoutEvents(decision.record)), version, last_change_id: item.mutationId, last_change_name: name, updated_at: now })
        .where('id', '=', before.id)
        .execute();
      const args = item.args as { author?: string; base?: Record<string, string | null>; resolves?: string[] };
      const changes = fieldChanges(before, decision.fields, args, current!.snapshot.conflicts, await lastAuthors(trx, before.id));
      if (changes.length > 0) {
        await trx
          .insertInto('field_changes')
          .values(
            changes.map((c) => ({
              id: uuidv7(),
              case_id: before.id,
              field: c.field,
              previous: c.previous,
              value: c.value,
              author: args.author ?? '',
              mutation_id: item.mutationId,
              version,
              at: madeAt,
              concurrent: c.concurrent ? 1 : 0,
              conflict_with: c.conflictWith,
              conflict_author: c.conflictAuthor,
            })),
          )
          .execute();
      }
      return;
    }
    case 'event': {
      const caseId = current!.state.record.id;
      await trx
        .insertInto('events')
        .values({
          id: item.mutationId,
          case_id: caseId,
          idx: current!.snapshot.events.length,
          document: JSON.stringify(decision.event),
          recorded_at: madeAt,
          mutation: name,
          version,
        })
        .execute();
      await trx.updateTable('cases').set({ version, last_change_id: item.mutationId, last_change_name: name, updated_at: now }).where('id', '=', caseId).execute();
      return;
    }
  }
}

/** The mutations a desktop pushed, in the order they were stamped, with their verdicts. */
export async function mutationsOf(db: Db, clientId: string): Promise<{ id: string; status: string; error: string | null }[]> {
  return db.selectFrom('mutations').select(['id', 'status', 'error']).where('client_id', '=', clientId).orderBy('version').execute();
}

/** A change the server could not apply (a fault, not the rules): nothing of it was kept; the desktop sends it again. */
function notApplied(item: PushItem, error: string): PushResult {
  return { mutationId: item.mutationId, status: 'failed', error, version: 0 };
}

/**
 * What a pushed change is about, as a key (`case:C-1`, `team:rota`): a change the server could not
 * apply holds back the later ones of the same key. Null when it names nothing the server can read.
 */
function orderKeyOf(item: PushItem): string | null {
  if (item.scope?.kind === 'team') return `team:${item.scope.subject}`;
  const caseId = namedCaseId(item.name, item.args);
  return caseId === null ? null : `case:${caseId}`;
}
