// Searching a stored log on real files, the way the log viewer does: every matching line once, by
// its number, across chunk boundaries and a last line without a newline; gzip logs streamed through
// zlib; a pattern that is not a regular expression named; and a search in its own thread (the
// built worker) ended at once when another pattern replaces it — a pattern that would backtrack
// for hours included.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { indexLines, STRIDE } from '../../../../electron/core/files/line-index';
import { logChunks, searchLog, searchPattern, type KnownLines } from '../../../../electron/core/files/log-search';
import { firstAtOrAfter, LogSearches, overviewOf, OVERVIEW_CELLS, type LogSearch } from '../../../../electron/core/files/log-searches';
import { tempFiles } from '../../../support/run-casedesk';

const dir = tempFiles({});
const WORKER = join(process.cwd(), 'out/cli/log-search-worker.mjs');
const lineText = (i: number) => `2010-11-29 09:${String(i % 60).padStart(2, '0')} ${i % 7 === 0 ? 'ERROR' : 'INFO'} line ${i} ${'x'.repeat(i % 13)}`;

function logFile(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function matchingLines(path: string, pattern: string, ignoreCase = false, known?: KnownLines): Promise<{ matches: number[]; lines: number }> {
  const matches: number[] = [];
  const { chunks } = await logChunks(path);
  const lines = await searchLog(chunks, searchPattern(pattern, ignoreCase), (found) => matches.push(...found), known);
  return { matches, lines };
}

/** The lines `test` holds for, as grep would number them (0-based). */
const expected = (all: string[], test: (line: string) => boolean) => all.flatMap((line, i) => (test(line) ? [i] : []));

async function settled(search: LogSearch): Promise<LogSearch> {
  for (let i = 0; i < 400 && !search.done; i++) await new Promise((resolve) => setTimeout(resolve, 25));
  return search;
}

describe('searching a log', () => {
  // 60,000 lines: several 1 MB chunks, so lines fall across the cuts.
  const all = Array.from({ length: 60_000 }, (_, i) => lineText(i));
  const plain = logFile('mail.log', all.join('\n') + '\n');

  it('finds each matching line once, numbered across chunks, as splitting the file would', async () => {
    expect(await matchingLines(plain, 'ERROR')).toEqual({ matches: expected(all, (l) => l.includes('ERROR')), lines: all.length });
    // Two matches on one line count once; a pattern over the line's start and end works per line.
    expect((await matchingLines(plain, 'x')).matches).toEqual(expected(all, (l) => l.includes('x')));
    expect((await matchingLines(plain, '^2010.*line 1\\d{4} x{12}$')).matches).toEqual(expected(all, (l) => /^2010.*line 1\d{4} x{12}$/.test(l)));
    expect((await matchingLines(plain, 'error', true)).matches).toEqual(expected(all, (l) => l.includes('ERROR')));
    expect((await matchingLines(plain, 'error')).matches).toEqual([]);
  });

  it('numbers the lines the same from the line index\'s offsets, whole or partial, in ASCII and in UTF-8 text', async () => {
    // Every fifth line non-ASCII, so some pieces are searched as characters, not bytes.
    const mixed = all.map((line, i) => (i % 5 === 0 ? `${line} Zürich → 東京` : line));
    const path = logFile('mixed.log', mixed.join('\n'));
    const { checkpoints } = await indexLines(path);
    const whole: KnownLines = { checkpoints, stride: STRIDE };
    const partial: KnownLines = { checkpoints: checkpoints.slice(0, checkpoints.length >> 1), stride: STRIDE };
    for (const [pattern, test] of [
      ['ERROR', (l: string) => l.includes('ERROR')],
      ['line \\d+5 ', (l: string) => /line \d+5 /.test(l)],
      ['東京$', (l: string) => l.endsWith('東京')],
    ] as const) {
      const want = { matches: expected(mixed, test), lines: mixed.length };
      expect(await matchingLines(path, pattern, false, whole)).toEqual(want);
      expect(await matchingLines(path, pattern, false, partial)).toEqual(want);
    }
  });

  it('matches empty patterns once per line, a last line without a newline, and an empty file', async () => {
    const path = logFile('short.log', 'one\n\nthree\nlast without newline');
    expect(await matchingLines(path, '^')).toEqual({ matches: [0, 1, 2, 3], lines: 4 });
    expect(await matchingLines(path, '^$')).toEqual({ matches: [1], lines: 4 });
    expect(await matchingLines(path, 'newline$')).toEqual({ matches: [3], lines: 4 });
    // A match over a newline is the line it starts in.
    expect(await matchingLines(path, 'one\\n\\nthree')).toEqual({ matches: [0], lines: 4 });
    expect(await matchingLines(logFile('empty.log', ''), '^')).toEqual({ matches: [], lines: 0 });
  });

  it('streams a gzip log through zlib, whatever its name, with the same lines', async () => {
    const packed = logFile('mail.log.1', gzipSync(all.join('\n') + '\n'));
    expect(await matchingLines(packed, 'line 4\\d+ ')).toEqual(await matchingLines(plain, 'line 4\\d+ '));
    const broken = logFile('broken.gz', gzipSync(all.join('\n')).subarray(0, 5000));
    await expect(matchingLines(broken, 'ERROR')).rejects.toThrow(/unexpected end of file/);
  });

  it('names what is wrong with a pattern that is not a regular expression', () => {
    expect(() => searchPattern('ERROR (smtp', false)).toThrow('not a regular expression: Unterminated group');
    expect(() => searchPattern('[z-a]', true)).toThrow('not a regular expression: Range out of order in character class');
  });

  it('tells where matches lie and finds the match at or after a line', () => {
    const cells = overviewOf([0, 1, 500, 999], 1000);
    expect(cells).toHaveLength(OVERVIEW_CELLS);
    expect([cells[0], cells[256], cells[511]]).toEqual([2, 1, 1]);
    expect([firstAtOrAfter([3, 9, 20], 0), firstAtOrAfter([3, 9, 20], 9), firstAtOrAfter([3, 9, 20], 10), firstAtOrAfter([3, 9, 20], 21)]).toEqual([0, 1, 2, 3]);
  });

  for (const where of ['in its own thread', 'in this thread'] as const) {
    it(`runs a search ${where}, kept until another pattern replaces it`, async () => {
      const searches = new LogSearches(where === 'in its own thread' ? WORKER : undefined);
      try {
        const search = await settled(searches.search('a'.repeat(64), plain, 'ERROR', false));
        expect(search).toMatchObject({ done: true, error: null, count: Math.ceil(all.length / 7), lines: all.length });
        expect(search.matches.slice(0, 3)).toEqual([0, 7, 14]);
        expect(searches.search('a'.repeat(64), plain, 'ERROR', false)).toBe(search);
        const other = searches.search('a'.repeat(64), plain, 'INFO', false);
        expect(other).not.toBe(search);
        expect((await settled(other)).count).toBe(all.length - search.count);
      } finally {
        searches.close();
      }
    });
  }

  it('ends a search whose pattern backtracks for ever as soon as another pattern is asked for', async () => {
    const searches = new LogSearches(WORKER);
    try {
      const path = logFile('evil.log', `${'a'.repeat(40)}!\n`.repeat(50));
      const evil = searches.search('b'.repeat(64), path, '^(a+)+$', false);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(evil.done).toBe(false);
      const started = Date.now();
      const good = await settled(searches.search('b'.repeat(64), path, '!$', false));
      expect(good).toMatchObject({ done: true, count: 50 });
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      searches.close();
    }
  });
});
