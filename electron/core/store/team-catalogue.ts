// The team's product catalogue on this desktop (a team document: team-documents.ts): the one in
// force, as the server last sent it with this desktop's own edits on top, and the `useCatalogue`
// change that puts one in use.
import { parseCatalogue, defaultCatalogue, type ProductCatalogue } from '../../../shared/catalogue/product-catalogue';
import type { CatalogueRevision } from '../../../shared/cases/decide-mutation';
import type { TeamDocument } from '../../../shared/sync/protocol';
import type { CaseStore } from './case-store';
import { applyTeamDocument, documentOf, inForce, revisionOf, useDocument, type TeamDocumentKind } from './team-documents';
import { ROTA_DOCUMENT } from './team-rota';

export const CATALOGUE_DOCUMENT: TeamDocumentKind<ProductCatalogue> = {
  subject: 'catalogue',
  mutation: 'useCatalogue',
  member: 'catalogue',
  fallback: defaultCatalogue,
  parse: parseCatalogue,
  documentOf: (decision) => {
    if (decision.subject !== 'catalogue') throw new Error('not a catalogue');
    return decision.catalogue;
  },
};

export interface CatalogueInForce extends CatalogueRevision {
  catalogue: ProductCatalogue;
  /** An edit made here waits to be sent to the server. */
  pending: boolean;
}

/** The catalogue in force here: the last one put in use, else the one Casedesk ships with. */
export function catalogueOf(store: CaseStore): ProductCatalogue {
  return documentOf(store, CATALOGUE_DOCUMENT);
}

/** The catalogue's revision as this desktop has it (0: the shipped one). */
export function catalogueRevision(store: CaseStore): CatalogueRevision {
  return revisionOf(store, CATALOGUE_DOCUMENT);
}

export function catalogueInForce(store: CaseStore): CatalogueInForce {
  const { document, ...rest } = inForce(store, CATALOGUE_DOCUMENT);
  return { catalogue: document, ...rest };
}

/**
 * Put a catalogue in use on this desktop as `author`, on top of revision `base` (the one they
 * edited; by default the one in force): written and queued for the server in one transaction.
 */
export function useCatalogue(store: CaseStore, catalogue: ProductCatalogue, author: string, base?: number): CatalogueInForce {
  useDocument(store, CATALOGUE_DOCUMENT, catalogue, author, base);
  return catalogueInForce(store);
}

/** The team's documents from a pull (the caller holds the transaction): the catalogue and the rota. */
export function applyTeamDocuments(store: CaseStore, documents: readonly TeamDocument[]): void {
  for (const doc of documents) {
    if (doc.subject === 'catalogue') applyTeamDocument(store, CATALOGUE_DOCUMENT, doc);
    else if (doc.subject === 'rota') applyTeamDocument(store, ROTA_DOCUMENT, doc);
  }
}
