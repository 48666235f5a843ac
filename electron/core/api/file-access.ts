// A case's file is reached only through a case that holds it: the one check every way the page
// reads a file's bytes goes through (the attachment:read stream, the log viewer's lines).
import { attachmentsOf } from '../../../shared/cases/case-attachments';
import type { FileStore } from '../files/file-store';
import type { CaseStore } from '../store/case-store';

/** Why the file `sha256` cannot be read through the case `caseId` (null: it can). */
export function fileRefusal(store: CaseStore, files: FileStore, caseId: string, sha256: string): string | null {
  const refusal = notHeld(store, caseId, sha256);
  if (refusal !== null) return refusal;
  if (!files.has(sha256)) return `the file ${sha256.slice(0, 12)}… of case ${store.findCase(caseId)!.number} is not on this desktop yet`;
  return null;
}

/** Why the case `caseId` does not hold the file `sha256` (null: it does), whether or not its bytes are here. */
export function notHeld(store: CaseStore, caseId: string, sha256: string): string | null {
  const stored = store.findCase(caseId);
  if (!stored) return `no case "${caseId}"`;
  if (!attachmentsOf(stored.record).some((file) => file.sha256 === sha256)) return `case ${stored.number} has no file ${sha256.slice(0, 12)}…`;
  return null;
}
