// The core's byte streams in process, and the desktop app's casedesk-stream: protocol in front of
// them: an upload past its limit is refused with nothing kept (no case, no temporary file), and the
// protocol answers only the page that holds this run's key.
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { generateCases } from '../../../../bench/support/generate-cases.mjs';
import { CasedeskApiCore } from '../../../../electron/core/api/casedesk-api';
import { CaseStore } from '../../../../electron/core/store/case-store';
import { streamProtocolHandler } from '../../../../electron/main/stream-protocol';
import { tempDbPath } from '../../../support/temp-db';

const uploads = () => readdirSync(tmpdir()).filter((name) => name.startsWith('casedesk-upload-'));

function core(maxBytes?: number) {
  const store = CaseStore.open(tempDbPath(), { create: true });
  return { store, core: new CasedeskApiCore(store, null, { streams: maxBytes ? { maxBytes: { 'cases:import': maxBytes } } : {} }) };
}

async function* pieces(text: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe('the core’s byte streams', () => {
  it('refuse an upload past its limit, half-way, keeping no case and no temporary file', async () => {
    const { store, core: api } = core(64 * 1024);
    const before = uploads();
    const answer = await api.upload('cases:import', { fileName: 'big.json' }, pieces(JSON.stringify(generateCases(500, 3)), 16 * 1024));
    expect(answer).toEqual({ ok: false, error: 'the file is larger than 64 KiB: nothing was imported', kind: 'request' });
    expect(store.caseCount()).toBe(0);
    expect(uploads()).toEqual(before);
  });

  it('import an upload that keeps within the limit, and tell the queue', async () => {
    const { store, core: api } = core();
    const events: unknown[] = [];
    api.onEvent((e) => events.push(e));
    const answer = await api.upload('cases:import', { fileName: 'ok.json' }, pieces(JSON.stringify(generateCases(50, 4)), 1000));
    expect(answer).toEqual({ ok: true, value: { imported: 50, policyId: 'xecuritas-support', policyVersion: 1 } });
    expect(store.caseCount()).toBe(50);
    expect(events).toContainEqual({ type: 'cases-changed', caseIds: null });
  });

  it('refuse an upload named as a download, and the other way round', async () => {
    const { core: api } = core();
    expect(await api.upload('cases:export', {}, pieces('x', 1))).toEqual({ ok: false, error: 'unknown upload "cases:export"', kind: 'request' });
    await expect(api.download('cases:import', { fileName: 'x' })[Symbol.asyncIterator]().next()).rejects.toThrow('unknown download "cases:import"');
  });
});

describe('the casedesk-stream: protocol of the desktop app', () => {
  it('answers the page with this run’s key, and refuses any other', async () => {
    const { store, core: api } = core();
    await api.upload('cases:import', { fileName: 'ok.json' }, pieces(JSON.stringify(generateCases(20, 5)), 4096));
    const handle = streamProtocolHandler(api, 'the-key');
    const url = 'casedesk-stream://app/cases%3Aexport?input=%7B%7D';
    expect((await handle(new Request(url))).status).toBe(401);
    expect((await handle(new Request(url, { headers: { Authorization: 'Bearer the-kez' } }))).status).toBe(401);
    expect((await handle(new Request('casedesk-stream://elsewhere/cases%3Aexport', { headers: { Authorization: 'Bearer the-key' } }))).status).toBe(404);
    const ok = await handle(new Request(url, { headers: { Authorization: 'Bearer the-key' } }));
    expect(ok.status).toBe(200);
    expect(JSON.parse(await ok.text()).cases).toHaveLength(store.caseCount());
  });
});
