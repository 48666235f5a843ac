// The central store: one typed interface over Kysely, the same code on SQLite and PostgreSQL.
// Users and their tokens; the sync's two halves — applying pushed mutations once each, judged by
// the shared rules against the server's state and stamped with one monotonic version, and
// handing out every case changed since a version, as whole snapshots.
//
// Ordering: every change takes the row lock on `sync_state` first (UPDATE … version + 1) and holds
// it to commit, so versions are handed out in commit order, even with several server processes
// on one PostgreSQL database. A pull that has seen version N has seen everything before it.
import { describeScope, sameScope, scopeOf } from '../../shared/cases/change-rules';
import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { CaseEventRecord, CaseRecord, ParsedCases } from '../../shared/cases/case-format';
import { signedBy, type CaseFields, type MutationName } from '../../shared/cases/case-mutations';
import { editedLeaves, FREE_TEXT_FIELDS, leafOf, type FieldConflict } from '../../shared/cases/field-conflicts';
import { checkSeverities } from '../../shared/cases/case-severities';
import { decideMutation, mutationCaseId, MutationError, namedCaseId, parseMutation, type CaseState, type Decision } from '../../shared/cases/decide-mutation';
import { defaultPolicy, parsePolicy, PolicyError } from '../../shared/policy/load-policy';
import type { Policy } from '../../shared/policy/policy-schema';
import type { CaseSnapshot, PullResponse, PushItem, PushResult } from '../../shared/sync/protocol';
import { openServerDatabase, ServerStoreError, type Dialect, type StoreLocation } from './open-server-store';
import { ROLES, type Role, type ServerDatabase } from './schema';

export interface ServerUser {
  id: string;
  name: string;
  role: Role;
}

export interface ServerClock {
  now(): number;
}

type Db = Kysely<ServerDatabase> | Transaction<ServerDatabase>;

/** A mutation id seen before: its first verdict stands. */
class Duplicate {
  constructor(readonly result: PushResult) {}
}

/** Events per INSERT statement. */
const EVENT_SLICE = 500;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * What a revoked user's token hash begins with (then the user's id: the column is unique): no
 * token's SHA-256 (hex) ever looks like it.
 */
const REVOKED = 'revoked:';

/** Who online cases are recorded as: Casedesk's own user, made on the form's first submission. */
export const INTAKE_USER_NAME = 'online form';
/** Who bulk imports are recorded as: an admin user of this name (made on the first import), from this client. */
export const IMPORT_USER_NAME = 'server import';
export const IMPORT_CLIENT_ID = 'server-import';
/** Casedesk's own users: their tokens are thrown away unseen; nobody signs in as one. */
const SYSTEM_USERS: readonly string[] = [INTAKE_USER_NAME, IMPORT_USER_NAME];

export class ServerStore {
  private readonly policies = new Map<string, Policy>();
  /** Pushed policy documents, parsed (by their JSON). */
  private readonly parsedDocuments = new Map<string, Policy>();
  /** The stored policies' documents as this version reads them, by `id@version`, once read. */
  private readonly storedPolicyText = new Map<string, string>();

  private constructor(
    readonly db: Kysely<ServerDatabase>,
    readonly dialect: Dialect,
    readonly where: string,
    readonly clock: ServerClock,
    private readonly log?: (line: string) => void,
  ) {}

  static async open(location: StoreLocation, clock: ServerClock = { now: () => Date.now() }): Promise<ServerStore> {
    const { db, dialect, where } = await openServerDatabase(location);
    return new ServerStore(db, dialect, where, clock, location.log);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }

  // ---- Users ------------------------------------------------------------------------------------------

  /**
   * Add a user; returns the user and their token (shown once: only its hash is kept). Casedesk's
   * own users (the form's) are made with `system`, and only so.
   */
  async addUser(name: string, role: string, options: { system?: boolean } = {}): Promise<{ user: ServerUser; token: string }> {
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > 200) throw new ServerStoreError('a user needs a name (at most 200 characters)');
    if (SYSTEM_USERS.includes(trimmed) && !options.system) throw new ServerStoreError(`"${trimmed}" is the name of Casedesk's own user; choose another`);
    if (!(ROLES as readonly string[]).includes(role)) throw new ServerStoreError(`role must be one of ${ROLES.join(', ')} (not "${role}")`);
    const existing = await this.db.selectFrom('users').select('id').where('name', '=', trimmed).executeTakeFirst();
    if (existing) throw new ServerStoreError(`there is already a user named "${trimmed}"`);
    const token = `cdt_${randomBytes(32).toString('base64url')}`;
    const user: ServerUser = { id: uuidv7(), name: trimmed, role: role as Role };
    await this.db
      .insertInto('users')
      .values({ id: user.id, name: user.name, role: user.role, token_hash: hashToken(token), created_at: this.clock.now() })
      .execute();
    return { user, token };
  }

  /** Give a user a new token; the old one stops working at once (lost or leaked; a revoked user is let in again). */
  async newToken(name: string): Promise<{ user: ServerUser; token: string }> {
    const user = await this.userNamed(name);
    const token = `cdt_${randomBytes(32).toString('base64url')}`;
    await this.db.updateTable('users').set({ token_hash: hashToken(token) }).where('id', '=', user.id).execute();
    return { user, token };
  }

  /**
   * Take a user's access away (someone who left the team, a lost laptop): their token stops
   * working at once, open live streams included (see LiveChannel); the user stays, as the author
   * of what they did. A new token (newToken) lets them in again.
   */
  async revokeUser(name: string): Promise<ServerUser> {
    const user = await this.userNamed(name);
    await this.db.updateTable('users').set({ token_hash: `${REVOKED}${user.id}` }).where('id', '=', user.id).execute();
    return user;
  }

  /** A person's user by name (not one of Casedesk's own: nobody gets a token for those). */
  private async userNamed(name: string): Promise<ServerUser> {
    const user = await this.db.selectFrom('users').select(['id', 'name', 'role']).where('name', '=', name.trim()).executeTakeFirst();
    if (!user) throw new ServerStoreError(`there is no user named "${name.trim()}"`);
    if (SYSTEM_USERS.includes(user.name)) throw new ServerStoreError(`"${user.name}" is Casedesk's own user (what it records is its doing); nobody signs in as it`);
    return user;
  }

  /** Every user, with whether their access was revoked and whether it is one of Casedesk's own. */
  async users(): Promise<(ServerUser & { revoked: boolean; system: boolean })[]> {
    const rows = await this.db.selectFrom('users').select(['id', 'name', 'role', 'token_hash']).orderBy('name').execute();
    return rows.map(({ token_hash, ...user }) => ({ ...user, revoked: token_hash.startsWith(REVOKED), system: SYSTEM_USERS.includes(user.name) }));
  }

  async userByToken(token: string): Promise<ServerUser | null> {
    const row = await this.db.selectFrom('users').select(['id', 'name', 'role']).where('token_hash', '=', hashToken(token)).executeTakeFirst();
    return row ?? null;
  }

  async usersWithRole(role: Role): Promise<ServerUser[]> {
    return this.db.selectFrom('users').select(['id', 'name', 'role']).where('role', '=', role).orderBy('name').execute();
  }

  // ---- Push ---------------------------------------------------------------------------------------------

  /** Apply pushed mutations in order, each in its own transaction, each once, each as `user`'s. */
  async push(user: ServerUser, clientId: string, items: readonly PushItem[]): Promise<PushResult[]> {
    await this.noteClient(user, clientId);
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
      const result = await this.applyOne(user, clientId, { ...item, args: signedBy(item.name, item.args, user.name) });
      if (result.status === 'failed' && scope !== null) heldBack.set(scope, result.error ?? 'a fault on the server');
      results.push(result);
    }
    return results;
  }

  /**
   * The desk code a desktop numbers its cases with, unique across the team: the one it asks for
   * when no other desktop has it, else a new one (kept from then on). Case numbers it gave before
   * with a taken code are kept unless a case already has the very number (see freeNumber).
   */
  async registerDesk(user: ServerUser, clientId: string, wanted: string): Promise<string> {
    await this.noteClient(user, clientId);
    // Two desktops asking for one code at once (two server processes): the unique index lets one
    // have it; the other looks again and gets another.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction().execute(async (trx) => {
          const mine = await trx.selectFrom('clients').select('desk_code').where('id', '=', clientId).executeTakeFirstOrThrow();
          if (mine.desk_code) return mine.desk_code;
          let code = wanted;
          while (await trx.selectFrom('clients').select('id').where('desk_code', '=', code).executeTakeFirst()) code = randomDeskCode();
          await trx.updateTable('clients').set({ desk_code: code }).where('id', '=', clientId).execute();
          return code;
        });
      } catch (err) {
        if (attempt >= 3 || !isUniqueViolation(err)) throw err;
      }
    }
  }

  private async noteClient(user: ServerUser, clientId: string): Promise<void> {
    const now = this.clock.now();
    const known = await this.db.selectFrom('clients').select('user_id').where('id', '=', clientId).executeTakeFirst();
    if (!known) {
      await this.db
        .insertInto('clients')
        .values({ id: clientId, user_id: user.id, first_seen: now, last_seen: now })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    } else {
      await this.db.updateTable('clients').set({ user_id: user.id, last_seen: now }).where('id', '=', clientId).execute();
    }
  }

  /**
   * Apply one pushed mutation. A failure that is not the rules' refusal (a bug, a limit, a
   * trigger, a constraint) is tried once more; failing again, the change is answered as not
   * applied — nothing is recorded, so the desktop keeps it and sends it again later — never as
   * refused: only the policy's rules refuse a change (and a refusal can take a case off the
   * desktop that made it).
   */
  private async applyOne(user: ServerUser, clientId: string, item: PushItem): Promise<PushResult> {
    try {
      return await this.applyOnce(user, clientId, item);
    } catch (first) {
      // The database busy, away or full: the whole push fails and the desktop sends it again later.
      if (isTransient(first)) throw first;
      try {
        return await this.applyOnce(user, clientId, item);
      } catch (err) {
        if (isTransient(err)) throw err;
        this.log?.(`mutation ${item.mutationId} (${item.name}) not applied: ${(err as Error).stack ?? String(err)} (first try: ${(first as Error).message})`);
        return notApplied(item, `the server could not apply this change (${(err as Error).message})`);
      }
    }
  }

  private async applyOnce(user: ServerUser, clientId: string, item: PushItem): Promise<PushResult> {
    const seen = await this.verdict(this.db, item.mutationId);
    if (seen) return seen;
    // The case is read before the version lock is taken, so the lock — which orders every change of
    // every server process — is held for the writes only; under the lock the read is used only if
    // the case's version shows nothing changed it since (every write to a case stamps its version).
    const early = await this.earlyState(item);
    try {
      return await this.db.transaction().execute(async (trx) => {
        const version = await this.bump(trx);
        const again = await this.verdict(trx, item.mutationId);
        if (again) throw new Duplicate(again);
        const now = this.clock.now();
        const madeAt = Math.min(item.madeAt, now);
        let caseId: string | null = null;
        let error: string | null = null;
        try {
          const mutation = parseMutation(item.name, item.args);
          caseId = mutationCaseId(mutation);
          if (item.scope && !sameScope(item.scope, scopeOf(mutation))) {
            throw new MutationError(`${item.name}: the change says it is about ${describeScope(item.scope)}, but it is about ${describeScope(scopeOf(mutation))}`);
          }
          const state = early && early.caseId === caseId && (await this.caseVersion(trx, caseId)) === early.version ? early.state : await this.caseState(trx, caseId);
          const policy = item.policy === undefined ? null : await this.recordPolicy(trx, item.policy);
          if (!state && !policy && (mutation.name === 'createCase' || mutation.name === 'importCase')) {
            throw new MutationError('a new case must come with the policy it was logged under');
          }
          // A change to a case is judged by the case's own policy; a new case by the one it came with.
          const currentPolicy = policy ?? state?.state.policy ?? defaultPolicy();
          const decision = decideMutation(mutation, state?.state ?? null, { now: madeAt, currentPolicy, actor: { name: user.name, role: user.role } });
          await this.writeDecision(trx, decision, state, mutation.name, item, version, madeAt);
        } catch (err) {
          if (!(err instanceof MutationError || err instanceof PolicyError)) throw err;
          error = err.message;
          // Every desktop that shows the refused change takes it back on its next pull.
          if (caseId !== null) await trx.updateTable('cases').set({ version }).where('id', '=', caseId).execute();
        }
        return this.recordVerdict(trx, { user, clientId, item, caseId, error, version });
      });
    } catch (err) {
      if (err instanceof Duplicate) return err.result;
      throw err;
    }
  }

  /** Keep a pushed mutation's verdict (applied, or refused and why) under its id: it is answered again for a repeat. */
  private async recordVerdict(
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
        received_at: this.clock.now(),
      })
      .execute();
    return v.error === null
      ? { mutationId: v.item.mutationId, status: 'applied', version: v.version }
      : { mutationId: v.item.mutationId, status: 'rejected', error: v.error, version: v.version };
  }

  /** The case a pushed change is about, read without a lock, with its version (null: no such case). */
  private async earlyState(item: PushItem): Promise<{ caseId: string; version: number | null; state: Awaited<ReturnType<ServerStore['caseState']>> } | null> {
    let caseId: string;
    try {
      caseId = mutationCaseId(parseMutation(item.name, item.args));
    } catch {
      return null; // Refused under the lock, with the reason.
    }
    const state = await this.caseState(this.db, caseId);
    return { caseId, version: state?.snapshot.version ?? null, state };
  }

  private async caseVersion(db: Db, caseId: string): Promise<number | null> {
    const row = await db.selectFrom('cases').select('version').where('id', '=', caseId).executeTakeFirst();
    return row ? Number(row.version) : null;
  }

  private async verdict(db: Db, mutationId: string): Promise<PushResult | null> {
    const row = await db.selectFrom('mutations').select(['status', 'error', 'version']).where('id', '=', mutationId).executeTakeFirst();
    if (!row) return null;
    return row.status === 'applied'
      ? { mutationId, status: 'applied', version: row.version }
      : { mutationId, status: 'rejected', error: row.error ?? 'rejected', version: row.version };
  }

  /** Take the next version (or the next `count`: the last is returned); the row lock it takes orders this change after every earlier one. */
  private async bump(trx: Transaction<ServerDatabase>, count = 1): Promise<number> {
    const row = await trx
      .updateTable('sync_state')
      .set((eb) => ({ version: eb('version', '+', count) }))
      .where('id', '=', 1)
      .returning('version')
      .executeTakeFirstOrThrow();
    return Number(row.version);
  }

  private id: string | undefined;

  /** This store's identity (made with its database; a desktop remembers the one it syncs with). */
  async serverId(): Promise<string> {
    this.id ??= (await this.db.selectFrom('sync_state').select('server_id').where('id', '=', 1).executeTakeFirstOrThrow()).server_id;
    return this.id;
  }

  async head(): Promise<number> {
    const row = await this.db.selectFrom('sync_state').select('version').where('id', '=', 1).executeTakeFirstOrThrow();
    return Number(row.version);
  }

  // ---- Policies ---------------------------------------------------------------------------------------

  /** Record a policy a pushed case was logged under; the same id and version must mean the same rules. */
  private async recordPolicy(trx: Db, document: unknown): Promise<Policy> {
    // Every new case brings its policy: parse each distinct document once, and compare with the
    // stored one once — policies are never rewritten, so a match stays a match.
    const raw = JSON.stringify(document);
    let policy = this.parsedDocuments.get(raw);
    if (!policy) {
      policy = parsePolicy(document, 'the policy the case was logged under');
      if (this.parsedDocuments.size > 100) this.parsedDocuments.clear();
      this.parsedDocuments.set(raw, policy);
    }
    const text = JSON.stringify(policy);
    const key = `${policy.id}@${policy.version}`;
    if (this.storedPolicyText.get(key) === text) return policy;
    const existing = await trx.selectFrom('policies').select('document').where('id', '=', policy.id).where('version', '=', policy.version).executeTakeFirst();
    if (existing) {
      const stored = JSON.stringify(parsePolicy(JSON.parse(existing.document), 'a recorded policy', { recorded: true }));
      this.storedPolicyText.set(key, stored);
      if (stored !== text) {
        throw new MutationError(`policy ${policy.id} v${policy.version} is already on the server with other rules; give the edited policy a new version`);
      }
      return policy;
    }
    await trx.insertInto('policies').values({ id: policy.id, version: policy.version, document: text, recorded_at: this.clock.now() }).execute();
    return policy;
  }

  /**
   * The policy cases opened on the server itself (the online form) are logged under: the one an
   * admin put in force (`casedesk server policy use`), else the default. A policy a desktop pushes
   * with its cases is recorded for those cases only; it never becomes the server's.
   */
  async policyInForce(): Promise<Policy> {
    const row = await this.db.selectFrom('sync_state').select(['policy_id', 'policy_version']).where('id', '=', 1).executeTakeFirstOrThrow();
    return row.policy_id !== null && row.policy_version !== null ? this.policy(this.db, row.policy_id, Number(row.policy_version)) : defaultPolicy();
  }

  /** Put a policy in force for the cases the server opens (recorded; the same id and version must mean the same rules). */
  async usePolicy(policy: Policy): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      try {
        await this.recordPolicy(trx, policy);
      } catch (err) {
        if (err instanceof MutationError) throw new ServerStoreError(err.message);
        throw err;
      }
      await trx.updateTable('sync_state').set({ policy_id: policy.id, policy_version: policy.version }).where('id', '=', 1).execute();
    });
  }

  // ---- Pages -------------------------------------------------------------------------------------

  /** Keep a page that was sent, for desktops that connect within the next minutes. */
  async recordPage(roles: readonly Role[], data: Record<string, unknown>): Promise<void> {
    await this.db.insertInto('pages').values({ id: uuidv7(), roles: JSON.stringify(roles), data: JSON.stringify(data), created_at: this.clock.now() }).execute();
  }

  /** The pages for a role sent since an instant, oldest first. */
  async pagesSince(role: Role, since: number): Promise<Record<string, unknown>[]> {
    const rows = await this.db.selectFrom('pages').select(['roles', 'data']).where('created_at', '>=', since).orderBy('created_at').orderBy('id').execute();
    return rows.filter((r) => (JSON.parse(r.roles) as Role[]).includes(role)).map((r) => JSON.parse(r.data) as Record<string, unknown>);
  }

  /** Who last changed each field of a case (for naming the other side of a conflict). */
  private async lastAuthors(db: Db, caseId: string): Promise<Map<string, string>> {
    const rows = await db.selectFrom('field_changes').select(['field', 'author']).where('case_id', '=', caseId).orderBy('version').orderBy('field').execute();
    return new Map(rows.map((r) => [r.field, r.author]));
  }

  private async policy(db: Db, id: string, version: number): Promise<Policy> {
    const key = `${id}@${version}`;
    let policy = this.policies.get(key);
    if (!policy) {
      const row = await db.selectFrom('policies').select('document').where('id', '=', id).where('version', '=', version).executeTakeFirstOrThrow();
      policy = parsePolicy(JSON.parse(row.document), `policy ${id} v${version}`, { recorded: true });
      this.policies.set(key, policy);
    }
    return policy;
  }

  // ---- Cases --------------------------------------------------------------------------------------------

  private async caseState(db: Db, caseId: string): Promise<{ state: CaseState; snapshot: CaseSnapshot } | null> {
    const snapshot = (await this.snapshots(db, [caseId]))[0];
    if (!snapshot) return null;
    const policy = await this.policy(db, snapshot.policyId, snapshot.policyVersion);
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

  private async writeDecision(
    trx: Transaction<ServerDatabase>,
    decision: Decision,
    current: { state: CaseState; snapshot: CaseSnapshot } | null,
    name: MutationName,
    item: PushItem,
    version: number,
    madeAt: number,
  ): Promise<void> {
    const now = this.clock.now();
    switch (decision.kind) {
      case 'create': {
        const record = decision.record;
        await trx
          .insertInto('cases')
          .values({
            id: record.id,
            number: await this.freeNumber(trx, item.number ?? `S-${version}`),
            origin: decision.origin,
            policy_id: decision.policy.id,
            policy_version: decision.policy.version,
            record: JSON.stringify(withoutEvents(record)),
            version,
            last_change_id: item.mutationId,
            last_change_name: name,
            created_at: now,
            updated_at: now,
          })
          .execute();
        const events = record.events ?? [];
        // In slices: one statement has a bounded number of parameters (SQLite 32,766, PostgreSQL
        // 65,535) and an imported case can bring thousands of events.
        for (let from = 0; from < events.length; from += EVENT_SLICE) {
          await trx
            .insertInto('events')
            .values(
              events.slice(from, from + EVENT_SLICE).map((event, i) => ({
                id: `${item.mutationId}.${from + i}`,
                case_id: record.id,
                idx: from + i,
                document: JSON.stringify(event),
                recorded_at: madeAt,
                mutation: null,
                version,
              })),
            )
            .execute();
        }
        return;
      }
      case 'update': {
        const before = current!.state.record;
        await trx
          .updateTable('cases')
          .set({ record: JSON.stringify(withoutEvents(decision.record)), version, last_change_id: item.mutationId, last_change_name: name, updated_at: now })
          .where('id', '=', before.id)
          .execute();
        const args = item.args as { author?: string; base?: Record<string, string | null>; resolves?: string[] };
        const changes = fieldChanges(before, decision.fields, args, current!.snapshot.conflicts, await this.lastAuthors(trx, before.id));
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

  /**
   * The number a desktop gave a new case, or — when another desktop's case has it — the first free
   * `N/k`. `alsoTaken`: numbers given out but not yet written (a bulk import's batch).
   */
  private async freeNumber(trx: Db, wanted: string, alsoTaken: (number: string) => boolean = () => false): Promise<string> {
    for (let k = 1; ; k++) {
      const candidate = k === 1 ? wanted : `${wanted}/${k}`;
      if (alsoTaken(candidate)) continue;
      const taken = await trx.selectFrom('cases').select('id').where('number', '=', candidate).executeTakeFirst();
      if (!taken) return candidate;
    }
  }

  /** Whole snapshots of the cases with these ids (those that exist), in the order of `ids`. */
  async snapshots(db: Db, ids: readonly string[]): Promise<CaseSnapshot[]> {
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

  // ---- Bulk import -------------------------------------------------------------------------------------

  /**
   * Load an existing tracker's export (`casedesk.cases/1`, already parsed and validated) into the
   * central store, all or nothing, under `policy` (recorded like a pushed case's). Each case becomes
   * what a pushed `importCase` would make of it — a case row, its events, an applied mutation
   * (client `server-import`, by the admin user `server import`, made on the first import) — stamped
   * with its own version from the one counter, in file order; its number is the file's `number`
   * member when it has one, else `IMP-<version>`, renamed `…/k` when another case has it.
   *
   * One transaction holds it all, written in batches of IMPORT_BATCH cases (a few multi-row INSERTs
   * each): a case that cannot be imported (already on the server, a severity the policy lacks)
   * leaves the store as it was, and the message names it. The transaction takes the version row
   * lock first, so desktops' pushes wait for the import to commit (on SQLite: up to the busy
   * timeout, then they fail and are retried; nothing is lost); desktops pull the cases on their
   * next sync.
   */
  async importCases(
    parsed: ParsedCases,
    policy: Policy,
    options: { source?: string; onProgress?: (done: number, total: number) => void } = {},
  ): Promise<{ imported: number; firstVersion: number; lastVersion: number }> {
    const source = options.source ?? 'the import';
    const records = parsed.file.cases;
    checkSeverities(parsed.file, policy, source, '; nothing was imported');
    const total = records.length;
    if (total === 0) return { imported: 0, firstVersion: 0, lastVersion: 0 };
    return this.db.transaction().execute(async (trx) => {
      // The version row first: every version of the import is taken at once, in commit order.
      const lastVersion = await this.bump(trx, total);
      const firstVersion = lastVersion - total + 1;
      const now = this.clock.now();
      const user = await this.importUser(trx, now);
      const known = await trx.selectFrom('clients').select('id').where('id', '=', IMPORT_CLIENT_ID).executeTakeFirst();
      if (known) await trx.updateTable('clients').set({ user_id: user.id, last_seen: now }).where('id', '=', IMPORT_CLIENT_ID).execute();
      else await trx.insertInto('clients').values({ id: IMPORT_CLIENT_ID, user_id: user.id, first_seen: now, last_seen: now }).execute();
      const recorded = await this.recordPolicy(trx, policy).catch((err: unknown) => {
        throw err instanceof MutationError || err instanceof PolicyError ? new ServerStoreError(`${source}: ${err.message}; nothing was imported`) : err;
      });

      for (let start = 0; start < total; start += IMPORT_BATCH) {
        const batch = records.slice(start, start + IMPORT_BATCH);
        const ids = batch.map((r) => r.id);
        const present = new Set((await trx.selectFrom('cases').select('id').where('id', 'in', ids).execute()).map((r) => r.id));
        if (present.size > 0) {
          const at = batch.findIndex((r) => present.has(r.id));
          throw new ServerStoreError(`case "${batch[at]!.id}" (cases[${start + at}]) of ${source} is already on the server; nothing was imported`);
        }
        const wanted = batch.map((r, i) => fileNumber(r) ?? `IMP-${firstVersion + start + i}`);
        const taken = new Set((await trx.selectFrom('cases').select('number').where('number', 'in', wanted).execute()).map((r) => r.number));
        const numbers = new Set<string>();
        const cases: ServerDatabase['cases'][] = [];
        const events: ServerDatabase['events'][] = [];
        const mutations: ServerDatabase['mutations'][] = [];
        for (let i = 0; i < batch.length; i++) {
          const record = batch[i]!;
          const version = firstVersion + start + i;
          const mutationId = uuidv7();
          let number = wanted[i]!;
          if (taken.has(number) || numbers.has(number)) number = await this.freeNumber(trx, number, (n) => numbers.has(n));
          numbers.add(number);
          cases.push({
            id: record.id,
            number,
            origin: 'import',
            policy_id: recorded.id,
            policy_version: recorded.version,
            record: JSON.stringify(withoutEvents(record)),
            version,
            last_change_id: mutationId,
            last_change_name: 'importCase',
            created_at: now,
            updated_at: now,
          });
          (record.events ?? []).forEach((event, idx) =>
            events.push({ id: `${mutationId}.${idx}`, case_id: record.id, idx, document: JSON.stringify(event), recorded_at: now, mutation: null, version }),
          );
          mutations.push({
            id: mutationId,
            client_id: IMPORT_CLIENT_ID,
            user_id: user.id,
            name: 'importCase',
            case_id: record.id,
            args: JSON.stringify({ record }),
            status: 'applied',
            error: null,
            version,
            made_at: now,
            received_at: now,
          });
        }
        await trx.insertInto('cases').values(cases).execute();
        // Rows per INSERT stay well under both databases' limits on bound parameters.
        for (let e = 0; e < events.length; e += IMPORT_BATCH * 2) await trx.insertInto('events').values(events.slice(e, e + IMPORT_BATCH * 2)).execute();
        await trx.insertInto('mutations').values(mutations).execute();
        options.onProgress?.(start + batch.length, total);
      }
      return { imported: total, firstVersion, lastVersion };
    });
  }

  /** The admin user server imports are recorded as: found by its name, made (with a token nobody sees) when missing. */
  private async importUser(trx: Db, now: number): Promise<ServerUser> {
    const found = await trx.selectFrom('users').select(['id', 'name', 'role']).where('name', '=', IMPORT_USER_NAME).executeTakeFirst();
    if (found) {
      if (found.role !== 'admin') throw new ServerStoreError(`the user "${IMPORT_USER_NAME}" (who server imports are recorded as) has the role ${found.role}, not admin; rename that user first`);
      return found;
    }
    const user: ServerUser = { id: uuidv7(), name: IMPORT_USER_NAME, role: 'admin' };
    await trx
      .insertInto('users')
      .values({ ...user, token_hash: hashToken(`cdt_${randomBytes(32).toString('base64url')}`), created_at: now })
      .execute();
    return user;
  }

  // ---- Pull ----------------------------------------------------------------------------------------------

  /** Every case changed since `since`, oldest change first, `limit` at most, in one consistent read. */
  async pull(since: number, limit: number): Promise<PullResponse> {
    let tx = this.db.transaction();
    if (this.dialect === 'postgres') tx = tx.setIsolationLevel('repeatable read');
    return tx.execute(async (trx) => {
      const rows = await trx.selectFrom('cases').select(['id', 'version']).where('version', '>', since).orderBy('version').limit(limit + 1).execute();
      const more = rows.length > limit;
      const page = rows.slice(0, limit);
      const cases = await this.snapshots(trx, page.map((r) => r.id));
      const head = Number((await trx.selectFrom('sync_state').select('version').where('id', '=', 1).executeTakeFirstOrThrow()).version);
      const pairs = new Map(cases.map((c) => [`${c.policyId}@${c.policyVersion}`, c] as const));
      const policies = await Promise.all([...pairs.values()].map((c) => this.policy(trx, c.policyId, c.policyVersion)));
      return { cases, policies, version: more ? page[page.length - 1]!.version : Math.max(since, head), more };
    });
  }

  /** Every case, as the case format has it (for comparing with a desktop's export). */
  async exportCases(): Promise<CaseRecord[]> {
    const ids = (await this.db.selectFrom('cases').select('id').orderBy('created_at').orderBy('id').execute()).map((r) => r.id);
    const out: CaseRecord[] = [];
    for (let i = 0; i < ids.length; i += 500) out.push(...(await this.snapshots(this.db, ids.slice(i, i + 500))).map((s) => s.record));
    return out;
  }

  async fieldHistory(caseId: string): Promise<ServerDatabase['field_changes'][]> {
    return this.db.selectFrom('field_changes').selectAll().where('case_id', '=', caseId).orderBy('version').orderBy('field').execute();
  }

  async mutationsOf(clientId: string): Promise<{ id: string; status: string; error: string | null }[]> {
    return this.db.selectFrom('mutations').select(['id', 'status', 'error']).where('client_id', '=', clientId).orderBy('version').execute();
  }
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

/** Cases a bulk import writes per batch (a few multi-row INSERTs). */
const IMPORT_BATCH = 250;

/** The number an imported record brings (a `number` member, as another tracker's export may have), or null. */
function fileNumber(record: CaseRecord): string | null {
  const number = (record as { number?: unknown }).number;
  return typeof number === 'string' && number.trim() !== '' && number.length <= 40 ? number.trim() : null;
}

/**
 * A failure of the database rather than of the change: busy or locked, out of space, I/O, a
 * connection lost, a serialisation failure, resources exhausted, an administrator's shutdown.
 * The whole push fails (503) and the desktop sends it again later.
 */
export function isTransient(err: unknown): boolean {
  const code = String((err as { code?: unknown }).code ?? '');
  if (/^SQLITE_(BUSY|LOCKED|FULL|IOERR|CANTOPEN|NOMEM|INTERRUPT)/.test(code)) return true;
  // PostgreSQL: 08 connection, 40 transaction rollback, 53 resources, 57 operator intervention, 58 system.
  if (/^(08|40|53|57|58)[0-9A-Z]{3}$/.test(code)) return true;
  return /^(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|ENOTFOUND)$/.test(code) || /Connection terminated|connection timeout/i.test((err as Error).message ?? '');
}

function isUniqueViolation(err: unknown): boolean {
  const code = String((err as { code?: unknown }).code ?? '');
  return code === '23505' || code.startsWith('SQLITE_CONSTRAINT');
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Three Crockford base-32 characters, as desktops make their own (no 0/O or 1/I/L mix-ups). */
function randomDeskCode(): string {
  return Array.from({ length: 3 }, () => CROCKFORD[randomInt(32)]).join('');
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

/** A record as the cases table keeps it: events live in their own table (the member's presence is kept). */
function withoutEvents(record: CaseRecord): CaseRecord {
  const { events, ...rest } = record;
  return events === undefined ? (rest as CaseRecord) : ({ ...rest, events: [] } as CaseRecord);
}

interface FieldChange {
  field: string;
  previous: string | null;
  value: string | null;
  concurrent: boolean;
  /** The other version the field is in conflict with after this change (null: none). */
  conflictWith: string | null;
  conflictAuthor: string | null;
}

/**
 * The history rows an edit writes, one per leaf it changes or settles. An edit is concurrent when
 * the field no longer holds what the author saw (`base`): a short field then shows the value it
 * replaced until the field is next changed; free text keeps the replaced version beside it —
 * through further edits too — until an engineer settles it (`resolves`).
 */
function fieldChanges(
  before: CaseRecord,
  fields: CaseFields,
  args: { base?: Record<string, string | null>; resolves?: string[] },
  open: readonly FieldConflict[],
  lastAuthor: ReadonlyMap<string, string>,
): FieldChange[] {
  const out: FieldChange[] = [];
  const settles = new Set(args.resolves ?? []);
  // An empty field and a missing one are the same to the person editing it.
  const same = (a: string | null | undefined, b: string | null | undefined) => (a || null) === (b || null);
  for (const [field, value] of editedLeaves(fields)) {
    const previous = leafOf(before, field);
    const conflict = open.find((c) => c.field === field);
    const seen = args.base && Object.hasOwn(args.base, field) ? args.base[field] : previous;
    const concurrent = !same(seen, previous) && !same(value, previous);
    let conflictWith: string | null = null;
    let conflictAuthor: string | null = null;
    if (settles.has(field)) {
      if (!conflict && same(previous, value)) continue;
    } else if (concurrent) {
      conflictWith = previous;
      conflictAuthor = lastAuthor.get(field) ?? null;
    } else if (conflict && conflict.kind === 'text') {
      if (same(previous, value)) continue;
      conflictWith = conflict.other;
      conflictAuthor = conflict.otherAuthor;
    } else if (same(previous, value)) continue;
    out.push({ field, previous, value, concurrent, conflictWith, conflictAuthor });
  }
  return out;
}

/** A case's open conflicts, from its field history (oldest first): each field whose last change left one. */
function conflictsOf(rows: readonly { field: string; value: string | null; author: string; at: number; conflict_with: string | null; conflict_author: string | null }[]): FieldConflict[] {
  const last = new Map<string, (typeof rows)[number]>();
  for (const row of rows) last.set(row.field, row);
  const out: FieldConflict[] = [];
  for (const [field, row] of last) {
    if (row.conflict_with === null && row.conflict_author === null) continue;
    out.push({
      field,
      kind: FREE_TEXT_FIELDS.has(field) ? 'text' : 'overwritten',
      value: row.value,
      author: row.author,
      other: row.conflict_with,
      otherAuthor: row.conflict_author,
      at: Number(row.at),
    });
  }
  return out.sort((x, y) => (x.field < y.field ? -1 : x.field > y.field ? 1 : 0));
}
