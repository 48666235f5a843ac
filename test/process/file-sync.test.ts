// Case files through the central store, on real SQLite and PostgreSQL servers over real HTTP: a
// file attached on one desktop is sent once, in pieces, and taken by another desktop when it is
// opened (at once for a Severity-1 case), byte-identical; a connection cut mid-upload and
// mid-download resumes from the byte the other side holds; two desktops sending the same file at
// once leave one copy. Afterwards every database passes integrity_check.
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { attachFiles } from '../../electron/core/files/attach-files';
import { applyMutation } from '../../electron/core/store/apply-mutation';
import { defaultFilesFolder, FileStore } from '../../electron/core/files/file-store';
import { fetchFile } from '../../electron/core/sync/file-sync';
import { SyncError } from '../../electron/core/sync/sync-error';
import { SyncHttp } from '../../electron/core/sync/sync-client';
import type { CaseStore } from '../../electron/core/store/case-store';
import { integrityOf } from '../support/casedesk-processes';
import { startCuttingProxy, type CuttingProxy } from '../support/cutting-proxy';
import { dropTestDatabases } from '../support/postgres';
import { BACKENDS } from '../support/server-backends';
import { newCase, SyncWorld } from '../support/sync-world';
import { tempFiles } from '../support/run-casedesk';

afterAll(async () => {
  await dropTestDatabases();
});

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const dir = tempFiles({});
/** A 10 MiB log: three pieces of 4 MiB. */
const big = Buffer.concat([Buffer.from('2010-11-29 09:00 ERROR smtp: '), randomBytes(10 * 1024 * 1024)]);
const bigPath = join(dir, 'trace.bin');
writeFileSync(bigPath, big);
const filesOf = (desk: CaseStore) => new FileStore(defaultFilesFolder(desk.path));
const serverHolds = (world: SyncWorld) => readdirSync(join(world.server.filesRoot, 'sha256')).flatMap((prefix) => readdirSync(join(world.server.filesRoot, 'sha256', prefix)));
const serverPartials = (world: SyncWorld) => readdirSync(join(world.server.filesRoot, 'partial'));
const integrity = (desk: CaseStore) => integrityOf(desk.path);

/** Sync until a sync goes through (a cut connection fails one; the next picks up). */
async function syncThrough(world: SyncWorld, desk: CaseStore, options: Parameters<SyncWorld['sync']>[1] = {}) {
  for (let tries = 0; tries < 40; tries++) {
    try {
      return await world.sync(desk, options);
    } catch (err) {
      if (!(err instanceof SyncError)) throw err;
    }
  }
  throw new Error('the sync never went through');
}

describe.each(BACKENDS)('case files through the central store ($name)', (backend) => {
  let world: SyncWorld;
  let proxy: CuttingProxy | undefined;
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
    await world?.close();
  });

  it('sends a file once, in pieces; another desktop takes it when opened, and at once for a Severity-1 case', async () => {
    world = await SyncWorld.start(await backend.fresh());
    const ann = world.desktop();
    const bo = world.desktop();
    newCase(ann, 'case-1');
    newCase(ann, 'urgent', {}, 1);
    await attachFiles(ann, filesOf(ann), 'case-1', [bigPath], { author: 'Ann' });
    const first = await world.sync(ann);
    expect(first.files).toEqual({ sent: 1, bytes: big.length, refused: [], fetched: 0 });
    expect(serverHolds(world)).toEqual([sha(big)]);
    expect(sha(readFileSync(join(world.server.filesRoot, 'sha256', sha(big).slice(0, 2), sha(big))))).toBe(sha(big));
    // Never sent twice: the next sync does not even ask.
    expect((await world.sync(ann)).files).toEqual({ sent: 0, bytes: 0, refused: [], fetched: 0 });

    // Bo's desktop lists the file but has not its bytes until it is opened.
    expect((await world.sync(bo)).files.fetched).toBe(0);
    expect(filesOf(bo).has(sha(big))).toBe(false);
    await fetchFile(bo, filesOf(bo), new SyncHttp(world.options()), 'case-1', sha(big));
    expect(sha(readFileSync(filesOf(bo).pathOf(sha(big))))).toBe(sha(big));

    // A Severity-1 case's file comes with the sync itself.
    const shot = join(dir, 'shot.txt');
    writeFileSync(shot, 'the queue at 02:00\n');
    await attachFiles(ann, filesOf(ann), 'urgent', [shot], { author: 'Ann' });
    await world.sync(ann);
    expect((await world.sync(bo)).files.fetched).toBe(1);
    expect(readFileSync(filesOf(bo).pathOf(sha(readFileSync(shot)))).toString()).toBe('the queue at 02:00\n');
    expect([integrity(ann), integrity(bo)]).toEqual(['ok', 'ok']);
  });

  it('lets a change made while a large file is on its way reach the server at once, in a sync of its own', async () => {
    world = await SyncWorld.start(await backend.fresh());
    const ann = world.desktop();
    newCase(ann, 'case-1');
    await world.sync(ann);
    await attachFiles(ann, filesOf(ann), 'case-1', [bigPath], { author: 'Ann' });
    // The file's pieces wait until let go: the upload is as slow as a large one on a thin line.
    let letGo!: () => void;
    const held = new Promise<void>((resolve) => (letGo = resolve));
    let pieces = 0;
    const slowFetch: typeof fetch = async (input, init) => {
      if (init?.method === 'PUT') {
        pieces++;
        await held;
      }
      return fetch(input, init);
    };
    const uploading = world.sync(ann, { fetch: slowFetch });
    for (let tries = 0; pieces === 0; tries++) {
      if (tries > 500) throw new Error('the upload never began');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    applyMutation(ann, 'addNote', { caseId: 'case-1', at: '2010-11-29T12:00:00-05:00', author: 'Ann', text: 'called the customer back' });
    const meanwhile = await world.sync(ann);
    expect(meanwhile).toMatchObject({ pushed: 1, applied: 1, files: { sent: 0 } });
    letGo();
    expect((await uploading).files).toMatchObject({ sent: 1, bytes: big.length });
    expect(serverHolds(world)).toEqual([sha(big)]);
  });

  it('resumes an upload and a download cut part-way, and two desktops sending the same file leave one copy', async () => {
    world = await SyncWorld.start(await backend.fresh());
    const ann = world.desktop();
    const bo = world.desktop();
    newCase(ann, 'case-1');
    newCase(bo, 'case-2');
    await world.sync(ann);
    await world.sync(bo);
    // The same content attached on both desktops, sent at once through connections cut part-way.
    proxy = await startCuttingProxy({ targetPort: world.server.port, seed: 1207, cuts: 6, maxBytes: 12 * 1024 * 1024 });
    const through = { server: proxy.url };
    await attachFiles(ann, filesOf(ann), 'case-1', [bigPath], { author: 'Ann' });
    await attachFiles(bo, filesOf(bo), 'case-2', [bigPath], { author: 'Bo' });
    await Promise.all([syncThrough(world, ann, through), syncThrough(world, bo, through)]);
    expect(proxy.made.length).toBeGreaterThan(0);
    expect(serverHolds(world)).toEqual([sha(big)]);
    expect(serverPartials(world)).toEqual([]);
    await proxy.close();

    // A third desktop takes it through connections cut part-way: resumed, verified, whole.
    const cy = world.desktop();
    await world.sync(cy);
    proxy = await startCuttingProxy({ targetPort: world.server.port, seed: 1208, cuts: 4, maxBytes: 12 * 1024 * 1024 });
    const http = new SyncHttp(world.options({ server: proxy.url }));
    for (let tries = 0; !filesOf(cy).has(sha(big)); tries++) {
      if (tries > 40) throw new Error('the download never finished');
      await fetchFile(cy, filesOf(cy), http, 'case-1', sha(big)).catch((err: unknown) => {
        if (!(err instanceof SyncError)) throw err;
      });
    }
    expect(proxy.made.length).toBeGreaterThan(0);
    expect(sha(readFileSync(filesOf(cy).pathOf(sha(big))))).toBe(sha(big));
    expect([integrity(ann), integrity(bo), integrity(cy)]).toEqual(['ok', 'ok', 'ok']);
  });
});
