// What the sync benchmarks share: the central server as its own process (`casedesk server`, with
// its peak memory), users added through the command line, child processes timed with their peak
// memory, percentiles, and cleaning up what a run started even when it fails.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const cli = `${root}bin/casedesk.js`;
const PEAK = fileURLToPath(new URL('./peak-memory.mjs', import.meta.url));

export function requireCli() {
  if (!existsSync(`${root}out/cli/casedesk.mjs`)) throw new Error('build the command line first: npm run build:cli');
}

/** A temporary folder for the run, removed by cleanup(). */
export function workDir(label) {
  return mkdtempSync(join(tmpdir(), `casedesk-bench-${label}-`));
}

const started = new Set();
const cleanups = [];

/** Run `work` on cleanup (children are stopped first, then these, last registered first). */
export function onCleanup(work) {
  cleanups.push(work);
}

export async function cleanup() {
  for (const child of started) child.kill('SIGKILL');
  started.clear();
  for (const work of cleanups.splice(0).reverse()) {
    try {
      await work();
    } catch (err) {
      console.error(`cleanup: ${err.message}`);
    }
  }
}

/** Run `main`, then clean up whatever happened; a failure is printed and sets exit code 1. */
export async function runBench(main) {
  const stop = () => void cleanup().then(() => process.exit(130));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await main();
  } catch (err) {
    console.error(err.stack ?? String(err));
    process.exitCode = 1;
  } finally {
    await cleanup();
  }
}

/** `casedesk ARGS` synchronously; its stdout, or a thrown error with its stderr. */
export function casedesk(args, { env = {} } = {}) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`casedesk ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** Add a server user; their token. */
export function addUser(name, role, where) {
  return casedesk(['server', 'user', 'add', name, '--role', role, ...where]).trim().split('\n').at(-1);
}

/**
 * `node [--import peak-memory] bin/casedesk.js ARGS` as a child process, timed (the bench's event
 * loop stays free meanwhile); resolves { ms, peakMiB, stdout, stderr }, rejects when it fails or
 * runs longer than `timeoutMs`.
 */
export function timeCasedesk(args, { env = {}, timeoutMs = 20 * 60_000 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'casedesk-bench-rss-'));
  const rssFile = join(dir, 'rss');
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--import', PEAK, cli, ...args], { cwd: root, env: { ...process.env, ...env, CASEDESK_BENCH_RSS_FILE: rssFile }, stdio: ['ignore', 'pipe', 'pipe'] });
    started.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code, signal) => {
      const ms = performance.now() - t0;
      clearTimeout(timer);
      started.delete(child);
      const peakMiB = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) / 1024 : NaN;
      rmSync(dir, { recursive: true, force: true });
      if (code !== 0) reject(new Error(`casedesk ${args.join(' ')} failed (${signal ?? code}${signal === 'SIGKILL' ? `, over ${timeoutMs / 1000} s?` : ''}): ${stderr}`));
      else resolve({ ms, peakMiB, stdout, stderr });
    });
  });
}

/**
 * A long-running `casedesk ARGS` (the server, `sync --watch`): resolves once its stdout has a line
 * matching `ready` (the server prints its address), with { child, line, stderrLines(listener),
 * stop() → { peakMiB } }.
 */
export function startCasedesk(args, { env = {}, ready = /^http:\/\/\S+$/m, timeoutMs = 30_000 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'casedesk-bench-rss-'));
  const rssFile = join(dir, 'rss');
  const child = spawn(process.execPath, ['--import', PEAK, cli, ...args], { cwd: root, env: { ...process.env, ...env, CASEDESK_BENCH_RSS_FILE: rssFile }, stdio: ['ignore', 'pipe', 'pipe'] });
  started.add(child);
  const listeners = new Set();
  let stderr = '';
  let partial = '';
  child.stderr.on('data', (d) => {
    stderr += d;
    partial += d;
    const lines = partial.split('\n');
    partial = lines.pop();
    for (const line of lines) for (const listen of listeners) listen(line, performance.now());
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const stop = async () => {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
    started.delete(child);
    const peakMiB = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) / 1024 : NaN;
    rmSync(dir, { recursive: true, force: true });
    return { peakMiB };
  };
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`casedesk ${args.join(' ')} was not ready within ${timeoutMs / 1000} s: ${stderr}`)), timeoutMs);
    const onData = (d) => {
      out += d;
      const match = ready.exec(out);
      if (match) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        child.stdout.resume();
        resolve({ child, line: match[0].trim(), onStderrLine: (listen) => listeners.add(listen), stderr: () => stderr, stop });
      }
    };
    child.stdout.on('data', onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`casedesk ${args.join(' ')} exited (${signal ?? code}): ${stderr}`));
    });
  });
}

/** The central server on `where` (--db PATH or --postgres URL) in its own process. */
export async function startServer(where) {
  const server = await startCasedesk(['server', ...where, '--port', '0']);
  return { ...server, url: server.line };
}

/** The p-th percentile (0–100) of `values`, nearest rank. */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const ms = (v) => (Number.isFinite(v) ? `${v < 10 ? v.toFixed(1) : Math.round(v)} ms` : '—');
export const sleep = (t) => new Promise((r) => setTimeout(r, t));

/** Poll `check` every `everyMs` until it is truthy; resolves the time it became so (performance.now), or null after `timeoutMs`. */
export async function waitFor(check, { everyMs = 1, timeoutMs = 10_000 } = {}) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (check()) return performance.now();
    if (performance.now() > deadline) return null;
    await sleep(everyMs);
  }
}

/** An ISO 8601 instant with offset for `at` (events must not be in the future, nor before the case). */
export const isoNow = (offsetMs = 0) => new Date(Date.now() + offsetMs).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); NaN elsewhere. */
export function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of proc(5) (utime, stime), counted after the command name; 100 ticks a second on Linux.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** The machine's CPU time so far, from /proc/stat (Linux): { busy, total } in ticks; null elsewhere. */
export function machineCpu() {
  try {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    const idle = ticks[3] + ticks[4];
    const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/** How busy the machine's cores were between two machineCpu() readings (0–1), or NaN. */
export function busyShare(before, after) {
  return before && after ? (after.busy - before.busy) / (after.total - before.total) : NaN;
}
