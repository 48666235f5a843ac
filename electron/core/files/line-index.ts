// The line index of a stored log, for the log viewer: the byte offset of every STRIDE-th line's
// start, found by streaming the file once (memory bounded by the stride, never the file), so any
// line is reached by one seek and a short read, and a search counts a match's line from the
// nearest offset before it (log-search.ts). A 2 GB log of 100-byte lines (20 million lines)
// indexes into 160,000 offsets (1.3 MB).
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/** Every how many lines an offset is kept. */
export const STRIDE = 128;
const NEWLINE = 0x0a;

export interface LineIndex {
  /** Lines in the file (a last line without a newline counts); while indexing, the lines counted so far. */
  lines: number;
  bytes: number;
  /** `checkpoints[k]`: where line k × STRIDE starts (0-based lines). */
  checkpoints: number[];
  /** Whether the whole file was read (a partial index serves the lines counted so far). */
  done?: boolean;
}

/**
 * Index the file at `path`; `onProgress(bytesRead)` is told as it goes, `signal` stops it. `into`
 * is filled as the file is read, so the lines counted so far can be read before it is done.
 * `source` gives the bytes instead of the file (a gzip log's unpacked text), each chunk written
 * to `copyTo` before its lines are counted — the lines counted are always there to read.
 */
export async function indexLines(
  path: string,
  options: { onProgress?: (bytes: number) => void; signal?: AbortSignal; into?: LineIndex; source?: AsyncIterable<Buffer> | Iterable<Buffer>; copyTo?: string } = {},
): Promise<LineIndex> {
  const index = options.into ?? { lines: 0, bytes: 0, checkpoints: [0] };
  const checkpoints = index.checkpoints;
  const copy = options.copyTo ? await open(options.copyTo, 'w') : null;
  try {
    const chunks = options.source ?? (createReadStream(path, { highWaterMark: 1 << 20, ...(options.signal ? { signal: options.signal } : {}) }) as AsyncIterable<Buffer>);
    return await countLines(copy ? copied(chunks, copy) : chunks, index, checkpoints, options.onProgress);
  } finally {
    await copy?.close();
  }
}

async function* copied(chunks: AsyncIterable<Buffer> | Iterable<Buffer>, to: FileHandle): AsyncIterable<Buffer> {
  for await (const chunk of chunks) {
    for (let written = 0; written < chunk.length; ) written += (await to.write(chunk, written)).bytesWritten;
    yield chunk;
  }
}

async function countLines(chunks: AsyncIterable<Buffer> | Iterable<Buffer>, index: LineIndex, checkpoints: number[], onProgress?: (bytes: number) => void): Promise<LineIndex> {
  let lines = 0;
  let offset = 0;
  let lastByte = NEWLINE;
  for await (const chunk of chunks) {
    let at = chunk.indexOf(NEWLINE);
    while (at !== -1) {
      lines++;
      if (lines % STRIDE === 0) checkpoints.push(offset + at + 1);
      at = chunk.indexOf(NEWLINE, at + 1);
    }
    offset += chunk.length;
    lastByte = chunk[chunk.length - 1]!;
    index.lines = lines;
    index.bytes = offset;
    onProgress?.(offset);
  }
  if (offset > 0 && lastByte !== NEWLINE) lines++;
  // A checkpoint at the very end (the file ends with a newline on a stride) starts no line.
  if (checkpoints.length > 1 && checkpoints.at(-1) === offset) checkpoints.pop();
  index.lines = lines;
  index.bytes = offset;
  index.done = true;
  return index;
}

/** Lines `from` to `from + count - 1` (0-based, fewer at the end), without their newline, as text. */
export async function readLines(path: string, index: LineIndex, from: number, count: number): Promise<string[]> {
  if (!Number.isInteger(from) || from < 0 || !Number.isInteger(count) || count < 0) throw new RangeError(`no lines ${from}…${from + count - 1}`);
  if (Math.min(count, index.lines - from) <= 0) return [];
  const file = await open(path, 'r');
  try {
    return await linesFrom(file, index, from, count);
  } finally {
    await file.close();
  }
}

/** The text of each of `lines` (0-based; null for a line the index has not reached), the file opened once. */
export async function readLinesAt(path: string, index: LineIndex, lines: number[]): Promise<(string | null)[]> {
  if (!lines.some((line) => line < index.lines)) return lines.map(() => null);
  const file = await open(path, 'r');
  try {
    const out: (string | null)[] = [];
    for (const line of lines) out.push(line < index.lines ? ((await linesFrom(file, index, line, 1))[0] ?? null) : null);
    return out;
  } finally {
    await file.close();
  }
}

async function linesFrom(file: FileHandle, index: LineIndex, from: number, count: number): Promise<string[]> {
  const wanted = Math.min(count, Math.max(0, index.lines - from));
  let position = index.checkpoints[Math.floor(from / STRIDE)]!;
  let skip = from % STRIDE;
  const out: string[] = [];
  let carry: Buffer = Buffer.alloc(0);
  // A short first read serves one line; more lines read more at a time.
  const buffer = Buffer.alloc(wanted === 1 ? 64 * 1024 : 256 * 1024);
  while (out.length < wanted) {
    const { bytesRead } = await file.read(buffer, 0, buffer.length, position);
    position += bytesRead;
    const data = carry.length ? Buffer.concat([carry, buffer.subarray(0, bytesRead)]) : buffer.subarray(0, bytesRead);
    let start = 0;
    let at = data.indexOf(NEWLINE);
    while (at !== -1 && out.length < wanted) {
      if (skip > 0) skip--;
      else out.push(data.toString('utf8', start, at > start && data[at - 1] === 0x0d ? at - 1 : at));
      start = at + 1;
      at = data.indexOf(NEWLINE, start);
    }
    carry = Buffer.from(data.subarray(start));
    if (bytesRead === 0) {
      // The last line, with no newline after it.
      if (carry.length && out.length < wanted && skip === 0) out.push(carry.toString('utf8'));
      break;
    }
  }
  return out;
}
