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

/** The line index's offsets, when there is one: `checkpoints[k]` is where line k × `stride` starts. */
export interface KnownLines {
  checkpoints: ArrayLike<number>;
  stride: number;
}

/**
 * Search `chunks` for `regex` (flags g and m, from searchPattern): `found(lines, seen)` is told
 * the numbers of the matching lines of each chunk as it is searched, and the lines searched so far.
 * A chunk may be reused once the next is asked for. Answers the lines counted (a last line without
 * its newline counts). `known`: the line index's offsets so far — a match's line is then counted
 * from the nearest offset before it, not from the match before (counting every newline of the
 * file is what makes a search slower than grep -c, which counts none).
 */
export async function searchLog(chunks: AsyncIterable<Buffer> | Iterable<Buffer>, regex: RegExp, found: (lines: number[], seen: number) => void, known?: KnownLines): Promise<number> {
  // A plain word (most searches: an address, a message id, ERROR) is looked for in the bytes.
  const literal = /^[^\\^$.|?*+()[\]{}]+$/.test(regex.source) && !regex.ignoreCase ? Buffer.from(regex.source, 'utf8') : null;
  const counter = new LineCounter(known ?? { checkpoints: [0], stride: 1 });
  let base = 0; // where the next piece starts in the file's text
  let last = -1;
  let carry: Buffer | null = null;
  let lastByte = NEWLINE;
  // Search whole lines (a piece that is a part of a line longer than LONGEST_LINE reports its line once).
  const search = (piece: Buffer) => {
    const matches: number[] = [];
    if (literal) scanBytes(piece, literal, base, counter, matches);
    else scanText(piece, regex, base, counter, matches);
    base += piece.length;
    const fresh = matches[0] === last ? matches.slice(1) : matches;
    if (fresh.length) last = fresh.at(-1)!;
    found(fresh, counter.lineAt(piece, base - piece.length, base));
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
  return lastByte === NEWLINE ? counter.newlines : counter.newlines + 1;
}

/**
 * The line of each byte of the file's text, asked in ascending order: the newlines between the
 * last byte asked and this one are counted — or, where the line index has an offset between
 * them, only those from that offset on.
 */
class LineCounter {
  /** Newlines before `at`. */
  private line = 0;
  private at = 0;
  /** The last of the index's offsets at or before `at`. */
  private k = 0;

  constructor(private readonly known: KnownLines) {}

  /** The 0-based line of the byte `to`, which lies in `piece` (or just after it); `piece` begins at byte `base`, at or before the last byte asked. */
  lineAt(piece: Buffer, base: number, to: number): number {
    const { checkpoints, stride } = this.known;
    while (this.k + 1 < checkpoints.length && checkpoints[this.k + 1]! <= to) this.k++;
    if (checkpoints[this.k]! > this.at) {
      this.at = checkpoints[this.k]!;
      this.line = this.k * stride;
    }
    for (let at = piece.indexOf(NEWLINE, this.at - base); at !== -1 && base + at < to; at = piece.indexOf(NEWLINE, at + 1)) this.line++;
    this.at = to;
    return this.line;
  }

  /** Newlines before the last byte asked. */
  get newlines(): number {
    return this.line;
  }

  /** The newlines before the byte `to` were counted elsewhere: `line` of them. */
  counted(to: number, line: number): void {
    this.at = to;
    this.line = line;
  }
}

/** Push the number of each line of `piece` (which begins at byte `base`) that holds a match of `regex`. */
function scanText(piece: Buffer, regex: RegExp, base: number, counter: LineCounter, matches: number[]): void {
  // Text all ASCII (most of a log) is decoded the fast way, to the same text, a character to a byte.
  const ascii = isAscii(piece);
  const text = ascii ? piece.toString('latin1') : piece.toString('utf8');
  let lineAt = (index: number) => counter.lineAt(piece, base, base + index);
  let inText = 0;
  let counted = 0; // newlines of `text` before here are counted in `inText`
  if (!ascii) {
    // Characters are not bytes here: the lines are counted in the text.
    inText = counter.lineAt(piece, base, base);
    lineAt = (index: number) => {
      for (let at = text.indexOf('\n', counted); at !== -1 && at < index; at = text.indexOf('\n', counted)) {
        inText++;
        counted = at + 1;
      }
      return inText;
    };
  }
  regex.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = regex.exec(text)) !== null) {
    const start = match.index;
    // After a final newline there is no line (an empty match of ^ would find one).
    if (start === text.length && text.charCodeAt(start - 1) === NEWLINE) break;
    matches.push(lineAt(start));
    // One report per line: go on from the next line.
    const end = text.indexOf('\n', start);
    if (end === -1) break;
    regex.lastIndex = end + 1;
  }
  if (!ascii) counter.counted(base + piece.length, lineAt(text.length));
}

/** scanText for a plain word, in the bytes. */
function scanBytes(bytes: Buffer, word: Buffer, base: number, counter: LineCounter, matches: number[]): void {
  for (let start = bytes.indexOf(word); start !== -1; ) {
    matches.push(counter.lineAt(bytes, base, base + start));
    const end = bytes.indexOf(NEWLINE, start);
    if (end === -1) break;
    start = bytes.indexOf(word, end + 1);
  }
}
