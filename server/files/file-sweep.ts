// Letting the central store's file bytes go once no case refers to them any more (issue 12): a
// file taken off every case that held it — and not put back within a grace period, since an undo
// or another desktop's change still on its way may bring it back — is removed from the server's
// folder. Each sweep notes, under `unreferenced/`, the instant it first found a file held by no
// case; a later sweep removes the bytes once that is GRACE_MS ago and still so, and forgets the
// note of a file held again. Every step is idempotent, so server processes sharing the folder may
// sweep at once. Uploads cut short and never resumed (partial/) go after the same grace.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { attachmentsOf } from '../../shared/cases/case-attachments';
import type { ServerStore } from '../store/server-store';
import type { ServerFiles } from './server-files';

/** How long a file held by no case is kept, in case it is put back (a day). */
export const GRACE_MS = 24 * 60 * 60 * 1000;
/** How often a server sweeps (an hour). */
export const SWEEP_EVERY_MS = 60 * 60 * 1000;

export interface SweepResult {
  /** Files held by no case, noted now. */
  noted: string[];
  /** Files removed (held by no case for the grace period). */
  removed: string[];
  /** Partial uploads removed. */
  abandoned: string[];
}

/** Sweep the server's file folder at `now` (ms). */
export async function sweepFiles(files: ServerFiles, store: ServerStore, options: { now: number; graceMs?: number }): Promise<SweepResult> {
  const { now, graceMs = GRACE_MS } = options;
  const result: SweepResult = { noted: [], removed: [], abandoned: [] };
  const notes = join(files.root, 'unreferenced');
  mkdirSync(notes, { recursive: true });
  const stored = files.stored();
  const held = await filesHeld(store, stored);
  for (const sha256 of stored) {
    const note = join(notes, sha256);
    if (held.has(sha256)) {
      if (existsSync(note)) await rm(note, { force: true });
      continue;
    }
    const since = existsSync(note) ? Date.parse(readFileSync(note, 'utf8').trim()) : NaN;
    if (Number.isNaN(since)) {
      writeFileSync(note, new Date(now).toISOString());
      result.noted.push(sha256);
    } else if (now - since >= graceMs) {
      await rm(files.pathOf(sha256), { force: true });
      await rm(note, { force: true });
      result.removed.push(sha256);
    }
  }
  // Notes of files no longer here (removed by another process).
  const here = new Set(stored);
  for (const name of readdirSync(notes)) if (!here.has(name)) await rm(join(notes, name), { force: true });
  const partials = join(files.root, 'partial');
  for (const name of existsSync(partials) ? readdirSync(partials) : []) {
    const path = join(partials, name);
    if (now - statSync(path).mtimeMs >= graceMs) {
      await rm(path, { force: true });
      result.abandoned.push(name.replace(/\.part$/, ''));
    }
  }
  return result;
}

/** Which of `hashes` some case of the central store holds now. */
async function filesHeld(store: ServerStore, hashes: readonly string[]): Promise<Set<string>> {
  const wanted = new Set(hashes);
  const cases = new Set<string>();
  for (const row of await store.attachmentEvents()) {
    const { type, sha256 } = JSON.parse(row.document) as { type?: unknown; sha256?: unknown };
    if ((type === 'attachment' || type === 'attachment-removed') && typeof sha256 === 'string' && wanted.has(sha256)) cases.add(row.case_id);
  }
  const held = new Set<string>();
  const ids = [...cases];
  for (let i = 0; i < ids.length; i += 500) {
    for (const snapshot of await store.snapshots(store.db, ids.slice(i, i + 500))) {
      for (const file of attachmentsOf(snapshot.record)) if (wanted.has(file.sha256)) held.add(file.sha256);
    }
  }
  return held;
}
