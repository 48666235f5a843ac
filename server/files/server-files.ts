// The central store's file bytes: content-addressed by SHA-256 in a folder on the server's machine
// (beside an SQLite database by default, or --files DIR), shared by every server process of one
// PostgreSQL database. A file arrives in pieces, each written where the last one ended, into a
// partial file named by the hash it claims, so an upload cut anywhere resumes from the last byte
// the server holds — whichever process takes it up. Once it is whole, the server hashes it: bytes
// that do not hash to the name are thrown away, and only a file that does is renamed into place.
// Two desktops sending the same file at once write the same bytes at the same places.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { SHA256, STORED_FOLDER, storedSegments } from '../../shared/files/content-address';

/** The largest file the server takes unless told otherwise (4 GiB). */
export const DEFAULT_MAX_FILE_BYTES = 4 * 1024 ** 3;

export const SHA256_PATTERN = SHA256;

/** A refusal the sender can act on, with the HTTP status it answers. */
export class FileRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly holds?: number,
  ) {
    super(message);
  }
}

/** What the server holds of a file: all of it, or the first `partial` bytes of an upload under way. */
export interface FileHolding {
  sha256: string;
  have: boolean;
  partial: number;
}

/** A file taken whole (ServerFiles.take), not yet in place. */
export interface TakenFile {
  sha256: string;
  size: number;
  /** Its first bytes, to tell its type by. */
  head: Buffer;
  keep(): Promise<void>;
  discard(): Promise<void>;
}

export function sizeWords(bytes: number): string {
  const gib = bytes / 1024 ** 3;
  return gib >= 1 ? `${Number(gib.toFixed(2))} GiB` : `${Number((bytes / 1024 ** 2).toFixed(1))} MiB`;
}

export class ServerFiles {
  constructor(
    readonly root: string,
    readonly maxBytes: number = DEFAULT_MAX_FILE_BYTES,
  ) {
    mkdirSync(join(root, 'partial'), { recursive: true });
  }

  pathOf(sha256: string): string {
    if (!SHA256_PATTERN.test(sha256)) throw new FileRefused(400, `not a SHA-256: ${sha256}`);
    return join(this.root, ...storedSegments(sha256));
  }

  /** The hashes whose bytes are here (whole files, in place). */
  stored(): string[] {
    const base = join(this.root, STORED_FOLDER);
    if (!existsSync(base)) return [];
    return readdirSync(base).flatMap((prefix) => readdirSync(join(base, prefix)).filter((name) => SHA256_PATTERN.test(name)));
  }

  private partialOf(sha256: string): string {
    return join(this.root, 'partial', `${sha256}.part`);
  }

  holding(sha256: string): FileHolding {
    if (existsSync(this.pathOf(sha256))) return { sha256, have: true, partial: 0 };
    const partial = existsSync(this.partialOf(sha256)) ? statSync(this.partialOf(sha256)).size : 0;
    return { sha256, have: false, partial };
  }

  sizeOf(sha256: string): number | null {
    const path = this.pathOf(sha256);
    return existsSync(path) ? statSync(path).size : null;
  }

  read(sha256: string, start = 0): Readable {
    return createReadStream(this.pathOf(sha256), { start, highWaterMark: 1 << 20 });
  }

  /**
   * Take the bytes `body` of the file `sha256` (whole, `size` bytes) from byte `offset`: they are
   * written from there, and once the file is whole it is checked and put in place. An offset past
   * what the server holds is refused with what it holds (409), so the sender resumes there.
   * Answers what the server holds after.
   */
  async receive(sha256: string, offset: number, size: number, body: AsyncIterable<Buffer>): Promise<FileHolding> {
    if (!SHA256_PATTERN.test(sha256)) throw new FileRefused(400, `not a SHA-256: ${sha256}`);
    if (!Number.isSafeInteger(size) || size < 0) throw new FileRefused(400, 'the file size must be a whole number of bytes');
    if (size > this.maxBytes) {
      throw new FileRefused(413, `the file is ${sizeWords(size)}, larger than this server takes (${sizeWords(this.maxBytes)} at most, ${this.maxBytes.toLocaleString('en-US')} bytes)`);
    }
    const before = this.holding(sha256);
    if (before.have) {
      for await (const _ of body); // the rest of the request is not wanted
      await rm(this.partialOf(sha256), { force: true }); // a late second sender's
      return before;
    }
    if (!Number.isSafeInteger(offset) || offset < 0 || offset > before.partial) {
      throw new FileRefused(409, `the server holds ${before.partial.toLocaleString('en-US')} bytes of this file: send from there`, before.partial);
    }
    const partial = this.partialOf(sha256);
    const file = await open(partial, 'a+').then(async (handle) => {
      await handle.close();
      return open(partial, 'r+');
    });
    let position = offset;
    try {
      // Written a megabyte at a time, not chunk by chunk as the request brings them.
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      const flush = async () => {
        const data = Buffer.concat(pending, pendingBytes);
        for (let written = 0; written < data.length; ) written += (await file.write(data, written, data.length - written, position + written)).bytesWritten;
        position += data.length;
        pending = [];
        pendingBytes = 0;
      };
      for await (const chunk of body) {
        if (position + pendingBytes + chunk.length > size) throw new FileRefused(400, `more bytes than the ${size.toLocaleString('en-US')} the file has`);
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes >= 1 << 20) await flush();
      }
      await flush();
    } finally {
      await file.close();
    }
    if (position < size) return this.holding(sha256);
    return this.complete(sha256, size);
  }

  /** Check a whole partial file against its hash and put it in place (or throw it away). */
  private async complete(sha256: string, size: number): Promise<FileHolding> {
    const partial = this.partialOf(sha256);
    const hash = createHash('sha256');
    let length = 0;
    const target = this.pathOf(sha256);
    try {
      for await (const chunk of createReadStream(partial, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
        hash.update(chunk);
        length += chunk.length;
      }
    } catch (err) {
      // Another process (a second desktop sending the same file) finished it first.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && existsSync(target)) return { sha256, have: true, partial: 0 };
      throw err;
    }
    if (existsSync(target)) return { sha256, have: true, partial: 0 };
    if (length !== size || hash.digest('hex') !== sha256) {
      await rm(partial, { force: true });
      throw new FileRefused(422, `the bytes received do not hash to ${sha256.slice(0, 12)}… (${length.toLocaleString('en-US')} bytes): they were thrown away; send the file again`);
    }
    // Pieces are not fsynced one by one (whatever a crash loses is sent again, and the hash
    // catches anything amiss); the whole file is, before it is put in place.
    const whole = await open(partial, 'r');
    try {
      await whole.sync();
    } finally {
      await whole.close();
    }
    mkdirSync(dirname(this.pathOf(sha256)), { recursive: true });
    await rename(partial, target);
    return { sha256, have: true, partial: 0 };
  }

  /**
   * Take a whole file from `source` (the online form's): hashed as it is written to a temporary
   * file, at most `maxBytes` of it. Nothing is in place until `keep()`; `discard()` (or a file
   * never kept) leaves nothing.
   */
  async take(source: AsyncIterable<Buffer>, maxBytes: number): Promise<TakenFile> {
    const temp = join(this.root, 'partial', `intake-${randomUUID()}.part`);
    const hash = createHash('sha256');
    const head: Buffer[] = [];
    let headLength = 0;
    let size = 0;
    const file = await open(temp, 'wx');
    try {
      for await (const chunk of source) {
        size += chunk.length;
        if (size > maxBytes) throw new FileRefused(413, `larger than ${sizeWords(maxBytes)}`);
        hash.update(chunk);
        if (headLength < 4100) {
          head.push(Buffer.from(chunk.subarray(0, 4100 - headLength)));
          headLength += Math.min(chunk.length, 4100 - headLength);
        }
        for (let written = 0; written < chunk.length; ) written += (await file.write(chunk, written)).bytesWritten;
      }
      await file.sync();
    } catch (err) {
      await file.close();
      await rm(temp, { force: true });
      throw err;
    }
    await file.close();
    const sha256 = hash.digest('hex');
    return {
      sha256,
      size,
      head: Buffer.concat(head),
      keep: async () => {
        const target = this.pathOf(sha256);
        if (existsSync(target)) return rm(temp, { force: true });
        mkdirSync(dirname(this.pathOf(sha256)), { recursive: true });
        await rename(temp, target);
      },
      discard: () => rm(temp, { force: true }),
    };
  }

  /** Let the bytes of `sha256` go (nothing refers to them any more). */
  async remove(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }
}
