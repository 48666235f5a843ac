// Writing a new case into the central store — the one way, for a pushed createCase or importCase
// and for a bulk import alike: its row (the record without its events), its events, and the
// number it is given (the one it asks for, or the first free `N/k`).
import type { CaseRecord } from '../../shared/cases/case-format';
import type { MutationName } from '../../shared/cases/case-mutations';
import type { ServerDatabase } from './schema';
import type { Db } from './store-context';

/** Events per INSERT statement. */
const EVENT_SLICE = 500;

/** A case to write, as the change that creates it has it. */
export interface NewCase {
  /** The record, with its events (written to their own table). */
  record: CaseRecord;
  /** The number it asks for; renamed `…/k` when another case has it (see freeNumber). */
  number: string;
  origin: ServerDatabase['cases']['origin'];
  policy: { id: string; version: number };
  version: number;
  /** The mutation that creates it (its last change); its id names the events, `<id>.<index>`. */
  mutationId: string;
  mutationName: MutationName;
  /** When the row is written (created and updated). */
  at: number;
  /** When its events are recorded. */
  eventsAt: number;
}

/**
 * Write new cases, in order: each one's row, with the number it asks for or the first free `N/k`
 * (numbers given earlier in `cases` count as taken), and its events. The caller holds the version
 * lock and has checked that no case has these ids; the mutations are its to record.
 */
export async function createCaseRows(trx: Db, cases: readonly NewCase[]): Promise<void> {
  if (cases.length === 0) return;
  const wanted = cases.map((c) => c.number);
  const taken = new Set((await trx.selectFrom('cases').select('number').where('number', 'in', wanted).execute()).map((r) => r.number));
  const numbers = new Set<string>();
  const rows: ServerDatabase['cases'][] = [];
  const events: ServerDatabase['events'][] = [];
  for (const c of cases) {
    let number = c.number;
    if (taken.has(number) || numbers.has(number)) number = await freeNumber(trx, number, (n) => numbers.has(n));
    numbers.add(number);
    rows.push({
      id: c.record.id,
      number,
      origin: c.origin,
      policy_id: c.policy.id,
      policy_version: c.policy.version,
      record: JSON.stringify(withoutEvents(c.record)),
      version: c.version,
      last_change_id: c.mutationId,
      last_change_name: c.mutationName,
      created_at: c.at,
      updated_at: c.at,
    });
    (c.record.events ?? []).forEach((event, idx) =>
      events.push({ id: `${c.mutationId}.${idx}`, case_id: c.record.id, idx, document: JSON.stringify(event), recorded_at: c.eventsAt, mutation: null, version: c.version }),
    );
  }
  await trx.insertInto('cases').values(rows).execute();
  // In slices: one statement has a bounded number of parameters (SQLite 32,766, PostgreSQL
  // 65,535) and an imported case can bring thousands of events.
  for (let from = 0; from < events.length; from += EVENT_SLICE) await trx.insertInto('events').values(events.slice(from, from + EVENT_SLICE)).execute();
}

/**
 * The number a desktop gave a new case, or — when another desktop's case has it — the first free
 * `N/k`. `alsoTaken`: numbers given out but not yet written (earlier cases of the same write).
 */
async function freeNumber(trx: Db, wanted: string, alsoTaken: (number: string) => boolean): Promise<string> {
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
