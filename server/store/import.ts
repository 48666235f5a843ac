// Bulk import into the central store: an existing tracker's export loaded all or nothing, each
// case recorded as a pushed `importCase` would be, by Casedesk's own import user.
import { v7 as uuidv7 } from 'uuid';
import type { CaseRecord, ParsedCases } from '../../shared/cases/case-format';
import { checkSeverities } from '../../shared/cases/case-severities';
import { MutationError } from '../../shared/cases/decide-mutation';
import { PolicyError } from '../../shared/policy/load-policy';
import type { Policy } from '../../shared/policy/policy-schema';
import { noteImportClient } from './clients';
import { createCaseRows, type NewCase } from './new-cases';
import { ServerStoreError } from './open-server-store';
import { recordPolicy } from './policies';
import type { ServerDatabase } from './schema';
import { bump, type StoreContext } from './store-context';
import { IMPORT_CLIENT_ID, importUser } from './users';

/** Cases a bulk import writes per batch (a few multi-row INSERTs: see createCaseRows). */
const IMPORT_BATCH = 250;

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
export async function importCases(
  ctx: StoreContext,
  parsed: ParsedCases,
  policy: Policy,
  options: { source?: string; onProgress?: (done: number, total: number) => void } = {},
): Promise<{ imported: number; firstVersion: number; lastVersion: number }> {
  const source = options.source ?? 'the import';
  const records = parsed.file.cases;
  checkSeverities(parsed.file, policy, source, '; nothing was imported');
  const total = records.length;
  if (total === 0) return { imported: 0, firstVersion: 0, lastVersion: 0 };
  return ctx.db.transaction().execute(async (trx) => {
    // The version row first: every version of the import is taken at once, in commit order.
    const lastVersion = await bump(trx, total);
    const firstVersion = lastVersion - total + 1;
    const now = ctx.clock.now();
    const user = await importUser(trx, now);
    await noteImportClient(trx, IMPORT_CLIENT_ID, user, now);
    const recorded = await recordPolicy(ctx, trx, policy).catch((err: unknown) => {
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
      const cases: NewCase[] = [];
      const mutations: ServerDatabase['mutations'][] = [];
      for (let i = 0; i < batch.length; i++) {
        const record = batch[i]!;
        const version = firstVersion + start + i;
        const mutationId = uuidv7();
        cases.push({
          record,
          number: fileNumber(record) ?? `IMP-${version}`,
          origin: 'import',
          policy: recorded,
          version,
          mutationId,
          mutationName: 'importCase',
          at: now,
          eventsAt: now,
        });
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
      await createCaseRows(trx, cases);
      await trx.insertInto('mutations').values(mutations).execute();
      options.onProgress?.(start + batch.length, total);
    }
    return { imported: total, firstVersion, lastVersion };
  });
}

/** The number an imported record brings (a `number` member, as another tracker's export may have), or null. */
function fileNumber(record: CaseRecord): string | null {
  const number = (record as { number?: unknown }).number;
  return typeof number === 'string' && number.trim() !== '' && number.length <= 40 ? number.trim() : null;
}
