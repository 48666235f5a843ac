// Lines of stored logs for the log viewer: the first request for a file starts its line index in
// the background (line-index.ts) and is answered at once from what is counted so far, so the first
// screen of a 2 GB log shows before the index is done. A gzip log is unpacked as it is indexed,
// into a working file of the store (lines are read from there by offset). The indexes of the last
// few files are kept.
import { rm } from 'node:fs/promises';
import type { FileStore } from './file-store';
import { indexLines, readLines, readLinesAt, STRIDE, type LineIndex } from './line-index';
import { isGzip, logChunks, type KnownLines } from './log-search';

/** How many files' indexes are kept (each is about a megabyte for a 2 GB log). */
const KEPT = 8;

export interface LogPage {
  /** The lines asked for, without their newlines (fewer at the end of what is counted). */
  lines: string[];
  /** Lines counted so far; the whole file's once `done`. */
  total: number;
  /** Bytes of the stored file indexed so far (a gzip log: of its packed bytes), of `size`. */
  indexed: number;
  size: number;
  done: boolean;
}

interface Indexed {
  index: LineIndex;
  size: number;
  /** Where the lines are read: the stored file, or a gzip log's unpacked copy. */
  path: string;
  /** Bytes of the stored file read so far. */
  read: () => number;
  /** Ready once it is known whether the file is gzip (and `path` is set). */
  opened: Promise<void>;
  failed?: Error;
  stop: AbortController;
}

export class LogLines {
  private readonly indexes = new Map<string, Indexed>();

  constructor(private readonly files: FileStore) {}

  private indexOf(sha256: string): Indexed {
    const known = this.indexes.get(sha256);
    if (known) {
      // The most recently used last.
      this.indexes.delete(sha256);
      this.indexes.set(sha256, known);
      return known;
    }
    const stored = this.files.pathOf(sha256);
    const index: LineIndex = { lines: 0, bytes: 0, checkpoints: [0] };
    const entry = { index, size: this.files.sizeOf(sha256), path: stored, read: () => index.bytes, stop: new AbortController() } as Indexed;
    const signal = entry.stop.signal;
    let opened!: () => void;
    entry.opened = new Promise<void>((resolve) => (opened = resolve));
    void (async () => {
      try {
        if (!(await isGzip(stored))) {
          opened();
          await indexLines(stored, { into: index, signal });
          return;
        }
        entry.path = this.files.scratchPath(`unpacked.${sha256}`);
        const { chunks, read } = await logChunks(stored, { signal });
        entry.read = read;
        opened();
        await indexLines(stored, { into: index, signal, source: chunks, copyTo: entry.path });
      } catch (err) {
        if (!signal.aborted) entry.failed = err as Error;
        opened();
      }
    })();
    this.indexes.set(sha256, entry);
    while (this.indexes.size > KEPT) {
      const [oldest, old] = this.indexes.entries().next().value!;
      this.forget(oldest, old);
    }
    return entry;
  }

  private forget(sha256: string, entry: Indexed): void {
    entry.stop.abort();
    this.indexes.delete(sha256);
    if (entry.path !== this.files.pathOf(sha256)) void rm(entry.path, { force: true }).catch(() => undefined);
  }

  private async ready(sha256: string): Promise<Indexed> {
    const entry = this.indexOf(sha256);
    await entry.opened;
    if (entry.failed) {
      this.forget(sha256, entry);
      throw entry.failed;
    }
    return entry;
  }

  /** Lines `from`… of the stored file `sha256` (`count` at most), and how far its index has come. */
  async page(sha256: string, from: number, count: number): Promise<LogPage> {
    const entry = await this.ready(sha256);
    // How far the index had come when asked: readLines reads no line past it (its checkpoints
    // are only ever added to, so the index may grow while the lines are read).
    const { index } = entry;
    const { lines: total } = index;
    const indexed = index.done ? entry.size : entry.read();
    const done = index.done === true;
    const lines = await readLines(entry.path, index, from, count);
    return { lines, total, indexed, size: entry.size, done };
  }

  /** The text of each of `lines` of the stored file `sha256` (null for a line not indexed yet). */
  async textOf(sha256: string, lines: number[]): Promise<(string | null)[]> {
    const entry = await this.ready(sha256);
    return readLinesAt(entry.path, entry.index, lines);
  }

  /** The offsets the index of the file `sha256` holds so far, for a search (none before it is asked for). */
  knownLines(sha256: string): KnownLines | undefined {
    const entry = this.indexes.get(sha256);
    return entry && entry.index.checkpoints.length > 1 ? { checkpoints: Float64Array.from(entry.index.checkpoints), stride: STRIDE } : undefined;
  }

  /** Lines counted so far in the file `sha256` and whether that is all of them. */
  counted(sha256: string): { lines: number; done: boolean } {
    const { index } = this.indexOf(sha256);
    return { lines: index.lines, done: index.done === true };
  }

  /** Stop indexing and remove the unpacked copies (the core is closing). */
  close(): void {
    for (const [sha256, entry] of [...this.indexes]) this.forget(sha256, entry);
  }
}
