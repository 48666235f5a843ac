// The central server's file endpoints over real HTTP: which files it lacks, a file sent in pieces
// and resumed from the byte the server holds, bytes that do not hash to their name thrown away,
// a file past the size limit refused in words, and a file read back — from a byte offset — only
// by signed-in staff, only through a case that holds it.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMutation } from '../../../electron/core/store/apply-mutation';
import { newCase, SyncWorld } from '../../support/sync-world';
import { tempDbPath } from '../../support/temp-db';

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const log = Buffer.from(Array.from({ length: 20_000 }, (_, i) => `2010-11-29 09:00 line ${i}\n`).join(''));
let world: SyncWorld;
let auth: Record<string, string>;
let url: string;

beforeAll(async () => {
  world = await SyncWorld.start({ sqlite: tempDbPath('central.db') }, undefined, { maxFileBytes: 1024 * 1024 });
  url = world.server.url;
  auth = { authorization: `Bearer ${world.token}` };
  const desk = world.desktop();
  newCase(desk, 'case-1');
  newCase(desk, 'case-2');
  applyMutation(desk, 'attachFile', { caseId: 'case-1', at: '2010-11-29T12:00:00-05:00', sha256: sha(log), size: log.length, name: 'mail.log', mediaType: 'text/plain', author: 'Ann' });
  await world.sync(desk);
});
afterAll(() => world?.close());

const holding = async (hashes: string[]) => {
  const response = await fetch(`${url}/api/files/holding`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ hashes }) });
  return (await response.json()) as { files: { sha256: string; have: boolean; partial: number }[]; maxBytes: number };
};
const send = (sha256: string, offset: number, size: number, bytes: Buffer, headers = auth) =>
  fetch(`${url}/api/files/${sha256}?offset=${offset}&size=${size}`, { method: 'PUT', headers: { ...headers, 'content-type': 'application/octet-stream' }, body: bytes });

describe('files on the central server', () => {
  it('takes a file in pieces, resumed from what it holds, and gives it back only through a case that holds it', async () => {
    const hash = sha(log);
    expect(await holding([hash])).toEqual({ files: [{ sha256: hash, have: false, partial: 0 }], maxBytes: 1024 * 1024 });
    const half = 200_000;
    expect(await (await send(hash, 0, log.length, log.subarray(0, half))).json()).toEqual({ sha256: hash, have: false, partial: half });
    // From past what it holds: refused, with where to resume.
    const ahead = await send(hash, half + 10, log.length, log.subarray(half + 10));
    expect(ahead.status).toBe(409);
    expect(await ahead.json()).toEqual({ error: `the server holds ${half.toLocaleString('en-US')} bytes of this file: send from there`, holds: half });
    // A piece sent again from before the end writes the same bytes again.
    expect(await (await send(hash, half - 1000, log.length, log.subarray(half - 1000))).json()).toEqual({ sha256: hash, have: true, partial: 0 });
    expect(sha(readFileSync(`${world.server.filesRoot}/sha256/${hash.slice(0, 2)}/${hash}`))).toBe(hash);

    const read = await fetch(`${url}/api/cases/case-1/files/${hash}`, { headers: auth });
    expect(read.status).toBe(200);
    expect(sha(Buffer.from(await read.arrayBuffer()))).toBe(hash);
    const rest = await fetch(`${url}/api/cases/case-1/files/${hash}`, { headers: { ...auth, range: 'bytes=400000-' } });
    expect(rest.status).toBe(206);
    expect(rest.headers.get('content-range')).toBe(`bytes 400000-${log.length - 1}/${log.length}`);
    expect(sha(Buffer.from(await rest.arrayBuffer()))).toBe(sha(log.subarray(400_000)));

    const elsewhere = await fetch(`${url}/api/cases/case-2/files/${hash}`, { headers: auth });
    const second = (await world.server.store.snapshots(world.server.store.db, ['case-2']))[0]!.number;
    expect([elsewhere.status, ((await elsewhere.json()) as { error: string }).error]).toEqual([404, `case ${second} has no file ${hash.slice(0, 12)}…`]);
    expect((await fetch(`${url}/api/cases/nowhere/files/${hash}`, { headers: auth })).status).toBe(404);
    expect((await fetch(`${url}/api/cases/case-1/files/${hash}`)).status).toBe(401);
    expect((await send(hash, 0, log.length, log, {})).status).toBe(401);
  });

  it('throws away bytes that do not hash to their name, and refuses a file past its limit in words', async () => {
    const claimed = sha(Buffer.from('what the desktop said it was'));
    const wrong = await send(claimed, 0, 5, Buffer.from('other'));
    expect(wrong.status).toBe(422);
    expect(((await wrong.json()) as { error: string }).error).toMatch(/^the bytes received do not hash to [0-9a-f]{12}… \(5 bytes\): they were thrown away; send the file again$/);
    expect((await holding([claimed])).files).toEqual([{ sha256: claimed, have: false, partial: 0 }]);

    const huge = await send(sha(Buffer.from('huge')), 0, 5 * 1024 * 1024, Buffer.from('huge'));
    expect(huge.status).toBe(413);
    expect(await huge.json()).toEqual({ error: 'the file is 5 MiB, larger than this server takes (1 MiB at most, 1,048,576 bytes)' });
    const tooMuch = await send(sha(Buffer.from('ab')), 0, 1, Buffer.from('ab'));
    expect([tooMuch.status, ((await tooMuch.json()) as { error: string }).error]).toEqual([400, 'more bytes than the 1 the file has']);
    const notHash = await holding(['../../etc/passwd']);
    expect(notHash).toMatchObject({ error: expect.stringContaining('a SHA-256 (64 hexadecimal digits)') });
  });
});
