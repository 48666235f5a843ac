// Where a database's files live, and moving them: `--files DIR` when given, else the folder the
// database was moved to (`casedesk files move`, kept in its meta as files_folder), else beside the
// database (`cases.db.files/`). A move copies every stored file into the new folder — each hashed
// on the way, fsynced and renamed into place like any file taken in — and only then records the
// new folder, in one write, and removes the old copies: a move cut short leaves the database on
// its old folder, whole, and the next move takes up the copies already made.
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { resolve, join } from 'node:path';
import type { CaseStore } from '../store/case-store';
import { defaultFilesFolder, FileStore } from './file-store';

export const FILES_FOLDER_KEY = 'files_folder';

export class MoveError extends Error {}

/** The folder the files of `store` are in: `explicit` (--files DIR), else where it was moved, else beside it. */
export function filesFolderOf(store: CaseStore, explicit?: string): string {
  return explicit ?? store.meta(FILES_FOLDER_KEY) ?? defaultFilesFolder(store.path);
}

export interface FilesMoved {
  from: string;
  to: string;
  files: number;
  bytes: number;
}

/**
 * Move the files of `store`, in `files`, to the folder `to` (made if need be), and have the
 * database and `files` use it from now on. `onProgress(bytes, total)` is told as the copy goes.
 * Nothing changes — and a MoveError says why — when the folder is the one in use, or a stored
 * file does not hash to its name; cancelled (`signal`), the database stays on its folder and the
 * copies made are taken up by the next move. Nothing may add files meanwhile (a file attached
 * during the move would stay behind): the app's core refuses attachments while it moves.
 */
export async function moveFiles(store: CaseStore, files: FileStore, to: string, options: { onProgress?: (bytes: number, total: number) => void; signal?: AbortSignal } = {}): Promise<FilesMoved> {
  const from = resolve(files.root);
  const target = resolve(to);
  if (target === from) throw new MoveError(`the files are already in ${from}`);
  if (target.startsWith(`${from}/`) || target.startsWith(`${from}\\`)) throw new MoveError(`${target} is inside the folder the files are in now (${from}): choose a folder outside it`);
  if (existsSync(target) && !statSync(target).isDirectory()) throw new MoveError(`${target} is a file, not a folder`);
  const old = files;
  const hashes = old.stored();
  const sizes = hashes.map((sha256) => old.sizeOf(sha256));
  const total = sizes.reduce((sum, size) => sum + size, 0);
  const into = new FileStore(target);
  into.removeLeftovers();
  let done = 0;
  for (const [i, sha256] of hashes.entries()) {
    if (!into.has(sha256) || into.sizeOf(sha256) !== sizes[i]) {
      const start = done;
      const copied = await into.add(old.pathOf(sha256), { onProgress: (bytes) => options.onProgress?.(start + bytes, total), ...(options.signal ? { signal: options.signal } : {}) });
      if (copied.sha256 !== sha256) {
        if (copied.created) into.remove(copied.sha256);
        throw new MoveError(`the stored file ${old.pathOf(sha256)} does not hash to its name (it is damaged): nothing was moved`);
      }
    }
    done += sizes[i]!;
    options.onProgress?.(done, total);
  }
  options.signal?.throwIfAborted();
  store.setMeta(FILES_FOLDER_KEY, target);
  files.relocate(target);
  // The old copies go once the database names the new folder.
  rmSync(join(from, 'sha256'), { recursive: true, force: true });
  rmSync(join(from, 'tmp'), { recursive: true, force: true });
  if (existsSync(from) && readdirSync(from).length === 0) rmSync(from, { recursive: true, force: true });
  return { from, to: target, files: hashes.length, bytes: total };
}
