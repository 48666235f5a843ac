#!/usr/bin/env node
// Entry point of the `casedesk` command (bundled to out/cli/casedesk.mjs by scripts/build-cli.mjs).
import { writeSync } from 'node:fs';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { runScanRequest, SCAN_WORKER } from '../core/store/parallel-scan';
import { CORE_WORKER } from '../core/thread/core-messages';
import { runCoreWorker } from '../core/thread/core-worker';
import { runCli } from './program';

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Write to a file descriptor synchronously. process.stdout would make a pipe non-blocking and
 * buffer a large output in memory while the reader catches up; blocking writes let `sla check`
 * stream 100,000 cases into `| jq` at constant memory.
 */
function writeAll(fd: number, text: string): void {
  const buffer = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < buffer.length) {
    try {
      offset += writeSync(fd, buffer, offset);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') Atomics.wait(pause, 0, 0, 5); // a non-blocking pipe is full: wait for the reader
      else if (code === 'EPIPE') process.exit(0); // the reader has gone (`| head`): nothing more to say
      else throw err;
    }
  }
}

if (!isMainThread && workerData?.[SCAN_WORKER]) {
  // Started again as a scan worker by parallel-scan.ts: run the one request and answer.
  parentPort!.postMessage(runScanRequest(workerData[SCAN_WORKER]));
} else if (!isMainThread && workerData?.[CORE_WORKER]) {
  // Started again as the core's thread by core-thread.ts (`casedesk web`).
  await runCoreWorker(parentPort!, workerData[CORE_WORKER]);
} else {
  const io = {
    out: (text: string) => writeAll(1, text),
    err: (text: string) => writeAll(2, text),
    now: () => Date.now(),
    workerScript: new URL(import.meta.url),
  };
  process.exitCode = await runCli(process.argv.slice(2), io);
}
