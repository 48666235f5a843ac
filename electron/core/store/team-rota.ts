// The team's on-call rota on this desktop (a team document: team-documents.ts): the one in force,
// as the server last sent it with this desktop's own edits on top, and the `useRota` change that
// puts one in use (a manager's or an admin's).
import type { CatalogueRevision } from '../../../shared/cases/decide-mutation';
import { emptyRota, parseRota, type Rota } from '../../../shared/oncall/rota';
import type { CaseStore } from './case-store';
import { documentOf, inForce, useDocument, type TeamDocumentKind } from './team-documents';

export const ROTA_DOCUMENT: TeamDocumentKind<Rota> = {
  subject: 'rota',
  mutation: 'useRota',
  member: 'rota',
  fallback: emptyRota,
  parse: parseRota,
  documentOf: (decision) => {
    if (decision.subject !== 'rota') throw new Error('not a rota');
    return decision.rota;
  },
};

export interface RotaInForce extends CatalogueRevision {
  rota: Rota;
  pending: boolean;
}

/** The rota in force here (none put in use: the empty one). */
export function rotaOf(store: CaseStore): Rota {
  return documentOf(store, ROTA_DOCUMENT);
}

export function rotaInForce(store: CaseStore): RotaInForce {
  const { document, ...rest } = inForce(store, ROTA_DOCUMENT);
  return { rota: document, ...rest };
}

/** Put a rota in use as `author` on top of revision `base`: written and queued in one transaction. */
export function useRota(store: CaseStore, rota: Rota, author: string, base?: number): RotaInForce {
  useDocument(store, ROTA_DOCUMENT, rota, author, base);
  return rotaInForce(store);
}
