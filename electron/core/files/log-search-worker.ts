// Entry point of a log search's own thread (bundled to out/cli/log-search-worker.mjs and
// out/main/log-search-worker.js): searches one file for one pattern and posts the matching lines
// as it goes. It is small on purpose — it starts in milliseconds — and is ended, not asked, when
// its search is no longer wanted (log-searches.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { logChunks, searchLog } from './log-search';
import type { SearchJob, SearchNews } from './log-searches';

const job = workerData as SearchJob;
const post = (news: SearchNews) => parentPort!.postMessage(news);
try {
  const { chunks, read } = await logChunks(job.path, { blocking: true });
  const lines = await searchLog(chunks, new RegExp(job.source, job.flags), (found, seen) => post({ found, seen, scanned: read() }));
  post({ found: [], seen: lines, scanned: read(), lines });
} catch (err) {
  post({ found: [], seen: 0, scanned: 0, error: (err as Error).message });
}
