// What the team shares beside its cases, in the central store: the product catalogue and the
// on-call rota. One row per subject (`team_documents`), written by the push of a `useCatalogue` or
// `useRota` change — judged by the shared rules against the row's revision — and sent by a pull to
// every desktop once it changed since the version it pulled from.
import { defaultCatalogue, parseCatalogue, type ProductCatalogue } from '../../shared/catalogue/product-catalogue';
import type { CatalogueRevision } from '../../shared/cases/decide-mutation';
import { emptyRota, parseRota, type Rota } from '../../shared/oncall/rota';
import type { TeamSubject } from '../../shared/cases/change-rules';
import type { TeamDocument } from '../../shared/sync/protocol';
import type { Db } from './store-context';

/** A team document's revision as the server has it (0: none put in use). */
export async function teamRevision(db: Db, subject: TeamSubject): Promise<CatalogueRevision> {
  const row = await db.selectFrom('team_documents').select(['revision', 'updated_by', 'updated_at']).where('subject', '=', subject).executeTakeFirst();
  return row ? { revision: Number(row.revision), by: row.updated_by, at: row.updated_at === null ? null : Number(row.updated_at) } : { revision: 0, by: null, at: null };
}

async function writeTeamDocument(db: Db, subject: TeamSubject, document: unknown, revision: CatalogueRevision, version: number): Promise<void> {
  const values = { document: JSON.stringify(document), revision: revision.revision, updated_by: revision.by, updated_at: revision.at, version };
  await db
    .insertInto('team_documents')
    .values({ subject, ...values })
    .onConflict((oc) => oc.column('subject').doUpdateSet(values))
    .execute();
}

/** A team document as stored (JSON), or undefined when none was put in use. */
async function storedDocument(db: Db, subject: TeamSubject): Promise<unknown> {
  const row = await db.selectFrom('team_documents').select('document').where('subject', '=', subject).executeTakeFirst();
  return row ? (JSON.parse(row.document) as unknown) : undefined;
}

/**
 * Stamp a team document with `version` without changing it, so every desktop that shows a refused
 * edit of it takes the edit back on its next pull (`fallback` recorded when none was put in use).
 */
async function restampTeamDocument(db: Db, subject: TeamSubject, fallback: unknown, version: number): Promise<void> {
  const updated = await db.updateTable('team_documents').set({ version }).where('subject', '=', subject).executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) await writeTeamDocument(db, subject, fallback, { revision: 0, by: null, at: null }, version);
}

/** The rota in force on the server (none put in use: the empty one, nobody on call). */
export async function serverRota(db: Db): Promise<Rota> {
  const document = await storedDocument(db, 'rota');
  return document === undefined ? emptyRota() : parseRota(document, 'the rota on the server');
}

/** Put a rota in use at `revision`, stamped with `version` (the caller holds the version lock). */
export function writeServerRota(db: Db, rota: Rota, revision: CatalogueRevision, version: number): Promise<void> {
  return writeTeamDocument(db, 'rota', rota, revision, version);
}

/** Stamp the rota with `version` unchanged (restampTeamDocument; the empty one recorded when none was). */
export function restampRota(db: Db, version: number): Promise<void> {
  return restampTeamDocument(db, 'rota', emptyRota(), version);
}

/** The catalogue in force on the server. */
export async function serverCatalogue(db: Db): Promise<ProductCatalogue> {
  const document = await storedDocument(db, 'catalogue');
  return document === undefined ? defaultCatalogue() : parseCatalogue(document, 'the catalogue on the server');
}

/** Put a catalogue in use at `revision`, stamped with `version` (the caller holds the version lock). */
export function writeServerCatalogue(db: Db, catalogue: ProductCatalogue, revision: CatalogueRevision, version: number): Promise<void> {
  return writeTeamDocument(db, 'catalogue', catalogue, revision, version);
}

/** Stamp the catalogue with `version` unchanged (restampTeamDocument; the shipped one recorded when none was put in use). */
export function restampCatalogue(db: Db, version: number): Promise<void> {
  return restampTeamDocument(db, 'catalogue', defaultCatalogue(), version);
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
