// Entry point of a log search's own thread (bundled to out/cli/log-search-worker.mjs and
// out/main/log-search-worker.js): searches one file for one pattern — its first message — and
// posts the matching lines as it goes. It is small on purpose, started before it is needed, and
// ended, not asked, when its search is no longer wanted (log-searches.ts).
import { parentPort } from 'node:worker_threads';
import { logChunks, searchLog } from './log-search';
import type { SearchJob, SearchNews } from './log-searches';

// Started before it is needed (LogSearches.warm): the search comes as the first message.
const job = await new Promise<SearchJob>((resolve) => parentPort!.once('message', resolve));
const post = (news: SearchNews) => parentPort!.postMessage(news);
try {
  const { chunks, read } = await logChunks(job.path, { blocking: true });
  const lines = await searchLog(chunks, new RegExp(job.source, job.flags), (found, seen) => post({ found, seen, scanned: read() }), job.known);
  post({ found: [], seen: lines, scanned: read(), lines });
} catch (err) {
  post({ found: [], seen: 0, scanned: 0, error: (err as Error).message });
}
