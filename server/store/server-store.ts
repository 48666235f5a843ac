// The central store: one typed interface over Kysely, the same code on SQLite and PostgreSQL.
// This class is its face: it owns the database, the clock and the caches, and hands each call to
// the module that owns it — users.ts and clients.ts (users, tokens, desktops), push.ts (applying
// pushed mutations once each), snapshots.ts (snapshots, pull, export), import.ts (bulk import),
// policies.ts, pages.ts and field-history.ts.
//
// Ordering: every change takes the row lock on `sync_state` first (UPDATE … version + 1) and holds
// it to commit, so versions are handed out in commit order, even with several server processes
// on one PostgreSQL database. A pull that has seen version N has seen everything before it.
import { noteSchedulerMark, schedulerMark } from './scheduler-marks';
import type { Kysely } from 'kysely';
import type { CaseRecord, ParsedCases } from '../../shared/cases/case-format';
import type { Policy } from '../../shared/policy/policy-schema';
import type { CaseSnapshot, PullResponse, PushItem, PushResult } from '../../shared/sync/protocol';
import { registerDesk } from './clients';
import { fieldHistory } from './field-history';
import { importCases } from './import';
import { openServerDatabase, type Dialect, type StoreLocation } from './open-server-store';
import { casesPagedSince, pagesWaitingFor, recordPage, type SentPage } from './pages';
import { newPolicyCaches, policyInForce, usePolicy } from './policies';
import { mutationsOf, push } from './push';
import type { Role, ServerDatabase } from './schema';
import { exportCases, pull, snapshots } from './snapshots';
import { headVersion, storedServerId, type Db, type ServerClock, type ServerUser, type StoreContext } from './store-context';
import { addUser, listUsers, newToken, revokeUser, userByToken, usersWithRole } from './users';

export { isTransient, type ServerClock, type ServerUser } from './store-context';
export { hashToken, IMPORT_CLIENT_ID, IMPORT_USER_NAME, INTAKE_USER_NAME } from './users';

export class ServerStore {
  /** What the modules work with: the database, the clock, the log, the policy caches. */
  private readonly ctx: StoreContext;
  private id: string | undefined;

  private constructor(
    readonly db: Kysely<ServerDatabase>,
    readonly dialect: Dialect,
    readonly where: string,
    readonly clock: ServerClock,
    log?: (line: string) => void,
  ) {
    this.ctx = { db, dialect, clock, log, policies: newPolicyCaches() };
  }

  static async open(location: StoreLocation, clock: ServerClock = { now: () => Date.now() }): Promise<ServerStore> {
    const { db, dialect, where } = await openServerDatabase(location);
    return new ServerStore(db, dialect, where, clock, location.log);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }

  // ---- Users (users.ts) -------------------------------------------------------------------------------

  /**
   * Add a user; returns the user and their token (shown once: only its hash is kept). Casedesk's
   * own users (the form's) are made with `system`, and only so.
   */
  addUser(name: string, role: string, options: { system?: boolean } = {}): Promise<{ user: ServerUser; token: string }> {
    return addUser(this.ctx, name, role, options);
  }

  /** Give a user a new token; the old one stops working at once (lost or leaked; a revoked user is let in again). */
  newToken(name: string): Promise<{ user: ServerUser; token: string }> {
    return newToken(this.db, name);
  }

  /** Take a user's access away: their token stops working at once; the user stays, as the author of what they did. */
  revokeUser(name: string): Promise<ServerUser> {
    return revokeUser(this.db, name);
  }

  /** Every user, with whether their access was revoked and whether it is one of Casedesk's own. */
  users(): Promise<(ServerUser & { revoked: boolean; system: boolean })[]> {
    return listUsers(this.db);
  }

  userByToken(token: string): Promise<ServerUser | null> {
    return userByToken(this.db, token);
  }

  usersWithRole(role: Role): Promise<ServerUser[]> {
    return usersWithRole(this.db, role);
  }

  // ---- Push (push.ts, clients.ts) -------------------------------------------------------------------

  /** Apply pushed mutations in order, each in its own transaction, each once, each as `user`'s. */
  push(user: ServerUser, clientId: string, items: readonly PushItem[]): Promise<PushResult[]> {
    return push(this.ctx, user, clientId, items);
  }

  /** The desk code a desktop numbers its cases with, unique across the team (see clients.ts). */
  registerDesk(user: ServerUser, clientId: string, wanted: string): Promise<string> {
    return registerDesk(this.ctx, user, clientId, wanted);
  }

  /** This store's identity (made with its database; a desktop remembers the one it syncs with). */
  async serverId(): Promise<string> {
    this.id ??= await storedServerId(this.db);
    return this.id;
  }

  /** The version the last change was stamped with. */
  head(): Promise<number> {
    return headVersion(this.db);
  }

  /** How far the scheduler `name` has done its work (scheduler-marks.ts); null before its first. */
  schedulerMark(name: string): Promise<number | null> {
    return schedulerMark(this.db, name);
  }

  /** Note that the scheduler `name` has done its work up to `upTo` (a mark only moves forward). */
  noteSchedulerMark(name: string, upTo: number): Promise<void> {
    return noteSchedulerMark(this.db, name, upTo);
  }

  // ---- Policies (policies.ts) ---------------------------------------------------------------------

  /** The policy cases opened on the server itself are logged under: the one put in force, else the default. */
  policyInForce(): Promise<Policy> {
    return policyInForce(this.ctx);
  }

  /** Put a policy in force for the cases the server opens (recorded; the same id and version must mean the same rules). */
  usePolicy(policy: Policy): Promise<void> {
    return usePolicy(this.ctx, policy);
  }

  // ---- Pages (pages.ts) -----------------------------------------------------------------------------

  /** Keep a step of a page that was sent, with the names it went to. */
  recordPage(page: SentPage): Promise<void> {
    return recordPage(this.ctx, page);
  }

  /** The pages sent to `name` since an instant that still wait for an answer, oldest first. */
  pagesWaitingFor(name: string, since: number): Promise<Record<string, unknown>[]> {
    return pagesWaitingFor(this.ctx, name, since);
  }

  /** The cases paged since an instant. */
  casesPagedSince(since: number): Promise<string[]> {
    return casesPagedSince(this.ctx, since);
  }

  // ---- Bulk import (import.ts) ----------------------------------------------------------------------

  /** Load an existing tracker's export into the central store, all or nothing, under `policy` (see import.ts). */
  importCases(
    parsed: ParsedCases,
    policy: Policy,
    options: { source?: string; onProgress?: (done: number, total: number) => void } = {},
  ): Promise<{ imported: number; firstVersion: number; lastVersion: number }> {
    return importCases(this.ctx, parsed, policy, options);
  }

  // ---- Pull and reading cases (snapshots.ts, field-history.ts) ----------------------------------------

  /** Every case changed since `since`, oldest change first, `limit` at most, in one consistent read. */
  pull(since: number, limit: number): Promise<PullResponse> {
    return pull(this.ctx, since, limit);
  }

  /** Whole snapshots of the cases with these ids (those that exist), in the order of `ids`. */
  snapshots(db: Db, ids: readonly string[]): Promise<CaseSnapshot[]> {
    return snapshots(db, ids);
  }

  /** The events that name a file (attached or taken off), by case: what the file sweep reads. */
  attachmentEvents(): Promise<{ case_id: string; document: string }[]> {
    return this.db.selectFrom('events').select(['case_id', 'document']).where('document', 'like', '%"type":"attachment%').execute();
  }

  /** Every case, as the case format has it (for comparing with a desktop's export). */
  exportCases(): Promise<CaseRecord[]> {
    return exportCases(this.db);
  }

  fieldHistory(caseId: string): Promise<ServerDatabase['field_changes'][]> {
    return fieldHistory(this.db, caseId);
  }

  mutationsOf(clientId: string): Promise<{ id: string; status: string; error: string | null }[]> {
    return mutationsOf(this.db, clientId);
  }
}
