// Benchmark of case files through the central store (issue 12): a file of SIZE_MB (default 1024)
// sent from one desktop to the server (`casedesk server` in its own process, over loopback) and
// taken by another, each against a plain copy of the same file (`cp`) in the same run — the
// ratio says what the pieces, the hashing on both sides and the HTTP cost over the disk itself.
// Usage: npm run bench:file-sync [-- SIZE_MB]
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { loadTs } from './support/load-ts.mjs';
import { addUser, onCleanup, requireCli, runBench, startServer, workDir } from './support/sync-bench.mjs';

const SIZE_MB = Number(process.argv[2] ?? 1024);

await runBench(async () => {
  requireCli();
  const work = workDir('file-sync');
  onCleanup(() => rmSync(work, { recursive: true, force: true }));
  const { CaseStore, applyMutation, syncOnce, SyncHttp, fetchFile, FileStore, defaultFilesFolder, attachFiles } = await loadTs('file-sync', {
    'electron/core/store/case-store': ['CaseStore'],
    'electron/core/store/apply-mutation': ['applyMutation'],
    'electron/core/sync/sync-client': ['syncOnce', 'SyncHttp'],
    'electron/core/sync/file-sync': ['fetchFile'],
    'electron/core/files/file-store': ['FileStore', 'defaultFilesFolder'],
    'electron/core/files/attach-files': ['attachFiles'],
  });
  const file = join(work, 'trace.bin');
  const fd = openSync(file, 'w');
  const block = randomBytes(8 << 20);
  for (let written = 0; written < SIZE_MB << 20; written += block.length) writeSync(fd, block);
  closeSync(fd);
  const copy = () => {
    const started = performance.now();
    execFileSync('cp', [file, join(work, 'copy.bin')]);
    execFileSync('sync');
    const took = performance.now() - started;
    rmSync(join(work, 'copy.bin'));
    return took;
  };

  const where = ['--db', join(work, 'central.db')];
  const token = addUser('Ann', 'engineer', where);
  const server = await startServer(where);
  onCleanup(() => server.stop());
  const options = { server: server.url, token, timeoutMs: 60_000 };

  const ann = CaseStore.open(join(work, 'ann.db'), { create: true });
  applyMutation(ann, 'createCase', { id: 'case-1', severity: 2, type: 'problem', channel: 'phone', loggedAt: '2010-11-29T09:00:00-05:00', author: 'Ann', fields: { company: 'Acme', summary: 'a trace' } });
  await syncOnce(ann, options); // the case first, so the upload is timed alone below
  await attachFiles(ann, new FileStore(defaultFilesFolder(ann.path)), 'case-1', [file], { author: 'Ann' });
  const sha256 = [...new FileStore(defaultFilesFolder(ann.path)).hashes()][0];

  const copyBefore = copy();
  const sendStarted = performance.now();
  const report = await syncOnce(ann, { ...options, files: new FileStore(defaultFilesFolder(ann.path)) });
  const send = performance.now() - sendStarted;
  if (report.files.sent !== 1) throw new Error(`the sync sent ${report.files.sent} files`);

  const bo = CaseStore.open(join(work, 'bo.db'), { create: true });
  await syncOnce(bo, options);
  const boFiles = new FileStore(defaultFilesFolder(bo.path));
  const copyAfter = copy();
  const takeStarted = performance.now();
  await fetchFile(bo, boFiles, new SyncHttp(options), 'case-1', sha256);
  const take = performance.now() - takeStarted;
  if (!boFiles.has(sha256)) throw new Error('the file did not arrive');
  ann.close();
  bo.close();

  const plain = Math.min(copyBefore, copyAfter);
  const mbs = (t) => `${((SIZE_MB / t) * 1000).toFixed(0)} MiB/s`;
  console.log(`case files over loopback: one ${SIZE_MB.toLocaleString('en-US')} MiB file (server in its own process, SQLite)`);
  console.log(`  plain copy (cp + sync)   ${plain.toFixed(0).padStart(7)} ms   ${mbs(plain)}`);
  console.log(`  upload (sync sends it)   ${send.toFixed(0).padStart(7)} ms   ${mbs(send)}   ${(send / plain).toFixed(2)}× the copy`);
  console.log(`  download (opened)        ${take.toFixed(0).padStart(7)} ms   ${mbs(take)}   ${(take / plain).toFixed(2)}× the copy`);
});
