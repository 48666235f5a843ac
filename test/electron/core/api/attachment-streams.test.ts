// The page's way to attach a file and read it back (the `case:attach` and `attachment:read`
// streams, the same for the desktop app and the browser host): a file is kept once per content,
// listed in the case's detail, read back byte for byte only through a case that holds it, and a
// file past the limit or for a case that does not exist leaves nothing behind.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeEach, describe, expect, it } from 'vitest';
import { CasedeskApiCore } from '../../../../electron/core/api/casedesk-api';
import { FileStore } from '../../../../electron/core/files/file-store';
import { CaseStore } from '../../../../electron/core/store/case-store';
import { repoRoot } from '../../../support/run-casedesk';
import { tempDbPath } from '../../../support/temp-db';
import { onePixelPng } from '../../../support/sample-files';

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const png = onePixelPng;

async function* pieces(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function readAll(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
}

let store: CaseStore;
let files: FileStore;
let api: CasedeskApiCore;
let caseId: string;

beforeEach(async () => {
  const db = tempDbPath();
  store = CaseStore.open(db, { create: true });
  files = new FileStore(`${db}.files`);
  api = new CasedeskApiCore(store, null, { files, streams: { maxBytes: { 'case:attach': 64 * 1024 } } });
  const imported = await api.upload('cases:import', { fileName: 'cases.json' }, pieces(readFileSync(join(repoRoot, 'docs/examples/cases.json')), 4096));
  expect(imported).toMatchObject({ ok: true });
  caseId = store.findCase('C-1001')!.record.id;
});

const detail = async () => {
  return (await api.handle('case:get', { idOrNumber: caseId })) as { attachments: { sha256: string; name: string; mediaType: string; addedBy?: string }[] };
};

describe('attaching a file from the page', () => {
  it('keeps it by content, lists it on the case, and reads it back byte for byte', async () => {
    const log = Buffer.from('2010-11-29 09:00 ERROR smtp: connection refused\n'.repeat(500));
    const events: unknown[] = [];
    api.onEvent((e) => events.push(e));
    const answer = await api.upload('case:attach', { caseId, name: 'mail.log', author: 'Dana Ruiz' }, pieces(log, 1000));
    expect(answer).toEqual({ ok: true, value: { sha256: sha(log), size: log.length, name: 'mail.log', type: 'text/plain', already: false } });
    expect(events).toContainEqual({ type: 'cases-changed', caseIds: [caseId] });
    expect((await detail()).attachments).toMatchObject([{ sha256: sha(log), name: 'mail.log', mediaType: 'text/plain', addedBy: 'Dana Ruiz' }]);
    expect(await readAll(api.download('attachment:read', { caseId, sha256: sha(log) }))).toEqual(log);
  });

  it('takes a picture by what it is, whatever its name says, and the same content once', async () => {
    const first = await api.upload('case:attach', { caseId, name: 'screen.dat', author: 'Dana Ruiz' }, pieces(png, 7));
    expect(first).toMatchObject({ ok: true, value: { type: 'image/png', already: false } });
    const again = await api.upload('case:attach', { caseId, name: 'screen-again.png', author: 'Dana Ruiz' }, pieces(png, 7));
    expect(again).toMatchObject({ ok: true, value: { sha256: sha(png), already: true } });
    expect((await detail()).attachments).toHaveLength(1);
  });

  it('refuses a file past the limit and one for a case that does not exist, keeping nothing', async () => {
    const big = Buffer.alloc(100 * 1024, 'x');
    expect(await api.upload('case:attach', { caseId, name: 'huge.log', author: 'Dana Ruiz' }, pieces(big, 8192))).toEqual({
      ok: false,
      error: 'huge.log is larger than 64 KiB: nothing was attached',
      kind: 'request',
    });
    expect(await api.upload('case:attach', { caseId: 'C-9999', name: 'a.log', author: 'Dana Ruiz' }, pieces(Buffer.from('a'), 1))).toEqual({
      ok: false,
      error: 'no case "C-9999": nothing was attached',
      kind: 'request',
    });
    expect((await detail()).attachments).toEqual([]);
    expect(existsSync(files.pathOf(sha(big)))).toBe(false);
    expect(existsSync(join(files.root, 'tmp')) ? readdirSync(join(files.root, 'tmp')) : []).toEqual([]);
  });

  it('gives a file only through a case that holds it', async () => {
    await api.upload('case:attach', { caseId, name: 'screen.png', author: 'Dana Ruiz' }, pieces(png, 64));
    const other = store.findCase('C-1002')!.record.id;
    await expect(readAll(api.download('attachment:read', { caseId: other, sha256: sha(png) }))).rejects.toThrow(/^case \S+ has no file [0-9a-f]{12}…$/);
    await expect(readAll(api.download('attachment:read', { caseId, sha256: '../../etc/passwd' }))).rejects.toThrow();
  });

  it('keeps the bytes of a file taken off the case while an undo may bring it back, and lets them go after', async () => {
    const db = tempDbPath();
    let now = Date.now();
    const desk = CaseStore.open(db, { create: true, clock: { now: () => now } });
    const folder = new FileStore(`${db}.files`);
    const first = new CasedeskApiCore(desk, null, { files: folder });
    await first.upload('cases:import', { fileName: 'cases.json' }, pieces(readFileSync(join(repoRoot, 'docs/examples/cases.json')), 4096));
    const id = desk.findCase('C-1001')!.record.id;
    await first.upload('case:attach', { caseId: id, name: 'screen.png', author: 'Dana Ruiz' }, pieces(png, 64));
    await first.handle('case:change', { name: 'removeAttachment', args: { caseId: id, author: 'Dana Ruiz', sha256: sha(png) }, viewerZone: 'UTC' });
    // Started again within the undo window: the bytes stay, and an undo brings the file back whole.
    new CasedeskApiCore(desk, null, { files: folder });
    expect(folder.has(sha(png))).toBe(true);
    now += 16 * 60_000;
    new CasedeskApiCore(desk, null, { files: folder });
    expect(folder.has(sha(png))).toBe(false);
  });

  it('gives a log’s lines by number once its index is done, only through a case that holds it', async () => {
    const log = Buffer.from(Array.from({ length: 5000 }, (_, i) => `line ${i + 1}`).join('\n') + '\n');
    await api.upload('case:attach', { caseId, name: 'mail.log', author: 'Dana Ruiz' }, pieces(log, 4096));
    const ask = (from: number, count: number) => api.handle('attachment:lines', { caseId, sha256: sha(log), from, count }) as Promise<{ lines: string[]; total: number; done: boolean; size: number }>;
    let answer = await ask(0, 0);
    for (let tries = 0; !answer.done && tries < 100; tries++) answer = await new Promise((r) => setTimeout(() => r(ask(0, 0)), 20));
    expect(answer).toMatchObject({ total: 5000, done: true, size: log.length });
    expect((await ask(4998, 10)).lines).toEqual(['line 4999', 'line 5000']);
    expect((await ask(2047, 2)).lines).toEqual(['line 2048', 'line 2049']);
    const other = store.findCase('C-1002')!.record.id;
    await expect(api.handle('attachment:lines', { caseId: other, sha256: sha(log), from: 0, count: 1 })).rejects.toThrow(/has no file/);
  });

  it('searches a log — a gzip log unpacked for its lines — giving matches from the line asked, and names a bad pattern', async () => {
    const text = Array.from({ length: 5000 }, (_, i) => `line ${i + 1} ${i % 100 === 0 ? 'ERROR' : 'INFO'}`).join('\n') + '\n';
    const packed = gzipSync(text);
    await api.upload('case:attach', { caseId, name: 'mail.log.gz', author: 'Dana Ruiz' }, pieces(packed, 4096));
    type Found = { count: number; first: number; done: boolean; lines: number; matches: { line: number; text: string | null }[]; overview: number[]; error: string | null };
    const search = (where: { from?: number; at?: number }, count: number) =>
      api.handle('attachment:search', { caseId, sha256: sha(packed), pattern: 'error$', ignoreCase: true, ...where, count }) as Promise<Found>;
    let answer = await search({}, 0);
    for (let tries = 0; !answer.done && tries < 200; tries++) answer = await new Promise((r) => setTimeout(() => r(search({}, 0)), 20));
    expect(answer).toMatchObject({ count: 50, done: true, lines: 5000, error: null });
    expect(answer.overview.reduce((a, b) => a + b, 0)).toBe(50);
    // The lines are there to read once the unpacked copy is indexed.
    const indexed = () => api.handle('attachment:lines', { caseId, sha256: sha(packed), from: 0, count: 0 }) as Promise<{ done: boolean }>;
    let lines = await indexed();
    for (let tries = 0; !lines.done && tries < 200; tries++) lines = await new Promise((r) => setTimeout(() => r(indexed()), 20));
    expect(await search({ at: 2500 }, 2)).toMatchObject({ first: 25, matches: [{ line: 2500, text: 'line 2501 ERROR' }, { line: 2600, text: 'line 2601 ERROR' }] });
    expect(await search({ from: 49 }, 5)).toMatchObject({ first: 49, matches: [{ line: 4900, text: 'line 4901 ERROR' }] });
    expect((await api.handle('attachment:lines', { caseId, sha256: sha(packed), from: 4999, count: 5 })) as unknown).toMatchObject({ lines: ['line 5000 INFO'], total: 5000 });
    await expect(api.handle('attachment:search', { caseId, sha256: sha(packed), pattern: '(error', ignoreCase: false, count: 0 })).rejects.toThrow('not a regular expression: Unterminated group');
    const other = store.findCase('C-1002')!.record.id;
    await expect(api.handle('attachment:search', { caseId: other, sha256: sha(packed), pattern: 'x', ignoreCase: false, count: 0 })).rejects.toThrow(/has no file/);
    api.close();
  });
});
