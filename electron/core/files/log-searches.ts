// The log viewer's searches: one at a time per file, each in a worker thread of its own
// (log-search-worker.ts) so that a pattern that backtracks for minutes holds up neither the core
// nor the window — a new pattern ends the old search's thread at once. The matching lines stream
// in; the viewer asks for a window of them, where they fall in the file, and the match nearest a
// line. Without a built worker (the tests on the sources) a search runs in this thread.
import { Worker } from 'node:worker_threads';
import { logChunks, searchLog, searchPattern, type KnownLines } from './log-search';

/** The matching lines kept of one search (8 MB); past them only the count goes on. */
export const KEPT_MATCHES = 1_000_000;
/** Searches kept (the last ones asked for), each for its own file. */
const KEPT_SEARCHES = 4;
/** Cells of the overview strip. */
export const OVERVIEW_CELLS = 512;

/** What a search thread is started with. */
export interface SearchJob {
  path: string;
  source: string;
  flags: string;
  known?: KnownLines;
}

/** What a search thread posts: the matching lines of the part searched since, and at the end the lines counted or what failed. */
export interface SearchNews {
  found: number[];
  /** Lines searched so far. */
  seen: number;
  scanned: number;
  lines?: number;
  error?: string;
}

export interface LogSearch {
  pattern: string;
  ignoreCase: boolean;
  /** The matching lines (0-based, ascending), the first KEPT_MATCHES of them. */
  matches: number[];
  /** Every matching line found so far, kept or not. */
  count: number;
  /** Bytes of the stored file searched so far, and the lines in them. */
  scanned: number;
  seen: number;
  /** The lines of the file, once searched to its end. */
  lines: number | null;
  done: boolean;
  error: string | null;
}

export class LogSearches {
  private readonly searches = new Map<string, LogSearch & { stop: () => void }>();
  /** A thread started before it is needed, waiting for its search. */
  private spare: Worker | null = null;

  /** `worker`: the built search thread's script; without it searches run in this thread. */
  constructor(private readonly worker?: string) {}

  /**
   * Have a thread ready for the next search (a Node thread takes some 60 ms to start, a third of
   * grep's time on a 2 GB log): asked when a log is opened, and again after each search ends.
   */
  warm(): void {
    if (!this.worker || this.spare) return;
    const spare = new Worker(this.worker);
    const lost = () => {
      if (this.spare === spare) this.spare = null;
    };
    spare.once('error', lost);
    spare.once('exit', lost);
    // A thread waiting would not keep the process alive.
    spare.unref();
    this.spare = spare;
  }

  private thread(): Worker {
    const thread = this.spare ?? new Worker(this.worker!);
    this.spare = null;
    thread.removeAllListeners();
    return thread;
  }

  /**
   * The search of the file at `path` (stored as `sha256`) for `pattern`: the one under way or
   * done, or a new one, which ends that file's previous search. Throws SyntaxError for a pattern
   * that is not a regular expression. `lines`: the offsets of the file's line index so far, which
   * spare the search counting the lines between them.
   */
  search(sha256: string, path: string, pattern: string, ignoreCase: boolean, lines?: KnownLines): LogSearch {
    const known = this.searches.get(sha256);
    if (known && known.pattern === pattern && known.ignoreCase === ignoreCase) return known;
    const regex = searchPattern(pattern, ignoreCase);
    known?.stop();
    this.searches.delete(sha256);
    const search = { pattern, ignoreCase, matches: [], count: 0, scanned: 0, seen: 0, lines: null, done: false, error: null, stop: () => undefined } as LogSearch & { stop: () => void };
    const take = (news: SearchNews) => {
      for (const line of news.found) if (search.matches.length < KEPT_MATCHES) search.matches.push(line);
      search.count += news.found.length;
      search.scanned = Math.max(search.scanned, news.scanned);
      search.seen = Math.max(search.seen, news.seen);
      if (news.error !== undefined) {
        search.error = news.error;
        search.done = true;
      } else if (news.lines !== undefined) {
        search.lines = news.lines;
        search.done = true;
      }
    };
    search.stop = this.worker ? inWorker(this.thread(), () => this.warm(), { path, source: regex.source, flags: regex.flags, ...(lines ? { known: lines } : {}) }, take) : inThread(path, regex, take, lines);
    this.searches.set(sha256, search);
    while (this.searches.size > KEPT_SEARCHES) {
      const [oldest, old] = this.searches.entries().next().value!;
      old.stop();
      this.searches.delete(oldest);
    }
    return search;
  }

  /** End every search (the core is closing). */
  close(): void {
    for (const search of this.searches.values()) search.stop();
    this.searches.clear();
    void this.spare?.terminate();
    this.spare = null;
  }
}

/** Run `job` in `worker`, a thread of log-search-worker.ts waiting for it; `done()` once it has ended by itself. */
function inWorker(worker: Worker, done: () => void, job: SearchJob, take: (news: SearchNews) => void): () => void {
  let ended = false;
  worker.on('message', (news: SearchNews) => {
    take(news);
    if (news.lines !== undefined || news.error !== undefined) {
      ended = true;
      void worker.terminate();
      done();
    }
  });
  worker.on('error', (err) => {
    if (!ended) take({ found: [], seen: 0, scanned: 0, error: err.message });
    ended = true;
  });
  worker.on('exit', (code) => {
    if (!ended) take({ found: [], seen: 0, scanned: 0, error: `the search stopped (exit code ${code})` });
    ended = true;
  });
  // A search left running would not keep the process alive.
  worker.unref();
  worker.postMessage(job);
  return () => {
    ended = true;
    void worker.terminate();
  };
}

function inThread(path: string, regex: RegExp, take: (news: SearchNews) => void, known?: KnownLines): () => void {
  const stopped = new AbortController();
  void (async () => {
    try {
      const { chunks, read } = await logChunks(path, { signal: stopped.signal });
      const lines = await searchLog(chunks, regex, (found, seen) => !stopped.signal.aborted && take({ found, seen, scanned: read() }), known);
      if (!stopped.signal.aborted) take({ found: [], seen: lines, scanned: read(), lines });
    } catch (err) {
      if (!stopped.signal.aborted) take({ found: [], seen: 0, scanned: 0, error: (err as Error).message });
    }
  })();
  return () => stopped.abort();
}

/** Where the matches lie: how many fall in each of OVERVIEW_CELLS equal parts of `lines` lines. */
export function overviewOf(matches: number[], lines: number): number[] {
  const cells = new Array<number>(OVERVIEW_CELLS).fill(0);
  if (lines <= 0) return cells;
  for (const line of matches) cells[Math.min(OVERVIEW_CELLS - 1, Math.floor((line / lines) * OVERVIEW_CELLS))]!++;
  return cells;
}

/** The index of the first of the (ascending) `matches` at or after `line` (`matches.length` when none is). */
export function firstAtOrAfter(matches: number[], line: number): number {
  let low = 0;
  let high = matches.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (matches[mid]! < line) low = mid + 1;
    else high = mid;
  }
  return low;
}
