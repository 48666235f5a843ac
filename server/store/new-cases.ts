// Writing a new case into the central store: the number it is given (the one it asks for, or the
// first free `N/k`) and the record as the cases table keeps it.
import type { CaseRecord } from '../../shared/cases/case-format';
import type { Db } from './store-context';

/**
 * The number a desktop gave a new case, or — when another desktop's case has it — the first free
 * `N/k`. `alsoTaken`: numbers given out but not yet written (a bulk import's batch).
 */
export async function freeNumber(trx: Db, wanted: string, alsoTaken: (number: string) => boolean = () => false): Promise<string> {
  for (let k = 1; ; k++) {
    const candidate = k === 1 ? wanted : `${wanted}/${k}`;
    if (alsoTaken(candidate)) continue;
    const taken = await trx.selectFrom('cases').select('id').where('number', '=', candidate).executeTakeFirst();
    if (!taken) return candidate;
  }
}

/** A record as the cases table keeps it: events live in their own table (the member's presence is kept). */
export function withoutEvents(record: CaseRecord): CaseRecord {
  const { events, ...rest } = record;
  return events === undefined ? (rest as CaseRecord) : ({ ...rest, events: [] } as CaseRecord);
}
