// The desktops (clients) that sync with the central store: who each last pushed as, when it was
// seen, and the desk code it numbers its cases with (unique across the team).
import { randomInt } from 'node:crypto';
import { isUniqueViolation, type Db, type ServerUser, type StoreContext } from './store-context';

/** Record that a desktop is pushing as `user` (made on its first push; seen now). */
export async function noteClient(ctx: StoreContext, user: ServerUser, clientId: string): Promise<void> {
  const now = ctx.clock.now();
  const known = await ctx.db.selectFrom('clients').select('user_id').where('id', '=', clientId).executeTakeFirst();
  if (!known) {
    await ctx.db
      .insertInto('clients')
      .values({ id: clientId, user_id: user.id, first_seen: now, last_seen: now })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  } else {
    await ctx.db.updateTable('clients').set({ user_id: user.id, last_seen: now }).where('id', '=', clientId).execute();
  }
}

/** Record the pseudo-client a server import writes as, inside the import's transaction. */
export async function noteImportClient(trx: Db, clientId: string, user: ServerUser, now: number): Promise<void> {
  const known = await trx.selectFrom('clients').select('id').where('id', '=', clientId).executeTakeFirst();
  if (known) await trx.updateTable('clients').set({ user_id: user.id, last_seen: now }).where('id', '=', clientId).execute();
  else await trx.insertInto('clients').values({ id: clientId, user_id: user.id, first_seen: now, last_seen: now }).execute();
}

/**
 * The desk code a desktop numbers its cases with, unique across the team: the one it asks for
 * when no other desktop has it, else a new one (kept from then on). Case numbers it gave before
 * with a taken code are kept unless a case already has the very number (see freeNumber).
 */
export async function registerDesk(ctx: StoreContext, user: ServerUser, clientId: string, wanted: string): Promise<string> {
  await noteClient(ctx, user, clientId);
  // Two desktops asking for one code at once (two server processes): the unique index lets one
  // have it; the other looks again and gets another.
  for (let attempt = 1; ; attempt++) {
    try {
      return await ctx.db.transaction().execute(async (trx) => {
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

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Three Crockford base-32 characters, as desktops make their own (no 0/O or 1/I/L mix-ups). */
function randomDeskCode(): string {
  return Array.from({ length: 3 }, () => CROCKFORD[randomInt(32)]).join('');
}
