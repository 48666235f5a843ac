// A case's file is reached only through a case that holds it: the one check every way the page
// reads a file's bytes goes through (the attachment:read stream, the log viewer's lines).
import { attachmentsOf, type Attachment } from '../../../shared/cases/case-attachments';
import type { FileStore } from '../files/file-store';
import type { CaseStore } from '../store/case-store';

/** Why the file `sha256` cannot be read through the case `caseId` (null: it can). */
export function fileRefusal(store: CaseStore, files: FileStore, caseId: string, sha256: string): string | null {
  const held = heldFile(store, caseId, sha256);
  if ('refusal' in held) return held.refusal;
  if (!files.has(sha256)) return `the file ${sha256.slice(0, 12)}… of case ${held.number} is not on this desktop yet`;
  return null;
}

/** The file `sha256` as the case `caseId` holds it (whether or not its bytes are here), or why the case does not. */
export function heldFile(store: CaseStore, caseId: string, sha256: string): { file: Attachment; number: string } | { refusal: string } {
  const stored = store.findCase(caseId);
  if (!stored) return { refusal: `no case "${caseId}"` };
  const file = attachmentsOf(stored.record).find((held) => held.sha256 === sha256);
  if (!file) return { refusal: `case ${stored.number} has no file ${sha256.slice(0, 12)}…` };
  return { file, number: stored.number };
}
