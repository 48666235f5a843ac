// The contract's byte streams, end to end through the real `casedesk web` (its core in a worker
// thread): a download of every case comes out whole and equal to `casedesk export`, past the calls'
// 1 MiB limit; an upload imports a file past 1 MiB; a refused stream says why and keeps
// nothing; and nobody without the page's key gets a byte.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCases } from '../../../../bench/support/generate-cases.mjs';
import { casedesk, tempFiles } from '../../../support/run-casedesk';
import { startHost, type RunningHost } from '../../../support/web-host-process';

let host: RunningHost;
let dir: string;
let db: string;
const auth = () => ({ Authorization: `Bearer ${host.key}` });
const streamUrl = (name: string, input: unknown = {}) => `${host.origin}/api/stream/${encodeURIComponent(name)}?input=${encodeURIComponent(JSON.stringify(input))}`;

beforeAll(async () => {
  dir = tempFiles({});
  db = join(dir, 'desk.db');
  writeFileSync(join(dir, 'first.json'), JSON.stringify(generateCases(3000, 11)));
  expect(casedesk('import', join(dir, 'first.json'), '--db', db).status).toBe(0);
  host = await startHost(db);
}, 60_000);
afterAll(async () => {
  await host?.stop();
});

describe('byte streams over the browser host', () => {
  it('download every case as one file, equal to casedesk export, in many chunks past 1 MiB', async () => {
    const response = await fetch(streamUrl('cases:export'), { headers: auth() });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="casedesk-cases.json"');
    let chunks = 0;
    const parts: Uint8Array[] = [];
    for await (const chunk of response.body!) {
      chunks++;
      parts.push(chunk);
    }
    const text = Buffer.concat(parts).toString('utf8');
    expect(text.length).toBeGreaterThan(1 << 20);
    expect(chunks).toBeGreaterThan(2);
    const exported = casedesk('export', '--db', db);
    expect(exported.status).toBe(0);
    expect(text).toBe(exported.stdout);
    expect(JSON.parse(text).cases).toHaveLength(3000);
  });

  it('upload a file past 1 MiB and import all of it, which the queue then counts', async () => {
    const file = JSON.stringify(generateCases(4000, 12)).replaceAll('"id":"C-', '"id":"UP-');
    expect(file.length).toBeGreaterThan(1 << 20);
    const response = await fetch(streamUrl('cases:import', { fileName: 'more.json' }), { method: 'PUT', headers: auth(), body: file });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, value: { imported: 4000, policyId: 'xecuritas-support', policyVersion: 1 } });
    const counts = await fetch(`${host.origin}/api/queue:counts`, { method: 'POST', headers: { ...auth(), 'Content-Type': 'application/json', Origin: host.origin }, body: '{}' });
    expect(((await counts.json()) as { value: { all: number } }).value.all).toBe(7000);
  });

  it('refuse a bad file by its own name, and keep nothing of it', async () => {
    const bad = await fetch(streamUrl('cases:import', { fileName: 'broken.json' }), { method: 'PUT', headers: auth(), body: '{"format":"casedesk.cases/1","cases":[{"id":' });
    expect(bad.status).toBe(200);
    const answer = (await bad.json()) as { ok: boolean; error: string; kind: string };
    expect(answer).toMatchObject({ ok: false, kind: 'request' });
    expect(answer.error).toContain('broken.json');
    expect(answer.error).not.toContain('casedesk-upload-');
    const again = await fetch(streamUrl('cases:import', { fileName: 'again.json' }), { method: 'PUT', headers: auth(), body: readFileSync(join(dir, 'first.json')) });
    expect(((await again.json()) as { ok: boolean; error: string }).error).toMatch(/already/i);
    const exported = JSON.parse(casedesk('export', '--db', db).stdout) as { cases: unknown[] };
    expect(exported.cases).toHaveLength(7000);
  });

  it('say what is wrong with an unknown stream, a bad input or the wrong method', async () => {
    expect((await fetch(streamUrl('cases:shred'), { headers: auth() })).status).toBe(404);
    const input = await fetch(streamUrl('cases:export', { refused: 'yes' }), { headers: auth() });
    expect(input.status).toBe(400);
    expect(((await input.json()) as { error: string }).error).toMatch(/^cases:export: refused/);
    expect((await fetch(streamUrl('cases:import', { fileName: 'x.json' }), { headers: auth() })).status).toBe(405);
    expect((await fetch(`${host.origin}/api/stream/cases%3Aexport?input=%7Bnot`, { headers: auth() })).status).toBe(400);
  });

  it('give nothing without the key, or to another origin', async () => {
    expect((await fetch(streamUrl('cases:export'))).status).toBe(401);
    expect((await fetch(streamUrl('cases:export'), { headers: { Authorization: 'Bearer nope' } })).status).toBe(401);
    expect((await fetch(streamUrl('cases:export'), { headers: { ...auth(), Origin: 'http://evil.example' } })).status).toBe(403);
    expect((await fetch(streamUrl('cases:import', { fileName: 'x.json' }), { method: 'PUT', body: '{}' })).status).toBe(401);
  });

  it('stop the core reading when the page stops reading a download half-way, and answer the next at once', async () => {
    const response = await fetch(streamUrl('cases:export'), { headers: auth() });
    const reader = response.body!.getReader();
    await reader.read();
    await reader.cancel();
    const next = await fetch(`${host.origin}/api/queue:counts`, { method: 'POST', headers: { ...auth(), 'Content-Type': 'application/json', Origin: host.origin }, body: '{}' });
    expect(next.status).toBe(200);
  });
});
