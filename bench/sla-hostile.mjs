// Benchmark of the clocks under a policy open one hour a week (Monday 09:00–10:00), against the
// default policy (55 hours a week) in the same run: `casedesk sla check` of the same 100,000
// generated cases under each. Counting skips whole weeks, so the sparse calendar, whose deadlines
// lie up to a year away, must not cost much more than the dense one.
// Goal (issue 10): the one-hour-a-week policy within 2× the default policy's time.
// Usage: npm run bench:sla-hostile [-- COUNT]
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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

const policy = structuredClone(createRequire(import.meta.url)('../shared/policy/default-policy.json'));
for (const day of Object.keys(policy.businessHours)) policy.businessHours[day] = [];
policy.businessHours.monday = [{ start: '09:00', end: '10:00' }];
policy.id = 'one-hour-a-week';
const policyFile = `${dataDir}/policy-one-hour-a-week.json`;
writeFileSync(policyFile, JSON.stringify(policy, null, 2));

const RUNS = 3;
const best = (f) => Array.from({ length: RUNS }, f).sort((a, b) => a.ms - b.ms)[0];
const at = ['--at', '2011-07-01T12:00:00-04:00'];
const dense = best(() => measureNode([cli, 'sla', 'check', file, ...at]));
const sparse = best(() => measureNode([cli, 'sla', 'check', file, '--policy', policyFile, ...at]));
for (const [name, run] of [['default', dense], ['one hour a week', sparse]]) {
  const evaluated = (run.stdout.toString().match(/"id":/g) ?? []).length;
  if (evaluated !== count) throw new Error(`${name}: expected ${count} cases in the output, got ${evaluated}`);
}

const ratio = sparse.ms / dense.ms;
console.log(`sla check under a policy open one hour a week: ${count} cases, best of ${RUNS}`);
console.log(`  default policy (55 h a week)   ${dense.ms.toFixed(0)} ms   peak ${dense.peakMiB.toFixed(0)} MiB`);
console.log(`  one hour a week                ${sparse.ms.toFixed(0)} ms   peak ${sparse.peakMiB.toFixed(0)} MiB`);
console.log(`  ratio                          ${ratio.toFixed(2)}×   (goal ≤ 2×)`);
console.log(`  verdict                        ${ratio <= 2 ? 'within goal' : 'OVER GOAL'}`);
