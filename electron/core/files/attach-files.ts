// Attaching files to a case, and writing one back out. Everything that can be checked is checked
// before anything is written (the case, each file: there, a file, readable); then the bytes go
// into the file store (content-addressed, each import whole or not at all), and only then are the
// attachments recorded — every file of one call in one transaction, as named `attachFile`
// changes in the outbox. A failure leaves no record and takes back the bytes it brought.
import { createHash, randomUUID } from 'node:crypto';
import { accessSync, constants, createWriteStream, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { attachmentsOf, type Attachment } from '../../../shared/cases/case-attachments';
import { formatInstant } from '../../../shared/time/instant';
import { timeZone } from '../../../shared/time/time-zone';
import { applyMutation } from '../store/apply-mutation';
import type { CaseStore } from '../store/case-store';
import { fileHeld, fileReleasable, filesNamed } from '../store/file-references';
import type { FileStore, StoredFile } from './file-store';
import { mediaTypeOf } from '../../../shared/files/media-type';

/** A request the person can correct: no such case, a file that is not there… */
export class AttachError extends Error {}

export interface AttachedFile {
  sha256: string;
  size: number;
  name: string;
  type: string;
  /** The case already held this content (nothing new was recorded). */
  already?: boolean;
}

export interface AttachOptions {
  author: string;
  note?: string;
  /** The name shown for a single file (as a drop gives it), instead of the file's own. */
  name?: string;
  onProgress?: (file: number, bytes: number) => void;
  signal?: AbortSignal;
}

/** Why `path` cannot be attached, or null. */
function problemWith(path: string): string | null {
  if (!existsSync(path)) return `${path}: no such file`;
  const stat = statSync(path);
  if (stat.isDirectory()) return `${path} is a folder, not a file`;
  if (!stat.isFile()) return `${path} is not a regular file`;
  try {
    accessSync(path, constants.R_OK);
  } catch {
    return `${path}: not readable (permission denied)`;
  }
  return null;
}

/** Attach the files at `paths` to the case `caseRef` (its id or number). */
export async function attachFiles(store: CaseStore, files: FileStore, caseRef: string, paths: readonly string[], options: AttachOptions): Promise<AttachedFile[]> {
  const target = store.findCase(caseRef);
  if (!target) throw new AttachError(`no case "${caseRef}" in this database`);
  if (paths.length === 0) throw new AttachError('name at least one file to attach');
  if (options.name !== undefined && paths.length > 1) throw new AttachError('--name names a single file: give one file with it');
  const problems = paths.map(problemWith).filter((p): p is string => p !== null);
  if (problems.length > 0) throw new AttachError(problems.join('; '));

  const stored: { file: StoredFile; name: string; type: string }[] = [];
  try {
    for (const [i, path] of paths.entries()) {
      const file = await files.add(path, { signal: options.signal, onProgress: (bytes) => options.onProgress?.(i, bytes) });
      stored.push({ file, name: options.name ?? basename(path), type: await mediaTypeOf(file.head) });
    }
    return recordAttachments(store, target.record.id, stored, options);
  } catch (err) {
    // Bytes this call brought in that nothing holds go again.
    for (const { file } of stored) if (file.created && !fileHeld(store, file.sha256)) files.remove(file.sha256);
    throw err;
  }
}

/** Record stored files as attachments of the case, in one transaction (a content the case holds already is not recorded twice). */
export function recordAttachments(
  store: CaseStore,
  caseId: string,
  stored: readonly { file: Pick<StoredFile, 'sha256' | 'size'>; name: string; type: string }[],
  options: Pick<AttachOptions, 'author' | 'note'>,
): AttachedFile[] {
  return store.transaction(
    () => {
      const held = new Map(attachmentsOf(store.getCase(caseId)!.record).map((file) => [file.sha256, { name: file.name, type: file.mediaType }]));
      const at = formatInstant(store.clock.now(), timeZone(store.currentPolicy.timeZone));
      return stored.map(({ file, name, type }) => {
        const already = held.get(file.sha256);
        if (already) return { sha256: file.sha256, size: file.size, ...already, already: true };
        held.set(file.sha256, { name, type });
        const line: AttachedFile = { sha256: file.sha256, size: file.size, name, type };
        applyMutation(store, 'attachFile', {
          caseId,
          at,
          author: options.author,
          sha256: file.sha256,
          size: file.size,
          name,
          mediaType: type,
          ...(options.note !== undefined ? { note: options.note } : {}),
        });
        return line;
      });
    },
    { immediate: true },
  );
}

/**
 * Take the file `sha256` off the case `caseRef` (an event in its history, a named change in the
 * outbox); its bytes go when nothing refers to them any more. Whether they went, told.
 */
export function detachFile(store: CaseStore, files: FileStore, caseRef: string, sha256: string, options: { author: string; reason?: string }): { released: boolean } {
  const target = store.findCase(caseRef);
  if (!target) throw new AttachError(`no case "${caseRef}" in this database`);
  applyMutation(store, 'removeAttachment', {
    caseId: target.record.id,
    at: formatInstant(store.clock.now(), timeZone(store.currentPolicy.timeZone)),
    author: options.author,
    sha256,
    ...(options.reason !== undefined ? { reason: options.reason } : {}),
  });
  const released = fileReleasable(store, sha256);
  if (released) files.remove(sha256);
  return { released };
}

/**
 * Let go of every stored file nothing refers to any more (after a sync confirmed removals, or
 * bytes left by a failure): how many went. Files no event names at all are kept — they may be a
 * download under way — unless `strays` says they go too; `keepRemovedSince` keeps those taken off
 * a case since then (an undo may bring them back).
 */
export function releaseUnheld(store: CaseStore, files: FileStore, options: { strays?: boolean; keepRemovedSince?: number } = {}): number {
  const named = filesNamed(store);
  let released = 0;
  for (const sha256 of [...files.hashes()]) {
    const known = named.has(sha256);
    if ((known && fileReleasable(store, sha256, options)) || (!known && options.strays)) {
      files.remove(sha256);
      released++;
    }
  }
  return released;
}

/** The files attached to the case `caseRef` now. */
export function listAttachments(store: CaseStore, caseRef: string): Attachment[] {
  const target = store.findCase(caseRef);
  if (!target) throw new AttachError(`no case "${caseRef}" in this database`);
  return attachmentsOf(target.record);
}

/**
 * Write the stored file `sha256` to `out`: through a temporary file beside it, its hash checked on
 * the way (a damaged copy is refused, not written), then renamed into place.
 */
export async function exportFile(files: FileStore, sha256: string, out: string): Promise<{ size: number }> {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new AttachError(`"${sha256}" is not a SHA-256 (64 hexadecimal digits)`);
  if (!files.has(sha256)) throw new AttachError(`no file ${sha256} in this database's files (${files.root})`);
  const folder = dirname(resolve(out));
  if (!existsSync(folder)) throw new AttachError(`--out: the folder ${folder} does not exist`);
  if (existsSync(out) && statSync(out).isDirectory()) throw new AttachError(`--out: ${out} is a folder; name the file to write`);
  const temp = join(folder, `.${basename(out)}.${randomUUID()}.partial`);
  const hash = createHash('sha256');
  let size = 0;
  const check = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await pipeline(files.read(sha256), check, createWriteStream(temp, { flags: 'wx' }));
    const actual = hash.digest('hex');
    if (actual !== sha256) throw new AttachError(`the stored file ${sha256} is damaged (its content hashes to ${actual}): nothing was written`);
    renameSync(temp, out);
    return { size };
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}
