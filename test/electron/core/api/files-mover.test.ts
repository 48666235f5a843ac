// The "Files folder" setting behind the page (files:folder, files:move, files:move-cancel): the
// case files move to another folder with progress, every one checked, and from then on the log
// viewer, the downloads and new attachments use the new folder; while a move runs attaching is
// refused, a cancelled move leaves everything where it was, and a bad folder is refused.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { CasedeskApiCore } from '../../../../electron/core/api/casedesk-api';
import { FileStore } from '../../../../electron/core/files/file-store';
import { CaseStore } from '../../../../electron/core/store/case-store';
import { repoRoot } from '../../../support/run-casedesk';
import { tempDbPath } from '../../../support/temp-db';
import { onePixelPng } from '../../../support/sample-files';
import type { CoreEvent } from '../../../../shared/ipc/events';

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const log = Buffer.from(Array.from({ length: 5000 }, (_, i) => `2010-11-29 09:${String(i % 60).padStart(2, '0')} ${i % 7 === 0 ? 'ERROR' : 'INFO'} line ${i}\n`).join(''));

async function* once(bytes: Buffer): AsyncGenerator<Uint8Array> {
  yield bytes;
}
async function readAll(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
}

let db: string;
let store: CaseStore;
let api: CasedeskApiCore;
let caseId: string;
let events: CoreEvent[];

beforeEach(async () => {
  db = tempDbPath();
  store = CaseStore.open(db, { create: true });
  api = new CasedeskApiCore(store, null, { files: new FileStore(`${db}.files`) });
  expect(await api.upload('cases:import', { fileName: 'cases.json' }, once(readFileSync(join(repoRoot, 'docs/examples/cases.json'))))).toMatchObject({ ok: true });
  caseId = store.findCase('C-1001')!.record.id;
  expect(await api.upload('case:attach', { caseId, name: 'mail.log', author: 'Dana Ruiz' }, once(log))).toMatchObject({ ok: true });
  expect(await api.upload('case:attach', { caseId, name: 'screen.png', author: 'Dana Ruiz' }, once(onePixelPng))).toMatchObject({ ok: true });
  events = [];
  api.onEvent((e) => events.push(e));
});

/** A line of the log as the viewer shows it, once its index has reached it. */
const lineOf = (n: number) => async () => {
  const answer = (await api.call('attachment:lines', { caseId, sha256: sha(log), from: n, count: 1 })) as { ok: boolean; value?: { lines: string[] }; error?: string };
  return answer.ok ? answer.value!.lines[0] : answer.error;
};

const elsewhere = () => join(mkdtempSync(join(tmpdir(), 'casedesk-move-')), 'case files');

describe('moving the case files from the app', () => {
  it('says where they are, moves them with progress, and uses the new folder from then on', async () => {
    expect(await api.call('files:folder', {})).toEqual({ ok: true, value: { folder: `${db}.files`, files: 2, bytes: log.length + onePixelPng.length, fixed: false, moving: false } });
    const to = elsewhere();
    expect(await api.call('files:move', { to })).toEqual({ ok: true, value: { from: `${db}.files`, to, files: 2, bytes: log.length + onePixelPng.length } });
    const progress = events.filter((e) => e.type === 'progress');
    expect(progress[0]).toMatchObject({ job: 'files-move', done: 0, total: null, unit: 'bytes' });
    expect(progress.at(-1)).toMatchObject({ job: 'files-move', done: log.length + onePixelPng.length, total: log.length + onePixelPng.length });
    expect(existsSync(`${db}.files`)).toBe(false);
    expect(await api.call('files:folder', {})).toMatchObject({ value: { folder: to, files: 2 } });

    // The viewer, the download and a new attachment all use the new folder.
    await expect.poll(lineOf(4999)).toBe('2010-11-29 09:19 INFO line 4999');
    expect(sha(await readAll(api.download('attachment:read', { caseId, sha256: sha(onePixelPng) })))).toBe(sha(onePixelPng));
    const later = Buffer.from('attached after the move\n');
    expect(await api.upload('case:attach', { caseId, name: 'later.txt', author: 'Dana Ruiz' }, once(later))).toMatchObject({ ok: true });
    expect(existsSync(join(to, 'sha256', sha(later).slice(0, 2), sha(later)))).toBe(true);

    // The next start finds them there too.
    const reopened = new CasedeskApiCore(store, null);
    expect(await reopened.call('files:folder', {})).toMatchObject({ value: { folder: to, files: 3 } });
    reopened.close();
  });

  it('refuses to attach while a move runs, and a cancelled move leaves the files where they were', async () => {
    const to = elsewhere();
    const moving = api.call('files:move', { to });
    expect(await api.upload('case:attach', { caseId, name: 'during.txt', author: 'Dana Ruiz' }, once(Buffer.from('during the move\n')))).toEqual({
      ok: false,
      kind: 'request',
      error: 'during.txt: the case files are being moved to another folder: attach it again when the move is done',
    });
    expect(await api.call('files:move', { to: elsewhere() })).toMatchObject({ ok: false, error: expect.stringMatching(/being moved already/) });
    expect(await api.call('files:move-cancel', {})).toEqual({ ok: true, value: { cancelled: true } });
    expect(await moving).toMatchObject({ ok: false, kind: 'request', error: expect.stringMatching(/^the move was cancelled: the files stay in /) });
    expect(await api.call('files:folder', {})).toMatchObject({ value: { folder: `${db}.files`, files: 2, moving: false } });
    await expect.poll(lineOf(0)).toBe('2010-11-29 09:00 ERROR line 0');
    expect(await api.call('files:move-cancel', {})).toEqual({ ok: true, value: { cancelled: false } });
  });

  it('refuses a relative path, the folder in use, a file, and a folder chosen at start, moving nothing', async () => {
    const aFile = join(mkdtempSync(join(tmpdir(), 'casedesk-move-')), 'x.txt');
    writeFileSync(aFile, 'x');
    const refusals: [string, RegExp][] = [
      ['case-files', /"case-files" is not a full path/],
      [`${db}.files`, /already in/],
      [aFile, /is a file, not a folder/],
      ['', /the new folder/],
    ];
    for (const [to, message] of refusals) expect(await api.call('files:move', { to }), to).toMatchObject({ ok: false, kind: 'request', error: expect.stringMatching(message) });
    const fixed = new CasedeskApiCore(store, null, { files: new FileStore(`${db}.files`), filesFixed: true });
    expect(await fixed.call('files:move', { to: elsewhere() })).toMatchObject({ ok: false, error: expect.stringMatching(/started with --files DIR/) });
    expect(await fixed.call('files:folder', {})).toMatchObject({ value: { fixed: true } });
    fixed.close();
    expect(await api.call('files:folder', {})).toMatchObject({ value: { folder: `${db}.files`, files: 2 } });
  });
});
