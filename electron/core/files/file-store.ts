// The case files' bytes on this desktop, content-addressed: a file is kept once under its
// SHA-256 (`<root>/sha256/ab/abcdef…`), however many cases hold it. A file comes in streamed —
// hashed while it is copied, memory bounded whatever its size — into a temporary file that is
// fsynced and then renamed into place, so a crash or a full disk leaves no partial file under a
// hash (only a temporary one, removed at the next start) and no record points at nothing (the
// change is recorded after the bytes are in place).
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Transform, Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SHA256, STORED_FOLDER, storedSegments } from '../../../shared/files/content-address';

/** How much of a file's beginning is kept for sniffing its type. */
export const HEAD_BYTES = 4100;
/** Read and write in large pieces: close to disk speed, a few MiB of memory. */
const CHUNK = 1 << 20;

export interface StoredFile {
  sha256: string;
  size: number;
  /** The file's first bytes (HEAD_BYTES at most), for its type. */
  head: Buffer;
  /** False when the store already held the same content (nothing new was written). */
  created: boolean;
}

export interface AddOptions {
  /** Told the bytes copied so far, now and then (about every 8 MiB). */
  onProgress?: (bytes: number) => void;
  signal?: AbortSignal;
  /** Refused (FileTooLarge) past this many bytes. */
  maxBytes?: number;
}

export class FileTooLarge extends Error {}

/** The folder the files of a database live in unless told otherwise: beside it. */
export function defaultFilesFolder(dbPath: string): string {
  // A database only in memory keeps its files for the life of the process, in the temporary folder.
  if (dbPath === ':memory:') return join(tmpdir(), `casedesk-files-${process.pid}`);
  return `${dbPath}.files`;
}

export class FileStore {
  private folder: string;

  constructor(root: string) {
    this.folder = root;
  }

  /** The folder the files are in. */
  get root(): string {
    return this.folder;
  }

  /** Use the folder `root` from now on: its files were moved there (files-folder.ts, moveFiles). */
  relocate(root: string): void {
    this.folder = root;
  }

  private get temporary(): string {
    return join(this.root, 'tmp');
  }

  /**
   * A working file of this process (a gzip log unpacked for the viewer): in the temporary folder,
   * so it goes at the next start if this process does not remove it.
   */
  scratchPath(name: string): string {
    mkdirSync(this.temporary, { recursive: true });
    return join(this.temporary, `${process.pid}.${name}`);
  }

  /** Where a download of `sha256` gathers (kept across runs, so a cut download resumes). */
  downloadPath(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    mkdirSync(this.temporary, { recursive: true });
    return join(this.temporary, `download.${sha256}`);
  }

  /** Where the bytes of `sha256` are (whether or not they are there). */
  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    return join(this.root, ...storedSegments(sha256));
  }

  /** The hashes whose bytes are here. */
  stored(): string[] {
    const base = join(this.root, STORED_FOLDER);
    if (!existsSync(base)) return [];
    return readdirSync(base).flatMap((prefix) => readdirSync(join(base, prefix)).filter((name) => SHA256.test(name)));
  }

  has(sha256: string): boolean {
    return existsSync(this.pathOf(sha256));
  }

  sizeOf(sha256: string): number {
    return statSync(this.pathOf(sha256)).size;
  }

  /** Read the bytes of a stored file (a byte range, `end` inclusive, when given). */
  read(sha256: string, range?: { start: number; end?: number }): Readable {
    return createReadStream(this.pathOf(sha256), { highWaterMark: CHUNK, ...range });
  }

  /** Every hash the store holds bytes for. */
  *hashes(): Generator<string> {
    const top = join(this.root, STORED_FOLDER);
    if (!existsSync(top)) return;
    for (const prefix of readdirSync(top)) for (const name of readdirSync(join(top, prefix))) if (SHA256.test(name)) yield name;
  }

  /** Take a file's bytes from `source` (a path or a stream): hashed, written, fsynced, renamed into place. */
  async add(source: string | Readable, options: AddOptions = {}): Promise<StoredFile> {
    mkdirSync(this.temporary, { recursive: true });
    // Named by the process writing it, so a start elsewhere knows whether it is still being written.
    const temp = join(this.temporary, `${process.pid}.${randomUUID()}.part`);
    const hash = createHash('sha256');
    const headParts: Buffer[] = [];
    let headLength = 0;
    let size = 0;
    let told = 0;
    const { maxBytes = Infinity, onProgress, signal } = options;
    const tap = new Transform({
      highWaterMark: CHUNK,
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > maxBytes) return done(new FileTooLarge(`the file is larger than ${maxBytes.toLocaleString('en-US')} bytes`));
        hash.update(chunk);
        if (headLength < HEAD_BYTES) {
          const part = chunk.subarray(0, HEAD_BYTES - headLength);
          headParts.push(Buffer.from(part));
          headLength += part.length;
        }
        if (onProgress && size - told >= 8 * CHUNK) {
          told = size;
          onProgress(size);
        }
        done(null, chunk);
      },
    });
    try {
      const input = typeof source === 'string' ? createReadStream(source, { highWaterMark: CHUNK }) : source;
      await pipeline(input, tap, await durableWriter(temp), { signal });
      const sha256 = hash.digest('hex');
      onProgress?.(size);
      const target = this.pathOf(sha256);
      if (existsSync(target)) {
        await rm(temp, { force: true });
        return { sha256, size, head: Buffer.concat(headParts), created: false };
      }
      mkdirSync(dirname(this.pathOf(sha256)), { recursive: true });
      await rename(temp, target);
      await syncFolder(dirname(this.pathOf(sha256)));
      return { sha256, size, head: Buffer.concat(headParts), created: true };
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
  }

  /**
   * Take the whole file at `path` (in this store's temporary folder: a download) as the bytes of
   * `sha256`: hashed first — bytes that do not match are removed and refused — then fsynced and
   * renamed into place.
   */
  async adopt(path: string, sha256: string): Promise<void> {
    const target = this.pathOf(sha256);
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path, { highWaterMark: CHUNK }) as AsyncIterable<Buffer>) hash.update(chunk);
    if (hash.digest('hex') !== sha256) {
      await rm(path, { force: true });
      throw new Error(`the bytes received do not hash to ${sha256.slice(0, 12)}…: they were thrown away`);
    }
    await syncFile(path);
    mkdirSync(dirname(this.pathOf(sha256)), { recursive: true });
    await rename(path, target);
    await syncFolder(dirname(this.pathOf(sha256)));
  }

  /** Let the bytes of `sha256` go (the caller has made sure nothing refers to them). */
  remove(sha256: string): void {
    rmSync(this.pathOf(sha256), { force: true });
  }

  /**
   * Remove the temporary files an interrupted import left (at start): those of a process that is
   * no longer running — an import under way in another process (the app, a `casedesk attach`)
   * keeps its own. How many went.
   */
  removeLeftovers(): number {
    if (!existsSync(this.temporary)) return 0;
    let removed = 0;
    for (const name of readdirSync(this.temporary)) {
      // A download cut short resumes from what it has (downloadPath); once the file is here it is not needed.
      const download = /^download\.([0-9a-f]{64})$/.exec(name);
      if (download && !this.has(download[1]!)) continue;
      const pid = Number(/^(\d+)\./.exec(name)?.[1]);
      if (Number.isInteger(pid) && pid !== process.pid && running(pid)) continue;
      rmSync(join(this.temporary, name), { force: true, recursive: true });
      removed++;
    }
    return removed;
  }
}

/** Whether a process with this id runs (one of another user's answers EPERM: it runs). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Make a file's bytes durable before it is renamed into place. */
/** How often a file being written is flushed to the disk while the rest is still coming. */
const FLUSH_EVERY = 64 << 20;

/**
 * A new file written as it streams in and on the disk when it ends: flushed every FLUSH_EVERY
 * bytes in the background — the disk writes while the next pieces are read and hashed, instead of
 * the whole file at once in the fsync at its end — and fsynced before it finishes.
 */
async function durableWriter(path: string): Promise<Writable> {
  const handle = await open(path, 'wx');
  let unflushed = 0;
  let flushing: Promise<void> | null = null;
  let failed: Error | null = null;
  return new Writable({
    highWaterMark: CHUNK,
    write(chunk: Buffer, _encoding, done) {
      if (failed) return done(failed);
      handle.write(chunk).then(() => {
        unflushed += chunk.length;
        if (unflushed >= FLUSH_EVERY && !flushing) {
          unflushed = 0;
          flushing = handle
            .datasync()
            .catch((err: Error) => void (failed = err))
            .finally(() => (flushing = null));
        }
        done();
      }, done);
    },
    final(done) {
      Promise.resolve(flushing)
        .then(() => {
          if (failed) throw failed;
          return handle.sync();
        })
        .then(() => handle.close())
        .then(() => done(), done);
    },
    destroy(err, done) {
      Promise.resolve(flushing)
        .catch(() => undefined)
        .then(() => handle.close())
        .then(() => done(err), () => done(err));
    },
  });
}

async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Make a rename durable: fsync the folder that holds the new name (not possible on Windows, where it is not needed). */
async function syncFolder(path: string): Promise<void> {
  try {
    const handle = await open(path, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows cannot open a folder for fsync; NTFS journals the rename.
  }
}
