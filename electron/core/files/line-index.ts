// The line index of a stored log, for the log viewer: the byte offset of every STRIDE-th line's
// start, found by streaming the file once (memory bounded by the stride, never the file), so any
// line is reached by one seek and a short read. A 2 GB log of 100-byte lines (20 million lines)
// indexes into 20,000 offsets.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';

/** Every how many lines an offset is kept. */
export const STRIDE = 1024;
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
 */
export async function indexLines(
  path: string,
  options: { onProgress?: (bytes: number) => void; signal?: AbortSignal; into?: LineIndex } = {},
): Promise<LineIndex> {
  const index = options.into ?? { lines: 0, bytes: 0, checkpoints: [0] };
  const checkpoints = index.checkpoints;
  let lines = 0;
  let offset = 0;
  let lastByte = NEWLINE;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20, ...(options.signal ? { signal: options.signal } : {}) }) as AsyncIterable<Buffer>) {
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
    options.onProgress?.(offset);
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
  const wanted = Math.min(count, Math.max(0, index.lines - from));
  if (wanted === 0) return [];
  const file = await open(path, 'r');
  try {
    let position = index.checkpoints[Math.floor(from / STRIDE)]!;
    let skip = from % STRIDE;
    const out: string[] = [];
    let carry: Buffer = Buffer.alloc(0);
    const buffer = Buffer.alloc(256 * 1024);
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
  } finally {
    await file.close();
  }
}
