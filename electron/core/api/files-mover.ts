// Moving this desktop's case files to another folder from the app (the "Files folder" setting;
// `casedesk files move` does the same from the command line): one move at a time, told as
// `progress` events (job `files-move`) and cancellable. While it runs nothing else touches the
// files — the sync is paused and holds off (its lock is held), attachments are refused with a
// message — and the log viewer's open files are let go, their paths changing.
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { CoreEvent } from '../../../shared/ipc/events';
import type { FileStore } from '../files/file-store';
import { MoveError, moveFiles, type FilesMoved } from '../files/files-folder';
import type { CaseStore } from '../store/case-store';
import { takeSyncLock } from '../store/sync-lock';
import type { SyncService } from '../sync/sync-service';

export const FILES_MOVE_JOB = 'files-move';
/** Progress is told about this often (bytes), and at the end. */
const PROGRESS_EVERY = 16 << 20;

export class FilesMoveRefused extends Error {}

export interface FilesFolderView {
  folder: string;
  files: number;
  bytes: number;
  /** Chosen when Casedesk was started (--files DIR): moved from the command line only. */
  fixed: boolean;
  moving: boolean;
}

export class FilesMover {
  private moving: AbortController | null = null;

  constructor(
    private readonly store: CaseStore,
    private readonly files: FileStore,
    private readonly options: {
      /** Started with --files DIR. */
      fixed: boolean;
      sync: SyncService | null;
      emit: (event: CoreEvent) => void;
      /** Let go of every file held open (log indexes, searches). */
      release: () => void;
    },
  ) {}

  folder(): FilesFolderView {
    const hashes = this.files.stored();
    const bytes = hashes.reduce((sum, sha256) => sum + this.files.sizeOf(sha256), 0);
    return { folder: this.files.root, files: hashes.length, bytes, fixed: this.options.fixed, moving: this.moving !== null };
  }

  /** Why a file may not be added now (a move is under way), or null. */
  addingRefusal(): string | null {
    return this.moving ? 'the case files are being moved to another folder: attach it again when the move is done' : null;
  }

  async move(to: string): Promise<FilesMoved> {
    if (this.options.fixed) throw new FilesMoveRefused('Casedesk was started with --files DIR, which chooses the folder: move the files with `casedesk files move DIR --db PATH` while Casedesk is closed, then start it without --files');
    if (this.moving) throw new FilesMoveRefused('the files are being moved already: wait for that move, or cancel it');
    const target = folderPath(to);
    if (this.options.sync?.fetchingFiles()) throw new FilesMoveRefused('a file is still coming from the server: move the files once it has arrived');
    const controller = new AbortController();
    this.moving = controller;
    const sync = this.options.sync;
    let lock: ReturnType<typeof takeSyncLock> | null = null;
    try {
      // The sync reads and writes the files: stopped, and kept off (syncing now waits) until the end.
      await sync?.close();
      lock = takeSyncLock(this.store);
      this.options.release();
      let told = 0;
      const tell = (done: number, total: number | null) => this.options.emit({ type: 'progress', job: FILES_MOVE_JOB, label: `Moving the case files to ${target}`, done, total, unit: 'bytes' });
      tell(0, null);
      const moved = await moveFiles(this.store, this.files, target, {
        signal: controller.signal,
        onProgress: (done, total) => {
          if (done - told < PROGRESS_EVERY && done < total) return;
          told = done;
          lock?.renew();
          tell(done, total);
        },
      });
      tell(moved.bytes, moved.bytes);
      return moved;
    } catch (err) {
      if (controller.signal.aborted) throw new FilesMoveRefused(`the move was cancelled: the files stay in ${this.files.root} (what was copied is reused by the next move)`);
      if (err instanceof MoveError) throw new FilesMoveRefused(err.message);
      throw err;
    } finally {
      lock?.release();
      this.moving = null;
      this.options.release();
      sync?.start();
    }
  }

  cancel(): { cancelled: boolean } {
    if (!this.moving) return { cancelled: false };
    this.moving.abort();
    return { cancelled: true };
  }
}

/** A folder's full path as a person types it (`~/…` is their home); a relative one is refused. */
function folderPath(typed: string): string {
  const path = typed === '~' ? homedir() : typed.startsWith('~/') ? join(homedir(), typed.slice(2)) : typed;
  if (!isAbsolute(path)) throw new FilesMoveRefused(`"${typed}" is not a full path: give the folder's whole path, such as ${join(homedir(), 'casedesk-files')}`);
  return resolve(path);
}
