// Regular-expression search of a stored log, the way grep reads it: the file streamed once in
// large chunks (a `.gz` log through zlib), each chunk cut at its last newline so no line is split,
// every line that holds a match reported once, by its 0-based number. Pure of any thread: the log
// viewer runs it in a worker of its own (log-search-worker.ts, log-searches.ts) so that a slow
// pattern holds up nothing and a new search simply ends the old one.
import { isAscii } from 'node:buffer';
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';

/** A line longer than this is searched in pieces of this size (a match across a cut is missed). */
const LONGEST_LINE = 16 << 20;
const NEWLINE = 0x0a;

/** The pattern as the viewer runs it, or an error naming what is wrong with it. */
export function searchPattern(pattern: string, ignoreCase: boolean): RegExp {
  try {
    return new RegExp(pattern, ignoreCase ? 'gmi' : 'gm');
  } catch (err) {
    // V8 says "Invalid regular expression: /(a/gm: Unterminated group": what is wrong is the last part.
    throw new SyntaxError(`not a regular expression: ${(err as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '')}`, { cause: err });
  }
}

/** Whether the file's content is gzip (its first two bytes), whatever its name. */
export async function isGzip(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await file.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await file.close();
  }
}

/**
 * The text of the file at `path` in chunks — unpacked when it is gzip — and how many of the
 * file's own bytes have been read so far (the progress against its size). `blocking`: read a
 * plain file with blocking reads (fileChunks), for a thread of its own.
 */
export async function logChunks(path: string, options: { signal?: AbortSignal; blocking?: boolean } = {}): Promise<{ chunks: AsyncIterable<Buffer> | Iterable<Buffer>; read: () => number }> {
  const { signal, blocking = false } = options;
  const gzip = await isGzip(path);
  let read = 0;
  if (!gzip && blocking) return { chunks: fileChunks(path, (bytes) => (read += bytes)), read: () => read };
  const raw = createReadStream(path, { highWaterMark: 1 << 20, ...(signal ? { signal } : {}) });
  if (!gzip) return { chunks: counted(raw, (bytes) => (read += bytes)), read: () => read };
  const gunzip = createGunzip({ chunkSize: 1 << 20 });
  raw.on('data', (chunk) => (read += chunk.length));
  raw.on('error', (err) => gunzip.destroy(err));
  gunzip.on('error', () => raw.destroy());
  return { chunks: raw.pipe(gunzip), read: () => read };
}

async function* counted(chunks: AsyncIterable<Buffer>, add: (bytes: number) => void): AsyncIterable<Buffer> {
  for await (const chunk of chunks) {
    add(chunk.length);
    yield chunk;
  }
}

/**
 * The file's bytes in large chunks read into one reused buffer — for a search in a thread of its
 * own, where blocking reads hold up nothing and cost least. A chunk is only good until the next.
 */
export function* fileChunks(path: string, read: (bytes: number) => void = () => undefined): Generator<Buffer> {
  const file = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(4 << 20);
    for (let got = readSync(file, buffer, 0, buffer.length, null); got > 0; got = readSync(file, buffer, 0, buffer.length, null)) {
      read(got);
      yield buffer.subarray(0, got);
    }
  } finally {
    closeSync(file);
  }
}

/**
 * Search `chunks` for `regex` (flags g and m, from searchPattern): `found(lines, seen)` is told
 * the numbers of the matching lines of each chunk as it is searched, and the lines searched so far.
 * A chunk may be reused once the next is asked for. Answers the lines counted (a last line without
 * its newline counts).
 */
export async function searchLog(chunks: AsyncIterable<Buffer> | Iterable<Buffer>, regex: RegExp, found: (lines: number[], seen: number) => void): Promise<number> {
  // A plain word (most searches: an address, a message id, ERROR) is looked for in the bytes.
  const literal = /^[^\\^$.|?*+()[\]{}]+$/.test(regex.source) && !regex.ignoreCase ? Buffer.from(regex.source, 'utf8') : null;
  let line = 0;
  let last = -1;
  let carry: Buffer | null = null;
  let lastByte = NEWLINE;
  // Search whole lines (a piece that is a part of a line longer than LONGEST_LINE reports its line once).
  const search = (piece: Buffer) => {
    const matches: number[] = [];
    line = literal ? scanBytes(piece, literal, line, matches) : scanText(decoded(piece), regex, line, matches);
    const fresh = matches[0] === last ? matches.slice(1) : matches;
    if (fresh.length) last = fresh.at(-1)!;
    found(fresh, line);
  };
  for await (const chunk of chunks) {
    if (chunk.length === 0) continue;
    lastByte = chunk[chunk.length - 1]!;
    let start = 0;
    if (carry) {
      const end = chunk.indexOf(NEWLINE);
      if (end === -1) {
        carry = Buffer.concat([carry, chunk]);
        if (carry.length >= LONGEST_LINE) {
          search(carry);
          carry = null;
        }
        continue;
      }
      search(Buffer.concat([carry, chunk.subarray(0, end + 1)]));
      carry = null;
      start = end + 1;
    }
    const cut = chunk.lastIndexOf(NEWLINE);
    if (cut >= start) search(chunk.subarray(start, cut + 1));
    const rest = Math.max(start, cut + 1);
    if (rest < chunk.length) carry = Buffer.from(chunk.subarray(rest));
  }
  if (carry) search(carry);
  return lastByte === NEWLINE ? line : line + 1;
}

/** Text as the regular expression sees it: a piece all ASCII (most of a log) decoded the fast way, which is the same text. */
function decoded(piece: Buffer): string {
  return isAscii(piece) ? piece.toString('latin1') : piece.toString('utf8');
}

/** Push the number of each line of `text` that holds a match (`first`: the number of its first line); answers the number after its last newline. */
function scanText(text: string, regex: RegExp, first: number, matches: number[]): number {
  let line = first;
  let counted = 0; // newlines before here are counted in `line`
  regex.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = regex.exec(text)) !== null) {
    const start = match.index;
    // After a final newline there is no line (an empty match of ^ would find one).
    if (start === text.length && text.charCodeAt(start - 1) === NEWLINE) break;
    for (let at = text.indexOf('\n', counted); at !== -1 && at < start; at = text.indexOf('\n', counted)) {
      line++;
      counted = at + 1;
    }
    matches.push(line);
    // One report per line: go on from the next line.
    const end = text.indexOf('\n', start);
    if (end === -1) break;
    regex.lastIndex = end + 1;
  }
  for (let at = text.indexOf('\n', counted); at !== -1; at = text.indexOf('\n', at + 1)) line++;
  return line;
}

/** scanText for a plain word, in the bytes. */
function scanBytes(bytes: Buffer, word: Buffer, first: number, matches: number[]): number {
  let line = first;
  let counted = 0;
  for (let start = bytes.indexOf(word); start !== -1; ) {
    for (let at = bytes.indexOf(NEWLINE, counted); at !== -1 && at < start; at = bytes.indexOf(NEWLINE, counted)) {
      line++;
      counted = at + 1;
    }
    matches.push(line);
    const end = bytes.indexOf(NEWLINE, start);
    if (end === -1) break;
    start = bytes.indexOf(word, end + 1);
  }
  for (let at = bytes.indexOf(NEWLINE, counted); at !== -1; at = bytes.indexOf(NEWLINE, at + 1)) line++;
  return line;
}
