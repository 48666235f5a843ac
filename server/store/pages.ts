// The steps of Severity-1 pages the central store has sent, each with the names it went to, so a
// desktop that connects later — asleep, offline, restarting — is given every page still waiting
// for its user's answer. Whether one still waits is read from its case (shared/oncall/case-pages.ts),
// so an acknowledgement made anywhere, through any server process, counts at once.
import { v7 as uuidv7 } from 'uuid';
import { casePageOf, pageWaitsFor } from '../../shared/oncall/case-pages';
import type { StoreContext } from './store-context';
import { snapshots } from './snapshots';

export interface SentPage {
  caseId: string;
  step: string;
  to: readonly string[];
  data: Record<string, unknown>;
}

/** Keep a step of a page that was sent. */
export async function recordPage(ctx: StoreContext, page: SentPage): Promise<void> {
  await ctx.db
    .insertInto('case_pages')
    .values({ id: uuidv7(), case_id: page.caseId, step: page.step, recipients: JSON.stringify(page.to), data: JSON.stringify(page.data), created_at: ctx.clock.now() })
    .execute();
}

/** The pages sent to `name` since an instant that still wait for an answer, oldest first (one per case: its latest step). */
export async function pagesWaitingFor(ctx: StoreContext, name: string, since: number): Promise<Record<string, unknown>[]> {
  const rows = await ctx.db.selectFrom('case_pages').select(['case_id', 'recipients', 'data']).where('created_at', '>=', since).orderBy('created_at').orderBy('id').execute();
  const mine = new Map<string, Record<string, unknown>>();
  for (const r of rows) if ((JSON.parse(r.recipients) as string[]).includes(name)) mine.set(r.case_id, JSON.parse(r.data) as Record<string, unknown>);
  if (mine.size === 0) return [];
  const cases = await snapshots(ctx.db, [...mine.keys()]);
  const waiting = new Set(cases.filter((c) => pageWaitsFor(casePageOf(c.record), name)).map((c) => c.record.id));
  return [...mine].filter(([caseId]) => waiting.has(caseId)).map(([, data]) => data);
}

/** The cases paged since an instant (for an escalator starting up: which pages may still wait). */
export async function casesPagedSince(ctx: StoreContext, since: number): Promise<string[]> {
  const rows = await ctx.db.selectFrom('case_pages').select('case_id').distinct().where('created_at', '>=', since).execute();
  return rows.map((r) => r.case_id);
}
