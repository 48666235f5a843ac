// The messages between a host (the Electron main process, the browser host) and the core running
// in its own worker thread (core-worker.ts). The host owns what only it can do — the OS keychain,
// native notifications, the window — and the core asks for it by message.
import type { Answer, CoreEvent } from '../../../shared/ipc/events';
import type { PageNotice } from '../sync/sync-service';

/** Marks the workerData of a core worker (the key holds its CoreConfig). */
export const CORE_WORKER = 'casedesk-core-worker';

export interface CoreConfig {
  /** The local database (created when missing with `create`). */
  dbPath: string;
  create?: boolean;
  /**
   * Where the sync token lives. `memory`: in the core, for this run only (the browser host);
   * `host`: the host keeps it (the OS keychain) — the core is handed it at start and tells the
   * host to save or clear it. `secure` says whether the host's store survives a restart safely.
   */
  vault: { kind: 'memory'; token: string | null } | { kind: 'host'; token: string | null; secure: boolean };
  /** Connect to this server at start (the browser host's --server). */
  connect?: { server: string; token: string };
  /** The sync's timer (default 30 s). */
  intervalMs?: number;
  /** Where the case files' bytes are (default: beside the database). */
  filesDir?: string;
  /** The built log search thread's script (electron/core/files/log-search-worker.ts). */
  logSearchWorker?: string;
}

/**
 * Byte streams (shared/ipc/streams.ts) go as chunks with flow control, one in flight at a time: a
 * download sends a chunk for each `pull`, an upload takes a chunk after each `want`. Chunks are
 * transferred, not copied.
 */
export type ToCore =
  | { type: 'call'; id: number; channel: string; input: unknown }
  | { type: 'download'; id: number; stream: string; input: unknown }
  | { type: 'pull'; id: number }
  | { type: 'cancel'; id: number }
  | { type: 'upload'; id: number; stream: string; input: unknown }
  | { type: 'chunk'; id: number; bytes: Uint8Array }
  | { type: 'end'; id: number }
  | { type: 'resumed' }
  | { type: 'close' };

export type FromCore =
  | { type: 'ready'; caseCount: number; notes: string[] }
  | { type: 'failed'; message: string }
  | { type: 'answer'; id: number; answer: Answer }
  | { type: 'chunk'; id: number; bytes: Uint8Array }
  | { type: 'end'; id: number }
  | { type: 'stream-failed'; id: number; error: string; kind: 'request' | 'internal' }
  | { type: 'want'; id: number }
  | { type: 'event'; event: CoreEvent }
  | { type: 'vault'; action: 'save'; token: string }
  | { type: 'vault'; action: 'clear' }
  | { type: 'page'; notice: PageNotice }
  | { type: 'page-silenced'; caseId: string }
  | { type: 'log'; line: string }
  | { type: 'closed' };
