// The case files' bytes between this desktop and the central store, by content hash. Sending: the
// desktop asks which of its files the server lacks — only those it does not already know the
// server holds (files_on_server) — and sends each in pieces from the last byte the server holds,
// so a cut connection or a server restarted mid-file costs only the piece in flight. Taking: a
// file is fetched from the server into a working file of the store, resumed from its length after
// a cut, and only put in place once it hashes to its name. A file is never sent twice.
import { existsSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { z } from 'zod';
import type { FileStore } from '../files/file-store';
import type { CaseStore } from '../store/case-store';
import { filesNotKnownOnServer, filesOfUrgentCases, noteFilesOnServer } from '../store/file-references';
import type { SyncHttp } from './sync-client';
import { SyncError } from './sync-error';

/** The size of a piece sent (a cut connection resends at most this). */
export const PIECE_BYTES = 4 * 1024 * 1024;
const HOLDING_BATCH = 1000;

const holdingSchema = z.object({ sha256: z.string(), have: z.boolean(), partial: z.number() });
const holdingAnswer = z.object({ files: z.array(holdingSchema), maxBytes: z.number() });

export interface FilesSent {
  files: number;
  bytes: number;
  /** Files the server refused (too large…), with why; they stay here and are asked about again. */
  refused: { sha256: string; error: string }[];
}

export type FileProgress = (sha256: string, done: number, size: number) => void;

/** Files this process is sending (by store folder and hash): another sync leaves them alone. */
const sending = new Set<string>();

/** Send every file a case here names that the server lacks. */
export async function sendFiles(store: CaseStore, files: FileStore, http: SyncHttp, onProgress?: FileProgress): Promise<FilesSent> {
  const sent: FilesSent = { files: 0, bytes: 0, refused: [] };
  // Only the files whose bytes are here (another desktop's, not fetched yet, are its to send).
  // …and not those another sync of this process is sending right now.
  const candidates = filesNotKnownOnServer(store).filter((sha256) => files.has(sha256) && !sending.has(`${files.root}\0${sha256}`));
  for (let at = 0; at < candidates.length; at += HOLDING_BATCH) {
    const batch = candidates.slice(at, at + HOLDING_BATCH);
    const answer = await http.call('POST', '/api/files/holding', { hashes: batch }, holdingAnswer);
    noteFilesOnServer(
      store,
      answer.files.filter((f) => f.have).map((f) => f.sha256),
    );
    for (const holding of answer.files.filter((f) => !f.have)) {
      const size = files.sizeOf(holding.sha256);
      if (size > answer.maxBytes) {
        sent.refused.push({ sha256: holding.sha256, error: `larger than the server takes (${answer.maxBytes.toLocaleString('en-US')} bytes at most)` });
        continue;
      }
      const key = `${files.root}\0${holding.sha256}`;
      if (sending.has(key)) continue;
      sending.add(key);
      try {
        await sendOne(files, http, holding.sha256, holding.partial, size, onProgress);
      } finally {
        sending.delete(key);
      }
      noteFilesOnServer(store, [holding.sha256]);
      sent.files++;
      sent.bytes += size - holding.partial;
    }
  }
  return sent;
}

async function sendOne(files: FileStore, http: SyncHttp, sha256: string, from: number, size: number, onProgress?: FileProgress): Promise<void> {
  const file = await open(files.pathOf(sha256), 'r');
  try {
    const buffer = Buffer.allocUnsafe(Math.min(PIECE_BYTES, Math.max(1, size)));
    let offset = from;
    for (let rounds = 0; ; rounds++) {
      if (rounds > size / PIECE_BYTES + 16) throw new SyncError(`the server did not take the file ${sha256.slice(0, 12)}…: it stopped at byte ${offset}`, 'server');
      const { bytesRead } = await file.read(buffer, 0, Math.min(PIECE_BYTES, size - offset), offset);
      const answer = await http.putPiece(`/api/files/${sha256}?offset=${offset}&size=${size}`, buffer.subarray(0, bytesRead), holdingSchema);
      if ('holds' in answer) {
        offset = answer.holds; // another desktop sends it too, or the server lost the last piece
        continue;
      }
      if (answer.have) return;
      offset = answer.partial;
      onProgress?.(sha256, offset, size);
    }
  } finally {
    await file.close();
  }
}

/**
 * Fetch the file `sha256` of the case `caseId` from the server (resumed where a cut left it) and
 * put it in the store once it hashes to its name.
 */
export function fetchFile(store: CaseStore, files: FileStore, http: SyncHttp, caseId: string, sha256: string, onProgress?: (done: number) => void): Promise<void> {
  // One download of a file at a time (two would write the same working file).
  const key = `${files.root}\0${sha256}`;
  let running = fetching.get(key);
  if (!running) {
    running = fetchOnce(store, files, http, caseId, sha256, onProgress).finally(() => fetching.delete(key));
    fetching.set(key, running);
  }
  return running;
}

const fetching = new Map<string, Promise<void>>();

async function fetchOnce(store: CaseStore, files: FileStore, http: SyncHttp, caseId: string, sha256: string, onProgress?: (done: number) => void): Promise<void> {
  if (files.has(sha256)) return;
  const partial = files.downloadPath(sha256);
  const start = existsSync(partial) ? statSync(partial).size : 0;
  const out = await open(partial, 'a');
  let done = start;
  try {
    // Written a megabyte at a time, not chunk by chunk as they arrive.
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;
    const flush = async () => {
      const data = Buffer.concat(pending, pendingBytes);
      for (let written = 0; written < data.length; ) written += (await out.write(data, written)).bytesWritten;
      done += data.length;
      pending = [];
      pendingBytes = 0;
      onProgress?.(done);
    };
    try {
      for await (const chunk of http.download(`/api/cases/${encodeURIComponent(caseId)}/files/${sha256}`, start)) {
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes >= 1 << 20) await flush();
      }
    } finally {
      // What arrived before a cut is kept: the next try resumes after it.
      await flush();
    }
  } finally {
    await out.close();
  }
  await files.adopt(partial, sha256);
  noteFilesOnServer(store, [sha256]);
}

/** Fetch the files of open Severity-1 cases that are not here yet: how many came. */
export async function fetchUrgentFiles(store: CaseStore, files: FileStore, http: SyncHttp): Promise<number> {
  let fetched = 0;
  for (const { caseId, sha256 } of filesOfUrgentCases(store)) {
    if (files.has(sha256)) continue;
    try {
      await fetchFile(store, files, http, caseId, sha256);
      fetched++;
    } catch (err) {
      // Not on the server yet (its desktop has not sent it): the next sync tries again.
      if (!(err instanceof SyncError && err.kind === 'server')) throw err;
    }
  }
  return fetched;
}
