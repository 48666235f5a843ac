// The log viewer's line index on real files: any line reached by its number, across the index's
// checkpoints, with a last line that has no newline, CRLF endings, an empty file, and lines asked
// past the end — compared with splitting the whole file.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { indexLines, readLines, STRIDE } from '../../../../electron/core/files/line-index';
import { tempFiles } from '../../../support/run-casedesk';

const dir = tempFiles({});
function logFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
const lineText = (i: number) => `2010-11-29 09:${String(i % 60).padStart(2, '0')} ${i % 7 === 0 ? 'ERROR' : 'INFO'} line ${i} ${'x'.repeat(i % 13)}`;

describe('the line index of a log', () => {
  it('reaches any line by its number, across checkpoints, as splitting the file would', async () => {
    const all = Array.from({ length: STRIDE * 3 + 17 }, (_, i) => lineText(i));
    const path = logFile('mail.log', all.join('\n') + '\n');
    const index = await indexLines(path);
    expect(index.lines).toBe(all.length);
    expect(index.checkpoints).toHaveLength(4);
    for (const from of [0, 1, STRIDE - 1, STRIDE, STRIDE * 2 + 5, all.length - 3]) {
      expect(await readLines(path, index, from, 40)).toEqual(all.slice(from, from + 40));
    }
    expect(await readLines(path, index, all.length, 10)).toEqual([]);
  });

  it('counts a last line without a newline, drops CR of CRLF, and indexes an empty file', async () => {
    const path = logFile('win.log', 'first\r\nsecond\r\nthird without newline');
    const index = await indexLines(path);
    expect(index.lines).toBe(3);
    expect(await readLines(path, index, 0, 10)).toEqual(['first', 'second', 'third without newline']);
    expect(await readLines(path, index, 2, 1)).toEqual(['third without newline']);
    const empty = logFile('empty.log', '');
    expect(await indexLines(empty)).toEqual({ lines: 0, bytes: 0, checkpoints: [0], done: true });
  });

  it('keeps one offset per stride for a file ending exactly on one, and refuses a negative line', async () => {
    const all = Array.from({ length: STRIDE * 2 }, (_, i) => lineText(i));
    const path = logFile('exact.log', all.join('\n') + '\n');
    const index = await indexLines(path);
    expect(index).toMatchObject({ lines: STRIDE * 2, checkpoints: [0, expect.any(Number)] });
    expect(await readLines(path, index, STRIDE * 2 - 1, 5)).toEqual([all.at(-1)]);
    await expect(readLines(path, index, -1, 5)).rejects.toThrow(RangeError);
  });
});
