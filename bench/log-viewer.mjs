// Benchmark of the log viewer's core on a large log (issue 12): the first screen (60 lines) read
// while the line index is still being built, against the goal of 500 ms; the whole index against
// `wc -l` of the same file in the same run (the line count a plain tool gets); a search, in its
// own thread as the viewer runs it — on a log already opened, so with the line index's offsets —
// the time to its first hit and to its full match count against `grep -c` of the same pattern on
// the same file (goal: within 1.5×), and the same search started before there is an index. The core's modules
// are bundled on the fly with esbuild.
// Usage: npm run bench:log-viewer [-- SIZE_MB]   (default 2048)
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const sizeMb = Number(process.argv[2] ?? 2048);
const root = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'casedesk-bench-log-'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  const bundle = join(work, 'line-index.mjs');
  await build({ entryPoints: [join(root, 'electron/core/files/line-index.ts')], bundle: true, platform: 'node', format: 'esm', outfile: bundle, logLevel: 'warning' });
  const { indexLines, readLines, STRIDE } = await import(pathToFileURL(bundle).href);
  const searchesBundle = join(work, 'log-searches.mjs');
  const worker = join(work, 'log-search-worker.mjs');
  await build({ entryPoints: [join(root, 'electron/core/files/log-searches.ts')], bundle: true, platform: 'node', format: 'esm', outfile: searchesBundle, logLevel: 'warning' });
  await build({ entryPoints: [join(root, 'electron/core/files/log-search-worker.ts')], bundle: true, platform: 'node', format: 'esm', outfile: worker, logLevel: 'warning' });
  const { LogSearches } = await import(pathToFileURL(searchesBundle).href);

  // A mail gateway's log: lines of 60 to 200 bytes, one in a thousand an ERROR.
  const file = join(work, 'mail.log');
  const fd = openSync(file, 'w');
  const lines = [];
  for (let i = 0; i < 20_000; i++) lines.push(`2010-11-29 09:${String(i % 60).padStart(2, '0')}:00 ${i % 1000 === 7 ? 'ERROR' : 'INFO'} smtp[${i}]: ${'delivered to mx.example.org '.repeat(1 + (i % 5))}`);
  const block = Buffer.from(lines.join('\n') + '\n');
  for (let written = 0; written < sizeMb * (1 << 20); written += block.length) writeSync(fd, block);
  closeSync(fd);

  const first = [];
  const whole = [];
  const wc = [];
  let counted = 0;
  let index;
  for (let round = 0; round < 3; round++) {
    const started = performance.now();
    index = { lines: 0, bytes: 0, checkpoints: [0] };
    const building = indexLines(file, { into: index });
    // The viewer asks until the first screen's lines are counted, then reads them.
    while (index.lines < 60 && !index.done) await new Promise((r) => setImmediate(r));
    const screen = await readLines(file, index, 0, 60);
    first.push(performance.now() - started);
    if (screen.length !== 60) throw new Error(`the first screen had ${screen.length} lines`);
    counted = (await building).lines;
    whole.push(performance.now() - started);
    const wcStarted = performance.now();
    const wcLines = Number(execFileSync('wc', ['-l', file], { encoding: 'utf8' }).trim().split(/\s+/)[0]);
    wc.push(performance.now() - wcStarted);
    if (wcLines !== counted) throw new Error(`the index counted ${counted} lines, wc -l ${wcLines}`);
  }

  // A search as the viewer runs it: the log opened first, so the search has the line index's
  // offsets; and one started before the index is there, which counts every line itself.
  const PATTERN = 'ERROR';
  const known = { checkpoints: Float64Array.from(index.checkpoints), stride: STRIDE };
  const firstHit = [];
  const allHits = [];
  const unindexed = [];
  const grep = [];
  let hits = 0;
  let round = 0;
  // One LogSearches for the run, as the core has: its thread is ready when a log is opened.
  const searches = new LogSearches(worker);
  const searchOnce = async (lines) => {
    searches.warm();
    await new Promise((r) => setTimeout(r, 300)); // the engineer typing the pattern
    const started = performance.now();
    // Each round its own file name, so nothing is kept from the round before.
    const search = searches.search(String(round++ % 10).repeat(64), file, PATTERN, false, lines);
    while (search.count === 0 && !search.done) await new Promise((r) => setTimeout(r, 1));
    const first = performance.now() - started;
    while (!search.done) await new Promise((r) => setTimeout(r, 1));
    const all = performance.now() - started;
    if (search.error) throw new Error(search.error);
    if (search.lines !== counted) throw new Error(`the search counted ${search.lines} lines, the index ${counted}`);
    return { first, all, count: search.count };
  };
  for (let r = 0; r < 3; r++) {
    const withIndex = await searchOnce(known);
    firstHit.push(withIndex.first);
    allHits.push(withIndex.all);
    hits = withIndex.count;
    const without = await searchOnce(undefined);
    unindexed.push(without.all);
    if (without.count !== hits) throw new Error(`the search without the index found ${without.count} lines, with it ${hits}`);
    const grepStarted = performance.now();
    const grepCount = Number(execFileSync('grep', ['-c', PATTERN, file], { encoding: 'utf8' }).trim());
    grep.push(performance.now() - grepStarted);
    if (grepCount !== hits) throw new Error(`the search found ${hits} lines, grep -c ${grepCount}`);
  }
  searches.close();

  const ratio = median(whole) / median(wc);
  console.log(`log viewer on a ${sizeMb.toLocaleString('en-US')} MiB log, ${counted.toLocaleString('en-US')} lines (median of 3)`);
  console.log(`  first screen (60 lines)  ${median(first).toFixed(0).padStart(6)} ms   goal < 500 ms: ${median(first) < 500 ? 'ok' : 'OVER'}`);
  console.log(`  whole line index         ${median(whole).toFixed(0).padStart(6)} ms`);
  console.log(`  wc -l                    ${median(wc).toFixed(0).padStart(6)} ms`);
  console.log(`  index vs wc -l           ${ratio.toFixed(2)}× the time`);
  const searchRatio = median(allHits) / median(grep);
  console.log(`  search /${PATTERN}/: ${hits.toLocaleString('en-US')} matching lines`);
  console.log(`  first hit                ${median(firstHit).toFixed(0).padStart(6)} ms`);
  console.log(`  full match count         ${median(allHits).toFixed(0).padStart(6)} ms`);
  console.log(`  grep -c                  ${median(grep).toFixed(0).padStart(6)} ms`);
  console.log(`  search vs grep -c        ${searchRatio.toFixed(2)}× the time   goal ≤ 1.5×: ${searchRatio <= 1.5 ? 'ok' : 'OVER'}`);
  console.log(`  before the index is built ${median(unindexed).toFixed(0).padStart(5)} ms   ${(median(unindexed) / median(grep)).toFixed(2)}× grep -c (every line counted by the search)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
