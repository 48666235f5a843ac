// Benchmark of the local case store on 100,000 generated cases (0–6 events each): `import`,
// `cases list --json` and `report`, each with its peak memory, and the read-and-parse floor of the
// same file measured in the same run. Goals (issue 3): import under 10 s, list and report under
// 2 s each. Usage: npm run bench:store [-- COUNT]
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCases } from './support/generate-cases.mjs';
import { measureNode } from './support/measure.mjs';

const count = Number(process.argv[2] ?? 100_000);
const root = fileURLToPath(new URL('..', import.meta.url));
const file = `${root}bench/data/cases-${count}.json`;
const cli = `${root}out/cli/casedesk.mjs`;
if (!existsSync(cli)) throw new Error('build the command line first: npm run build:cli');
mkdirSync(`${root}bench/data`, { recursive: true });
if (!existsSync(file)) writeCases(file, count, 42);
const AT = '2011-07-01T12:00:00-04:00';
const RUNS = 3;
const best = (f) => Array.from({ length: RUNS }, f).sort((a, b) => a.ms - b.ms)[0];

const floor = best(() => measureNode(['-e', `JSON.parse(require('fs').readFileSync(${JSON.stringify(file)},'utf8'))`]));
const work = mkdtempSync(join(tmpdir(), 'casedesk-bench-store-'));
const imports = [];
let db;
for (let i = 0; i < RUNS; i++) {
  db = join(work, `cases-${i}.db`);
  imports.push(measureNode([cli, 'import', file, '--db', db]));
}
const imported = imports.sort((a, b) => a.ms - b.ms)[0];
const list = best(() => measureNode([cli, 'cases', 'list', '--db', db, '--json', '--at', AT]));
const listed = (list.stdout.toString().match(/"number":/g) ?? []).length;
if (listed !== count) throw new Error(`cases list printed ${listed} cases, expected ${count}`);
const report = best(() => measureNode([cli, 'report', '--db', db, '--at', AT]));
const dbMb = statSync(db).size / 1e6;
rmSync(work, { recursive: true, force: true });

const line = (name, r, goal) =>
  `  ${name.padEnd(22)} ${String(Math.round(r.ms)).padStart(6)} ms  ${(r.ms / floor.ms).toFixed(1).padStart(5)}× floor  peak ${r.peakMiB.toFixed(0).padStart(4)} MiB  goal < ${goal} ms: ${r.ms < goal ? 'ok' : 'OVER'}`;
console.log(`local store: ${count} cases, ${(statSync(file).size / 1e6).toFixed(1)} MB file, database ${dbMb.toFixed(0)} MB; best of ${RUNS}`);
console.log(`  ${'read+parse floor'.padEnd(22)} ${String(Math.round(floor.ms)).padStart(6)} ms                peak ${floor.peakMiB.toFixed(0).padStart(4)} MiB`);
console.log(line('import', imported, 10_000));
console.log(line('cases list --json', list, 2_000));
console.log(line('report', report, 2_000));
