// The central store's users and their tokens: adding, new tokens, revoking, looking a token up.
// Only a token's hash is kept. Casedesk's own users (the online form's, the server import's)
// are made here too; nobody signs in as one of them.
import { createHash, randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { ServerStoreError } from './open-server-store';
import { ROLES, type Role } from './schema';
import type { Db, ServerUser, StoreContext } from './store-context';

/** The hash a token is kept (and looked up) by. */
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

function newTokenText(): string {
  return `cdt_${randomBytes(32).toString('base64url')}`;
}

/**
 * Add a user; returns the user and their token (shown once: only its hash is kept). Casedesk's
 * own users (the form's) are made with `system`, and only so.
 */
export async function addUser(ctx: StoreContext, name: string, role: string, options: { system?: boolean } = {}): Promise<{ user: ServerUser; token: string }> {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 200) throw new ServerStoreError('a user needs a name (at most 200 characters)');
  if (SYSTEM_USERS.includes(trimmed) && !options.system) throw new ServerStoreError(`"${trimmed}" is the name of Casedesk's own user; choose another`);
  if (!(ROLES as readonly string[]).includes(role)) throw new ServerStoreError(`role must be one of ${ROLES.join(', ')} (not "${role}")`);
  const existing = await ctx.db.selectFrom('users').select('id').where('name', '=', trimmed).executeTakeFirst();
  if (existing) throw new ServerStoreError(`there is already a user named "${trimmed}"`);
  const token = newTokenText();
  const user: ServerUser = { id: uuidv7(), name: trimmed, role: role as Role };
  await ctx.db
    .insertInto('users')
    .values({ id: user.id, name: user.name, role: user.role, token_hash: hashToken(token), created_at: ctx.clock.now() })
    .execute();
  return { user, token };
}

/** Give a user a new token; the old one stops working at once (lost or leaked; a revoked user is let in again). */
export async function newToken(db: Db, name: string): Promise<{ user: ServerUser; token: string }> {
  const user = await userNamed(db, name);
  const token = newTokenText();
  await db.updateTable('users').set({ token_hash: hashToken(token) }).where('id', '=', user.id).execute();
  return { user, token };
}

/**
 * Take a user's access away (someone who left the team, a lost laptop): their token stops
 * working at once, open live streams included (see LiveChannel); the user stays, as the author
 * of what they did. A new token (newToken) lets them in again.
 */
export async function revokeUser(db: Db, name: string): Promise<ServerUser> {
  const user = await userNamed(db, name);
  await db.updateTable('users').set({ token_hash: `${REVOKED}${user.id}` }).where('id', '=', user.id).execute();
  return user;
}

/** A person's user by name (not one of Casedesk's own: nobody gets a token for those). */
async function userNamed(db: Db, name: string): Promise<ServerUser> {
  const user = await db.selectFrom('users').select(['id', 'name', 'role']).where('name', '=', name.trim()).executeTakeFirst();
  if (!user) throw new ServerStoreError(`there is no user named "${name.trim()}"`);
  if (SYSTEM_USERS.includes(user.name)) throw new ServerStoreError(`"${user.name}" is Casedesk's own user (what it records is its doing); nobody signs in as it`);
  return user;
}

/** Every user, with whether their access was revoked and whether it is one of Casedesk's own. */
export async function listUsers(db: Db): Promise<(ServerUser & { revoked: boolean; system: boolean })[]> {
  const rows = await db.selectFrom('users').select(['id', 'name', 'role', 'token_hash']).orderBy('name').execute();
  return rows.map(({ token_hash, ...user }) => ({ ...user, revoked: token_hash.startsWith(REVOKED), system: SYSTEM_USERS.includes(user.name) }));
}

/** The user a token belongs to (null: none, or revoked). */
export async function userByToken(db: Db, token: string): Promise<ServerUser | null> {
  const row = await db.selectFrom('users').select(['id', 'name', 'role']).where('token_hash', '=', hashToken(token)).executeTakeFirst();
  return row ?? null;
}

/** The users with a role, by name. */
export async function usersWithRole(db: Db, role: Role): Promise<ServerUser[]> {
  return db.selectFrom('users').select(['id', 'name', 'role']).where('role', '=', role).orderBy('name').execute();
}

/** The admin user server imports are recorded as: found by its name, made (with a token nobody sees) when missing. */
export async function importUser(trx: Db, now: number): Promise<ServerUser> {
  const found = await trx.selectFrom('users').select(['id', 'name', 'role']).where('name', '=', IMPORT_USER_NAME).executeTakeFirst();
  if (found) {
    if (found.role !== 'admin') throw new ServerStoreError(`the user "${IMPORT_USER_NAME}" (who server imports are recorded as) has the role ${found.role}, not admin; rename that user first`);
    return found;
  }
  const user: ServerUser = { id: uuidv7(), name: IMPORT_USER_NAME, role: 'admin' };
  await trx
    .insertInto('users')
    .values({ ...user, token_hash: hashToken(newTokenText()), created_at: now })
    .execute();
  return user;
}
