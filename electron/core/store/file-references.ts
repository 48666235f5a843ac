// Which cases still refer to a file's bytes (by the content's SHA-256 their attachment events
// name), so that bytes are let go only when nothing holds them: not a case of this desktop, not a
// change still on its way to the server (a removal the server might refuse would bring the file
// back). Read through the events_by_file index (schema 6).
import { attachmentsOf } from '../../../shared/cases/case-attachments';
import { SYNC_VERSION_KEY } from './apply-snapshots';
import { type CaseStore, statementOf } from './case-store';

const NAMING = `type IN ('attachment', 'attachment-removed') AND json_extract(data, '$.sha256') = ?`;

/** Whether some case of the store holds the file now. */
export function fileHeld(store: CaseStore, sha256: string): boolean {
  const seqs = statementOf(store, `SELECT DISTINCT case_seq FROM events WHERE ${NAMING}`, 'pluck').all(sha256) as number[];
  return seqs.some((seq) => {
    const stored = store.caseBySeq(seq);
    return stored !== null && attachmentsOf(stored.record).some((file) => file.sha256 === sha256);
  });
}

/**
 * Whether the bytes may go: no case holds the file, and — on a desktop that syncs — no event
 * naming it still waits for the server's word; with `keepRemovedSince`, it was not taken off a
 * case at or after that instant (ms).
 */
export function fileReleasable(store: CaseStore, sha256: string, options: { keepRemovedSince?: number } = {}): boolean {
  if (fileHeld(store, sha256)) return false;
  // Taken off a case lately: an undo may still bring it back.
  if (options.keepRemovedSince !== undefined && statementOf(store, `SELECT 1 FROM events WHERE ${NAMING} AND type = 'attachment-removed' AND recorded_at >= ? LIMIT 1`, 'pluck').get(sha256, options.keepRemovedSince) !== undefined) return false;
  if (store.meta(SYNC_VERSION_KEY) === undefined) return true;
  return statementOf(store, `SELECT 1 FROM events WHERE ${NAMING} AND pending = 1 LIMIT 1`, 'pluck').get(sha256) === undefined;
}

/** Every content hash an event of the store names (what the file folder may hold). */
export function filesNamed(store: CaseStore): Set<string> {
  return new Set(statementOf(store, `SELECT DISTINCT json_extract(data, '$.sha256') FROM events WHERE type IN ('attachment', 'attachment-removed')`, 'pluck').all() as string[]);
}

/** The files named by some case here that the central store is not known to hold yet. */
export function filesNotKnownOnServer(store: CaseStore): string[] {
  return statementOf(
    store,
    `SELECT DISTINCT json_extract(data, '$.sha256') FROM events WHERE type IN ('attachment', 'attachment-removed')
       AND json_extract(data, '$.sha256') NOT IN (SELECT sha256 FROM files_on_server)`,
    'pluck',
  ).all() as string[];
}

/** The central store holds these files (sent from here, or taken from there). */
export function noteFilesOnServer(store: CaseStore, hashes: readonly string[]): void {
  const insert = statementOf(store, 'INSERT OR IGNORE INTO files_on_server (sha256) VALUES (?)');
  store.transaction(() => {
    for (const sha256 of hashes) insert.run(sha256);
  });
}

/**
 * These files are held by a case again (attached anew, or their removal undone): ask the server
 * about them at the next sync, since it lets go of bytes no case held for a while (its file sweep).
 */
export function forgetFilesOnServer(store: CaseStore, hashes: readonly string[]): void {
  const remove = statementOf(store, 'DELETE FROM files_on_server WHERE sha256 = ?');
  for (const sha256 of hashes) remove.run(sha256);
}

/** The files an open Severity-1 case here holds (taken from the server as soon as it syncs). */
export function filesOfUrgentCases(store: CaseStore): { caseId: string; sha256: string }[] {
  const rows = statementOf(
    store,
    `SELECT DISTINCT e.case_seq, json_extract(e.data, '$.sha256') AS sha256 FROM events e JOIN cases c ON c.seq = e.case_seq
      WHERE e.type = 'attachment' AND c.current_severity = 1 AND c.effective_status <> 'closed'`,
  ).all() as { case_seq: number; sha256: string }[];
  const out: { caseId: string; sha256: string }[] = [];
  for (const row of rows) {
    const stored = store.caseBySeq(row.case_seq);
    if (stored && attachmentsOf(stored.record).some((file) => file.sha256 === row.sha256)) out.push({ caseId: stored.record.id, sha256: row.sha256 });
  }
  return out;
}
