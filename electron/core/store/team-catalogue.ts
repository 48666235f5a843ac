// The team's product catalogue on this desktop: the one in force (kept in meta, as the server last
// sent it with this desktop's own edits on top), its revision, who put it in use and when. An
// admin's edit is the named change `useCatalogue` — judged by the shared rules, written and
// queued in the outbox in one transaction, pushed like any change —, and a catalogue pulled from
// the server replaces this one with the edits still waiting replayed on top.
import { parseCatalogue, defaultCatalogue, type ProductCatalogue } from '../../../shared/catalogue/product-catalogue';
import { decideMutation, MutationError, parseMutation, type CatalogueRevision } from '../../../shared/cases/decide-mutation';
import type { TeamDocument } from '../../../shared/sync/protocol';
import { actorNamed } from './apply-mutation';
import { connectionOf, statementOf, type CaseStore } from './case-store';
import { newId } from './ids';

const DOCUMENT_KEY = 'catalogue';
const REVISION_KEY = 'catalogue_revision';
const BY_KEY = 'catalogue_by';
const AT_KEY = 'catalogue_at';

export interface CatalogueInForce extends CatalogueRevision {
  catalogue: ProductCatalogue;
  /** An edit made here waits to be sent to the server. */
  pending: boolean;
}

const parsed = new WeakMap<CaseStore, { text: string; catalogue: ProductCatalogue }>();

/** The catalogue in force here: the last one put in use, else the one Casedesk ships with. */
export function catalogueOf(store: CaseStore): ProductCatalogue {
  const text = store.meta(DOCUMENT_KEY);
  if (text === undefined) return defaultCatalogue();
  const known = parsed.get(store);
  if (known?.text === text) return known.catalogue;
  const catalogue = parseCatalogue(JSON.parse(text), 'the catalogue in this database');
  parsed.set(store, { text, catalogue });
  return catalogue;
}

/** The catalogue's revision as this desktop has it (0: the shipped one). */
export function catalogueRevision(store: CaseStore): CatalogueRevision {
  // An unknown author or instant (the shipped catalogue, as the server restamps it) is kept as ''.
  const at = store.meta(AT_KEY);
  return { revision: Number(store.meta(REVISION_KEY) ?? 0), by: store.meta(BY_KEY) || null, at: at ? Number(at) : null };
}

export function catalogueInForce(store: CaseStore): CatalogueInForce {
  return { catalogue: catalogueOf(store), ...catalogueRevision(store), pending: pendingEdits(store).length > 0 };
}

function writeCatalogue(store: CaseStore, catalogue: ProductCatalogue, revision: CatalogueRevision): void {
  store.setMeta(DOCUMENT_KEY, JSON.stringify(catalogue));
  store.setMeta(REVISION_KEY, String(revision.revision));
  store.setMeta(BY_KEY, revision.by ?? '');
  store.setMeta(AT_KEY, revision.at === null ? '' : String(revision.at));
}

function pendingEdits(store: CaseStore): { mutation_id: string; args: string; created_at: number }[] {
  return statementOf(store, `SELECT mutation_id, args, created_at FROM outbox WHERE name = 'useCatalogue' AND state = 'pending' ORDER BY seq`).all() as {
    mutation_id: string;
    args: string;
    created_at: number;
  }[];
}

/** Judge and write one catalogue edit (the caller holds the transaction); MutationError when refused. */
function decideAndWrite(store: CaseStore, args: unknown, now: number): CatalogueRevision {
  const mutation = parseMutation('useCatalogue', args);
  const author = mutation.name === 'useCatalogue' ? mutation.args.author : '';
  const decision = decideMutation(mutation, null, { now, currentPolicy: store.currentPolicy, actor: actorNamed(store, author), catalogue: catalogueRevision(store) });
  if (decision.kind !== 'team') throw new Error('useCatalogue decided as a change of a case');
  const revision = { revision: decision.revision, by: author, at: now };
  writeCatalogue(store, decision.catalogue, revision);
  return revision;
}

/**
 * Put a catalogue in use on this desktop as `author`, on top of revision `base` (the one they
 * edited; by default the one in force): written and queued for the server in one transaction.
 */
export function useCatalogue(store: CaseStore, catalogue: ProductCatalogue, author: string, base?: number): CatalogueInForce {
  connectionOf(store)
    .transaction(() => {
      const args = { author, catalogue, base: base ?? catalogueRevision(store).revision };
      decideAndWrite(store, args, store.clock.now());
      store.enqueue('useCatalogue', null, args, newId());
    })
    .immediate();
  return catalogueInForce(store);
}

/**
 * The team's documents from a pull (the caller holds the transaction): the catalogue as the server
 * has it, then this desktop's edits not yet sent replayed on top — one the rules now refuse (made on
 * a revision older than the server's) is left for the server to refuse and is not shown.
 */
export function applyTeamDocuments(store: CaseStore, documents: readonly TeamDocument[]): void {
  for (const doc of documents) {
    if (doc.subject !== 'catalogue') continue;
    writeCatalogue(store, parseCatalogue(doc.document, 'the catalogue from the server'), { revision: doc.revision, by: doc.by, at: doc.at });
    for (const edit of pendingEdits(store)) {
      try {
        decideAndWrite(store, JSON.parse(edit.args), Math.min(edit.created_at, store.clock.now()));
      } catch (err) {
        if (!(err instanceof MutationError)) throw err;
      }
    }
  }
}
