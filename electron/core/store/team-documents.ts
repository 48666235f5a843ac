// What the team shares beside its cases, on this desktop: the product catalogue and the on-call
// rota. Each is kept in meta as the server last sent it, with this desktop's own edits on top: its
// document, its revision, who put it in use and when. An edit is a named change (`useCatalogue`,
// `useRota`) — judged by the shared rules, written and queued in the outbox in one transaction,
// pushed like any change —, and a document pulled from the server replaces this one with the
// edits still waiting replayed on top.
import { decideMutation, MutationError, parseMutation, type CatalogueRevision, type Decision } from '../../../shared/cases/decide-mutation';
import type { MutationName } from '../../../shared/cases/case-mutations';
import type { TeamDocument } from '../../../shared/sync/protocol';
import { actorNamed } from './apply-mutation';
import { connectionOf, statementOf, type CaseStore } from './case-store';
import { newId } from './ids';

/** One kind of team document: where it is kept, the change that puts it in use, how it is read. */
export interface TeamDocumentKind<T> {
  subject: 'catalogue' | 'rota';
  mutation: Extract<MutationName, 'useCatalogue' | 'useRota'>;
  /** The member of the change's arguments that carries the document. */
  member: 'catalogue' | 'rota';
  /** What is in force before any was put in use. */
  fallback(): T;
  parse(data: unknown, source: string): T;
  /** The document a decision of this kind writes. */
  documentOf(decision: Extract<Decision, { kind: 'team' }>): T;
}

export interface InForce<T> extends CatalogueRevision {
  document: T;
  /** An edit made here waits to be sent to the server. */
  pending: boolean;
}

const parsed = new WeakMap<CaseStore, Map<string, { text: string; document: unknown }>>();

/** The document in force here: the last one put in use, else the fallback. */
export function documentOf<T>(store: CaseStore, kind: TeamDocumentKind<T>): T {
  const text = store.meta(kind.subject);
  if (text === undefined) return kind.fallback();
  let known = parsed.get(store);
  if (!known) parsed.set(store, (known = new Map()));
  const hit = known.get(kind.subject);
  if (hit?.text === text) return hit.document as T;
  const document = kind.parse(JSON.parse(text), `the ${kind.subject} in this database`);
  known.set(kind.subject, { text, document });
  return document;
}

/** The document's revision as this desktop has it (0: none put in use). */
export function revisionOf(store: CaseStore, kind: TeamDocumentKind<unknown>): CatalogueRevision {
  // An unknown author or instant (the fallback, as the server restamps it) is kept as ''.
  const at = store.meta(`${kind.subject}_at`);
  return { revision: Number(store.meta(`${kind.subject}_revision`) ?? 0), by: store.meta(`${kind.subject}_by`) || null, at: at ? Number(at) : null };
}

export function inForce<T>(store: CaseStore, kind: TeamDocumentKind<T>): InForce<T> {
  return { document: documentOf(store, kind), ...revisionOf(store, kind), pending: pendingEdits(store, kind).length > 0 };
}

function write(store: CaseStore, kind: TeamDocumentKind<unknown>, document: unknown, revision: CatalogueRevision): void {
  store.setMeta(kind.subject, JSON.stringify(document));
  store.setMeta(`${kind.subject}_revision`, String(revision.revision));
  store.setMeta(`${kind.subject}_by`, revision.by ?? '');
  store.setMeta(`${kind.subject}_at`, revision.at === null ? '' : String(revision.at));
}

function pendingEdits(store: CaseStore, kind: TeamDocumentKind<unknown>): { mutation_id: string; args: string; created_at: number }[] {
  return statementOf(store, `SELECT mutation_id, args, created_at FROM outbox WHERE name = ? AND state = 'pending' ORDER BY seq`).all(kind.mutation) as {
    mutation_id: string;
    args: string;
    created_at: number;
  }[];
}

/** Judge and write one edit (the caller holds the transaction); MutationError when refused. */
function decideAndWrite(store: CaseStore, kind: TeamDocumentKind<unknown>, args: unknown, now: number): CatalogueRevision {
  const mutation = parseMutation(kind.mutation, args);
  const author = mutation.name === 'useCatalogue' || mutation.name === 'useRota' ? mutation.args.author : '';
  const decision = decideMutation(mutation, null, {
    now,
    currentPolicy: store.currentPolicy,
    actor: actorNamed(store, author),
    [kind.subject]: revisionOf(store, kind),
  });
  if (decision.kind !== 'team') throw new Error(`${kind.mutation} decided as a change of a case`);
  const revision = { revision: decision.revision, by: author, at: now };
  write(store, kind, kind.documentOf(decision), revision);
  return revision;
}

/**
 * Put a document in use on this desktop as `author`, on top of revision `base` (the one they
 * edited; by default the one in force): written and queued for the server in one transaction.
 */
export function useDocument<T>(store: CaseStore, kind: TeamDocumentKind<T>, document: T, author: string, base?: number): InForce<T> {
  connectionOf(store)
    .transaction(() => {
      const args = { author, [kind.member]: document, base: base ?? revisionOf(store, kind).revision };
      decideAndWrite(store, kind, args, store.clock.now());
      store.enqueue(kind.mutation, null, args, newId());
    })
    .immediate();
  return inForce(store, kind);
}

/**
 * A team document from a pull (the caller holds the transaction): as the server has it, then this
 * desktop's edits not yet sent replayed on top — one the rules now refuse (made on a revision
 * older than the server's) is left for the server to refuse and is not shown.
 */
export function applyTeamDocument(store: CaseStore, kind: TeamDocumentKind<unknown>, doc: TeamDocument): void {
  write(store, kind, kind.parse(doc.document, `the ${kind.subject} from the server`), { revision: doc.revision, by: doc.by, at: doc.at });
  for (const edit of pendingEdits(store, kind)) {
    try {
      decideAndWrite(store, kind, JSON.parse(edit.args), Math.min(edit.created_at, store.clock.now()));
    } catch (err) {
      if (!(err instanceof MutationError)) throw err;
    }
  }
}
