// How far a scheduler of the server has done its work: an instant per scheduler name, which only
// moves forward (several server processes may each note it).
import type { Db } from './store-context';

export async function schedulerMark(db: Db, name: string): Promise<number | null> {
  const row = await db.selectFrom('scheduler_marks').select('done_up_to').where('name', '=', name).executeTakeFirst();
  return row ? Number(row.done_up_to) : null;
}

export async function noteSchedulerMark(db: Db, name: string, upTo: number): Promise<void> {
  await db
    .insertInto('scheduler_marks')
    .values({ name, done_up_to: upTo })
    .onConflict((c) => c.column('name').doUpdateSet({ done_up_to: upTo }).where('scheduler_marks.done_up_to', '<', upTo))
    .execute();
}
