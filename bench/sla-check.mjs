// Benchmark of `casedesk sla check` on 100,000 generated cases (0–6 events each, ~35 MB).
// Prints cases per second and peak memory of the whole command, against a floor measured in the
// same run: a process that only reads, parses and re-serialises the same file.
// Goal (issue 2): the whole command under 2 s and under 1 GB on a 2-core machine.
// Usage: npm run bench:sla [-- COUNT]
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { writeCases } from './support/generate-cases.mjs';
import { measureNode } from './support/measure.mjs';

const count = Number(process.argv[2] ?? 100_000);
const root = fileURLToPath(new URL('..', import.meta.url));
const dataDir = `${root}bench/data`;
const file = `${dataDir}/cases-${count}.json`;
const cli = `${root}out/cli/casedesk.mjs`;
if (!existsSync(cli)) throw new Error('build the command line first: npm run build:cli');
mkdirSync(dataDir, { recursive: true });
if (!existsSync(file)) writeCases(file, count, 42);
const mb = statSync(file).size / 1e6;

const RUNS = 3;
const best = (f) => Array.from({ length: RUNS }, f).sort((a, b) => a.ms - b.ms)[0];
const floor = best(() =>
  measureNode(['-e', `const fs=require('fs');const d=JSON.parse(fs.readFileSync(${JSON.stringify(file)},'utf8'));process.stdout.write(JSON.stringify(d.cases.map(c=>({id:c.id,loggedAt:c.loggedAt}))))`]),
);
const check = best(() => measureNode([cli, 'sla', 'check', file, '--at', '2011-07-01T12:00:00-04:00']));
const evaluated = (check.stdout.toString().match(/"id":/g) ?? []).length;
if (evaluated !== count) throw new Error(`expected ${count} cases in the output, got ${evaluated}`);

const secs = check.ms / 1000;
console.log(`sla check: ${count} cases, ${mb.toFixed(1)} MB input, best of ${RUNS}`);
console.log(`  whole command      ${check.ms.toFixed(0)} ms   ${Math.round(count / secs).toLocaleString('en-US')} cases/s   peak ${check.peakMiB.toFixed(0)} MiB   (goal < 2000 ms, < 1024 MiB)`);
console.log(`  read+parse floor   ${floor.ms.toFixed(0)} ms   peak ${floor.peakMiB.toFixed(0)} MiB`);
console.log(`  ratio to floor     ${(check.ms / floor.ms).toFixed(2)}×`);
console.log(`  verdict            ${check.ms < 2000 && check.peakMiB < 1024 ? 'within goal' : 'OVER GOAL'}`);
