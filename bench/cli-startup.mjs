// How fast `casedesk --help` answers: the command itself, and through `npx casedesk` (which adds
// npm's own start-up). Goal (issue 2): well under a second. Usage: npm run bench:cli
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const RUNS = 5;

function median(command, args) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    const r = spawnSync(command, args, { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${r.stderr}`);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
}

const baseline = median(process.execPath, ['-e', '0']);
const direct = median(process.execPath, ['bin/casedesk.js', '--help']);
const viaNpx = median('npx', ['casedesk', '--help']);
console.log(`casedesk --help, median of ${RUNS}`);
console.log(`  node -e 0 (baseline)       ${baseline.toFixed(0)} ms`);
console.log(`  node bin/casedesk.js       ${direct.toFixed(0)} ms   (${(direct / baseline).toFixed(1)}× bare node)`);
console.log(`  npx casedesk               ${viaNpx.toFixed(0)} ms   (npm's start-up included)`);
