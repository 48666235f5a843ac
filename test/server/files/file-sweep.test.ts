// The central server lets go of file bytes no case holds any more, but only after a grace period
// in which an undo or a change still on its way may put the file back: a file still held by
// another case stays, one taken off every case is noted and removed a day later, one put back in
// between stays and its note is forgotten, an upload cut short and never resumed goes; and a
// desktop that attaches a file again asks the server whether it still holds it.
import { createHash } from 'node:crypto';
import { existsSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMutation } from '../../../electron/core/store/apply-mutation';
import { filesNotKnownOnServer, noteFilesOnServer } from '../../../electron/core/store/file-references';
import type { CaseStore } from '../../../electron/core/store/case-store';
import { GRACE_MS } from '../../../server/files/file-sweep';
import { newCase, SyncWorld } from '../../support/sync-world';
import { tempDbPath } from '../../support/temp-db';

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const log = Buffer.from(Array.from({ length: 5_000 }, (_, i) => `2010-11-29 09:00 line ${i}\n`).join(''));
const hash = sha(log);
let world: SyncWorld;
let desk: CaseStore;
let auth: Record<string, string>;
const at = '2010-11-29T12:00:00-05:00';

beforeAll(async () => {
  world = await SyncWorld.start({ sqlite: tempDbPath('central.db') });
  auth = { authorization: `Bearer ${world.token}` };
  desk = world.desktop();
  newCase(desk, 'case-1');
  newCase(desk, 'case-2');
  for (const caseId of ['case-1', 'case-2']) applyMutation(desk, 'attachFile', { caseId, at, sha256: hash, size: log.length, name: 'mail.log', mediaType: 'text/plain', author: 'Ann' });
  await world.sync(desk);
  await send(hash, 0, log.length, log);
  // As the desktop's own sync notes once it has sent the file.
  noteFilesOnServer(desk, [hash]);
});
afterAll(() => world?.close());

const send = (sha256: string, offset: number, size: number, bytes: Buffer) =>
  fetch(`${world.server.url}/api/files/${sha256}?offset=${offset}&size=${size}`, { method: 'PUT', headers: { ...auth, 'content-type': 'application/octet-stream' }, body: bytes });
const stored = () => existsSync(join(world.server.filesRoot, 'sha256', hash.slice(0, 2), hash));
const remove = async (caseId: string) => {
  applyMutation(desk, 'removeAttachment', { caseId, at, sha256: hash, author: 'Ann' });
  await world.sync(desk);
};

describe('the server sweeping file bytes no case holds', () => {
  it('keeps a file some case holds, and removes one held by none only a grace period after it was first found so', async () => {
    const now = Date.now();
    expect(await world.server.sweepFiles({ now })).toEqual({ noted: [], removed: [], abandoned: [] });
    // Taken off one case: the other still holds it.
    await remove('case-1');
    expect(await world.server.sweepFiles({ now })).toEqual({ noted: [], removed: [], abandoned: [] });
    // Taken off the other: noted, kept for the grace period.
    await remove('case-2');
    expect((await world.server.sweepFiles({ now })).noted).toEqual([hash]);
    expect((await world.server.sweepFiles({ now: now + GRACE_MS - 1 })).removed).toEqual([]);
    expect(stored()).toBe(true);
    // Put back by an undo before the grace ends: kept, and the note forgotten, so the clock starts again.
    applyMutation(desk, 'undoLastChange', { caseId: 'case-2', at, author: 'Ann' });
    expect(filesNotKnownOnServer(desk)).toContain(hash);
    await world.sync(desk);
    expect(await world.server.sweepFiles({ now: now + GRACE_MS })).toEqual({ noted: [], removed: [], abandoned: [] });
    await remove('case-2');
    expect((await world.server.sweepFiles({ now: now + GRACE_MS })).noted).toEqual([hash]);
    expect((await world.server.sweepFiles({ now: now + 2 * GRACE_MS })).removed).toEqual([hash]);
    expect(stored()).toBe(false);
    const holding = await fetch(`${world.server.url}/api/files/holding`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ hashes: [hash] }) });
    expect(((await holding.json()) as { files: unknown[] }).files).toEqual([{ sha256: hash, have: false, partial: 0 }]);
  });

  it('removes an upload cut short and left for the grace period', async () => {
    const other = Buffer.from('a log sent only in part\n'.repeat(1000));
    expect((await send(sha(other), 0, other.length, other.subarray(0, 4000))).status).toBe(200);
    expect((await world.server.sweepFiles({ now: Date.now() })).abandoned).toEqual([]);
    const part = join(world.server.filesRoot, 'partial', `${sha(other)}.part`);
    const old = new Date(Date.now() - GRACE_MS - 1000);
    utimesSync(part, old, old);
    expect((await world.server.sweepFiles({ now: Date.now() })).abandoned).toEqual([sha(other)]);
    expect(existsSync(part)).toBe(false);
  });

  it('has a desktop ask the server again about a file attached anew', () => {
    noteFilesOnServer(desk, [hash]);
    expect(filesNotKnownOnServer(desk)).not.toContain(hash);
    applyMutation(desk, 'attachFile', { caseId: 'case-1', at, sha256: hash, size: log.length, name: 'mail.log', mediaType: 'text/plain', author: 'Ann' });
    expect(filesNotKnownOnServer(desk)).toContain(hash);
  });
});
