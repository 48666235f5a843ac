// Entry point of the core's worker thread in the desktop app (bundled to out/main/core-worker.js;
// the command line's own bundle serves as the browser host's, see electron/cli/main.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { CORE_WORKER } from './core-messages';
import { runCoreWorker } from './core-worker';

void runCoreWorker(parentPort!, workerData[CORE_WORKER]);
