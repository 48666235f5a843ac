// What the team shares beside its cases, in the central store: today the product catalogue. One
// row per subject (`team_documents`), written by the push of a `useCatalogue` change — judged by
// the shared rules against the row's revision — and sent by a pull to every desktop once it
// changed since the version it pulled from.
import { defaultCatalogue, parseCatalogue, type ProductCatalogue } from '../../shared/catalogue/product-catalogue';
import type { CatalogueRevision } from '../../shared/cases/decide-mutation';
import type { TeamDocument } from '../../shared/sync/protocol';
import type { Db } from './store-context';

/** The catalogue's revision as the server has it (0: none put in use, the shipped one). */
export async function serverCatalogueRevision(db: Db): Promise<CatalogueRevision> {
  const row = await db.selectFrom('team_documents').select(['revision', 'updated_by', 'updated_at']).where('subject', '=', 'catalogue').executeTakeFirst();
  return row ? { revision: Number(row.revision), by: row.updated_by, at: row.updated_at === null ? null : Number(row.updated_at) } : { revision: 0, by: null, at: null };
}

/** The catalogue in force on the server. */
export async function serverCatalogue(db: Db): Promise<ProductCatalogue> {
  const row = await db.selectFrom('team_documents').select('document').where('subject', '=', 'catalogue').executeTakeFirst();
  return row ? parseCatalogue(JSON.parse(row.document), 'the catalogue on the server') : defaultCatalogue();
}

/** Put a catalogue in use at `revision`, stamped with `version` (the caller holds the version lock). */
export async function writeServerCatalogue(db: Db, catalogue: ProductCatalogue, revision: CatalogueRevision, version: number): Promise<void> {
  const values = { document: JSON.stringify(catalogue), revision: revision.revision, updated_by: revision.by, updated_at: revision.at, version };
  await db
    .insertInto('team_documents')
    .values({ subject: 'catalogue', ...values })
    .onConflict((oc) => oc.column('subject').doUpdateSet(values))
    .execute();
}

/**
 * Stamp the catalogue with `version` without changing it, so every desktop that shows a refused
 * edit of it takes the edit back on its next pull (the shipped one recorded when none was put in use).
 */
export async function restampCatalogue(db: Db, version: number): Promise<void> {
  const updated = await db.updateTable('team_documents').set({ version }).where('subject', '=', 'catalogue').executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) await writeServerCatalogue(db, defaultCatalogue(), { revision: 0, by: null, at: null }, version);
}

/** The team's documents stamped after `since` and up to `upTo`, for a pull. */
export async function teamDocumentsSince(db: Db, since: number, upTo: number): Promise<TeamDocument[]> {
  const rows = await db.selectFrom('team_documents').selectAll().where('version', '>', since).where('version', '<=', upTo).execute();
  return rows.map((r) => ({
    subject: r.subject as TeamDocument['subject'],
    document: JSON.parse(r.document) as unknown,
    revision: Number(r.revision),
    by: r.updated_by,
    at: r.updated_at === null ? null : Number(r.updated_at),
    version: Number(r.version),
  }));
}
