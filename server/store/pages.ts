// Pages (Severity-1 alerts) the central store keeps after sending them, so desktops that connect
// within the next minutes still see them.
import { v7 as uuidv7 } from 'uuid';
import type { Role } from './schema';
import type { StoreContext } from './store-context';

/** Keep a page that was sent, for desktops that connect within the next minutes. */
export async function recordPage(ctx: StoreContext, roles: readonly Role[], data: Record<string, unknown>): Promise<void> {
  await ctx.db.insertInto('pages').values({ id: uuidv7(), roles: JSON.stringify(roles), data: JSON.stringify(data), created_at: ctx.clock.now() }).execute();
}

/** The pages for a role sent since an instant, oldest first. */
export async function pagesSince(ctx: StoreContext, role: Role, since: number): Promise<Record<string, unknown>[]> {
  const rows = await ctx.db.selectFrom('pages').select(['roles', 'data']).where('created_at', '>=', since).orderBy('created_at').orderBy('id').execute();
  return rows.filter((r) => (JSON.parse(r.roles) as Role[]).includes(role)).map((r) => JSON.parse(r.data) as Record<string, unknown>);
}
