// Runs a command as a child process and reports its wall time and peak memory.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PEAK = fileURLToPath(new URL('./peak-memory.mjs', import.meta.url));

/** Run `node <args>`; returns { ms, peakMiB, stdoutBytes, status }. Throws when it fails. */
export function measureNode(args, { env = {} } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'casedesk-bench-'));
  const rssFile = join(dir, 'rss');
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['--import', PEAK, ...args], {
    env: { ...process.env, ...env, CASEDESK_BENCH_RSS_FILE: rssFile },
    maxBuffer: 1 << 30,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0) throw new Error(`node ${args.join(' ')} failed (${child.status}): ${child.stderr}`);
  const peakMiB = Number(readFileSync(rssFile, 'utf8')) / 1024;
  rmSync(dir, { recursive: true, force: true });
  return { ms, peakMiB, stdoutBytes: child.stdout.length, stdout: child.stdout };
}
