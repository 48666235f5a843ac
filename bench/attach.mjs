// Benchmark of attaching a large file: `casedesk attach` (hash while copying into the file store,
// fsync, rename, record) against `sha256sum` of the same file (hash only), in the same run, and
// the attach's peak memory above the command line's own baseline (`casedesk attachments` on the
// same database). Goals (issue 12): at least 0.8× sha256sum's speed; under 150 MB above baseline.
// Usage: npm run bench:attach [-- SIZE_MB]   (default 1024)
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const sizeMb = Number(process.argv[2] ?? 1024);
const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'bin/casedesk.js');
const work = mkdtempSync(join(tmpdir(), 'casedesk-bench-attach-'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Run a command; its wall time (ms) and the peak resident memory (MB) its process reached. */
function run(command, args) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let peakKb = 0;
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // VmHWM is the process's high-water mark: the last reading before it exits is its peak.
    const watch = setInterval(() => {
      try {
        const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
      } catch {
        // gone
      }
    }, 20);
    child.on('exit', (code) => {
      clearInterval(watch);
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} failed (${code}): ${stderr}`));
      else resolve({ ms: performance.now() - started, peakMb: peakKb / 1024 });
    });
  });
}

try {
  const file = join(work, 'big.log');
  const fd = openSync(file, 'w');
  const chunk = randomBytes(1 << 20);
  for (let i = 0; i < sizeMb; i++) {
    chunk[0] = i & 0xff; // every MiB differs
    writeSync(fd, chunk);
  }
  closeSync(fd);
  execFileSync(process.execPath, [cli, 'import', join(root, 'docs/examples/cases.json'), '--db', join(work, 'cases.db')], { stdio: 'ignore' });
  const db = join(work, 'cases.db');

  const hashMs = [];
  const attachMs = [];
  const peaks = [];
  const baselines = [];
  for (let i = 0; i < 3; i++) {
    hashMs.push((await run('sha256sum', [file])).ms);
    rmSync(`${db}.files`, { recursive: true, force: true });
    // A fresh case each round, so the content is new to the store and to the case.
    const caseId = ['C-1001', 'C-1002', 'C-1003'][i];
    const attach = await run(process.execPath, [cli, 'attach', caseId, file, '--db', db, '--as', 'bench']);
    attachMs.push(attach.ms);
    peaks.push(attach.peakMb);
    baselines.push((await run(process.execPath, [cli, 'attachments', caseId, '--db', db])).peakMb);
  }
  const mbps = (ms) => (sizeMb / (ms / 1000)).toFixed(0);
  const ratio = median(hashMs) / median(attachMs);
  const above = median(peaks) - median(baselines);
  console.log(`attaching a ${sizeMb.toLocaleString('en-US')} MiB file (median of 3)`);
  console.log(`  sha256sum              ${median(hashMs).toFixed(0).padStart(6)} ms  (${mbps(median(hashMs))} MiB/s)`);
  console.log(`  casedesk attach        ${median(attachMs).toFixed(0).padStart(6)} ms  (${mbps(median(attachMs))} MiB/s: hash, copy, fsync, record)`);
  console.log(`  speed vs sha256sum     ${ratio.toFixed(2)}×        goal ≥ 0.8×: ${ratio >= 0.8 ? 'ok' : 'UNDER'}`);
  console.log(`  peak memory            ${median(peaks).toFixed(0).padStart(6)} MB, baseline ${median(baselines).toFixed(0)} MB: ${above.toFixed(0)} MB above   goal < 150 MB: ${above < 150 ? 'ok' : 'OVER'}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
