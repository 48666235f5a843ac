// The policies the central store keeps: those pushed with new cases (recorded once; the same id
// and version must mean the same rules), reading a stored one (cached), and the one in force for
// the cases the server opens itself.
import { MutationError } from '../../shared/cases/decide-mutation';
import { defaultPolicy, parsePolicy } from '../../shared/policy/load-policy';
import type { Policy } from '../../shared/policy/policy-schema';
import { ServerStoreError } from './open-server-store';
import type { Db, PolicyCaches, StoreContext } from './store-context';

/** Empty caches, for a store just opened. */
export function newPolicyCaches(): PolicyCaches {
  return { stored: new Map(), parsedDocuments: new Map(), storedText: new Map() };
}

/** Record a policy a pushed case was logged under; the same id and version must mean the same rules. */
export async function recordPolicy(ctx: StoreContext, trx: Db, document: unknown): Promise<Policy> {
  const caches = ctx.policies;
  // Every new case brings its policy: parse each distinct document once, and compare with the
  // stored one once — policies are never rewritten, so a match stays a match.
  const raw = JSON.stringify(document);
  let policy = caches.parsedDocuments.get(raw);
  if (!policy) {
    policy = parsePolicy(document, 'the policy the case was logged under');
    if (caches.parsedDocuments.size > 100) caches.parsedDocuments.clear();
    caches.parsedDocuments.set(raw, policy);
  }
  const text = JSON.stringify(policy);
  const key = `${policy.id}@${policy.version}`;
  if (caches.storedText.get(key) === text) return policy;
  const existing = await trx.selectFrom('policies').select('document').where('id', '=', policy.id).where('version', '=', policy.version).executeTakeFirst();
  if (existing) {
    const stored = JSON.stringify(parsePolicy(JSON.parse(existing.document), 'a recorded policy', { recorded: true }));
    caches.storedText.set(key, stored);
    if (stored !== text) {
      throw new MutationError(`policy ${policy.id} v${policy.version} is already on the server with other rules; give the edited policy a new version`);
    }
    return policy;
  }
  await trx.insertInto('policies').values({ id: policy.id, version: policy.version, document: text, recorded_at: ctx.clock.now() }).execute();
  return policy;
}

/** A recorded policy by id and version, parsed once per store. */
export async function storedPolicy(ctx: StoreContext, db: Db, id: string, version: number): Promise<Policy> {
  const key = `${id}@${version}`;
  let policy = ctx.policies.stored.get(key);
  if (!policy) {
    const row = await db.selectFrom('policies').select('document').where('id', '=', id).where('version', '=', version).executeTakeFirstOrThrow();
    policy = parsePolicy(JSON.parse(row.document), `policy ${id} v${version}`, { recorded: true });
    ctx.policies.stored.set(key, policy);
  }
  return policy;
}

/**
 * The policy cases opened on the server itself (the online form) are logged under: the one an
 * admin put in force (`casedesk server policy use`), else the default. A policy a desktop pushes
 * with its cases is recorded for those cases only; it never becomes the server's.
 */
export async function policyInForce(ctx: StoreContext): Promise<Policy> {
  const row = await ctx.db.selectFrom('sync_state').select(['policy_id', 'policy_version']).where('id', '=', 1).executeTakeFirstOrThrow();
  return row.policy_id !== null && row.policy_version !== null ? storedPolicy(ctx, ctx.db, row.policy_id, Number(row.policy_version)) : defaultPolicy();
}

/** Put a policy in force for the cases the server opens (recorded; the same id and version must mean the same rules). */
export async function usePolicy(ctx: StoreContext, policy: Policy): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    try {
      await recordPolicy(ctx, trx, policy);
    } catch (err) {
      if (err instanceof MutationError) throw new ServerStoreError(err.message);
      throw err;
    }
    await trx.updateTable('sync_state').set({ policy_id: policy.id, policy_version: policy.version }).where('id', '=', 1).execute();
  });
}
