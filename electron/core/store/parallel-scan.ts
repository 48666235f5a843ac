// Splits a full scan of the store between this thread and one worker thread: on a 2-core laptop,
// listing or reporting on 100,000 cases then takes about half as long. The worker opens the same
// database read-only and runs the same task over the second half of the cases.
//
// The worker is the command line's own bundle started again as a worker (see cli/main.ts); where
// no worker script is given (tests that run the sources, small stores), everything runs here.
import { Worker } from 'node:worker_threads';
import type { ReportPart } from '../../../shared/sla/compliance-report';
import { CaseStore, type SeqRange } from './case-store';
import { listCases, reportPart, type ListParams, type ListResult, type ReportParams } from './scan-tasks';

export type ScanRequest =
  | { task: 'list'; dbPath: string; range: SeqRange; params: ListParams }
  | { task: 'report'; dbPath: string; range: SeqRange; params: ReportParams };

export type ScanResponse =
  | { task: 'list'; chunks: string[]; result: ListResult }
  | { task: 'report'; part: ReportPart }
  | { task: 'error'; message: string };

/** Below this many cases a worker costs more to start than it saves. */
export const PARALLEL_THRESHOLD = 20_000;

/** Marks the workerData of a scan worker. */
export const SCAN_WORKER = 'casedesk-scan-worker';

/** The worker's side: run one request on its own read-only connection. */
export function runScanRequest(request: ScanRequest): ScanResponse {
  const store = CaseStore.open(request.dbPath, { readonly: true });
  try {
    if (request.task === 'list') {
      const chunks: string[] = [];
      const result = listCases(store, request.range, request.params, (text) => chunks.push(text));
      return { task: 'list', chunks, result };
    }
    return { task: 'report', part: reportPart(store, request.range, request.params) };
  } catch (err) {
    return { task: 'error', message: (err as Error).message };
  } finally {
    store.close();
  }
}

export interface ScanWorker {
  result: Promise<ScanResponse>;
  /** Stop the worker (this thread failed: its half is no longer wanted). */
  stop(): void;
}

export function startScanWorker(workerScript: URL, request: ScanRequest): ScanWorker {
  const worker = new Worker(workerScript, { workerData: { [SCAN_WORKER]: request } });
  const result = new Promise<ScanResponse>((resolve, reject) => {
    worker.once('message', (response: ScanResponse) => {
      resolve(response);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the scan worker stopped (exit code ${code})`));
    });
  });
  return {
    result,
    stop() {
      result.catch(() => undefined);
      void worker.terminate();
    },
  };
}

/**
 * Run `here` on this thread while a worker (if one was started) runs its part; if this thread
 * fails, the worker is stopped rather than left to keep the process alive.
 */
export async function withScanWorker<T>(worker: ScanWorker | null, here: () => T): Promise<{ mine: T; theirs: ScanResponse | null }> {
  let mine: T;
  try {
    mine = here();
  } catch (err) {
    worker?.stop();
    throw err;
  }
  return { mine, theirs: worker ? await worker.result : null };
}

/**
 * This thread's share of a split scan: a little less than half, since the worker starts later
 * (it loads the code and opens the database first) and posts its result back at the end.
 */
const HERE_SHARE = 0.45;

/** Ranges to scan here and, if worth it, in a worker. */
export function planScan(store: CaseStore, workerScript: URL | undefined): { here: SeqRange; there: SeqRange | null } {
  if (!workerScript || store.caseCount() < PARALLEL_THRESHOLD) return { here: { from: 1, to: Number.MAX_SAFE_INTEGER }, there: null };
  const [here, there] = store.splitSeqRange(HERE_SHARE);
  return { here, there };
}

export function unwrap<T extends ScanResponse['task']>(response: ScanResponse, task: T): Extract<ScanResponse, { task: T }> {
  if (response.task === 'error') throw new Error(`the scan worker failed: ${response.message}`);
  if (response.task !== task) throw new Error(`the scan worker answered ${response.task}, not ${task}`);
  return response as Extract<ScanResponse, { task: T }>;
}
