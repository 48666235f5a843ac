// Lines of stored logs for the log viewer: the first request for a file starts its line index in
// the background (line-index.ts) and is answered at once from what is counted so far, so the first
// screen of a 2 GB log shows before the index is done. The indexes of the last few files are kept.
import type { FileStore } from './file-store';
import { indexLines, readLines, type LineIndex } from './line-index';

/** How many files' indexes are kept (each is a few hundred KB for a 2 GB log). */
const KEPT = 8;

export interface LogPage {
  /** The lines asked for, without their newlines (fewer at the end of what is counted). */
  lines: string[];
  /** Lines counted so far; the whole file's once `done`. */
  total: number;
  /** Bytes indexed so far, of `size`. */
  indexed: number;
  size: number;
  done: boolean;
}

export class LogLines {
  private readonly indexes = new Map<string, { index: LineIndex; size: number; failed?: Error }>();

  constructor(private readonly files: FileStore) {}

  private indexOf(sha256: string) {
    const known = this.indexes.get(sha256);
    if (known) {
      // The most recently used last.
      this.indexes.delete(sha256);
      this.indexes.set(sha256, known);
      return known;
    }
    const entry: { index: LineIndex; size: number; failed?: Error } = { index: { lines: 0, bytes: 0, checkpoints: [0] }, size: this.files.sizeOf(sha256) };
    this.indexes.set(sha256, entry);
    while (this.indexes.size > KEPT) this.indexes.delete(this.indexes.keys().next().value!);
    indexLines(this.files.pathOf(sha256), { into: entry.index }).catch((err: Error) => (entry.failed = err));
    return entry;
  }

  /** Lines `from`… of the stored file `sha256` (`count` at most), and how far its index has come. */
  async page(sha256: string, from: number, count: number): Promise<LogPage> {
    const entry = this.indexOf(sha256);
    if (entry.failed) {
      this.indexes.delete(sha256);
      throw entry.failed;
    }
    // How far the index had come when asked: readLines reads no line past it (its checkpoints
    // are only ever added to, so the index may grow while the lines are read).
    const { index } = entry;
    const { lines: total, bytes: indexed } = index;
    const done = index.done === true;
    const lines = await readLines(this.files.pathOf(sha256), index, from, count);
    return { lines, total, indexed, size: entry.size, done };
  }
}
