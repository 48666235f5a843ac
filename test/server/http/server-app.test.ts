// The server's HTTP face over real HTTP on 127.0.0.1: every endpoint but the health check (and the
// customers' form, tested with it) needs a staff token, checked before anything sent is read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNC_PROTOCOL } from '../../../shared/sync/protocol';
import { startCentralServer, type CentralServer } from '../../../server/start-server';
import { listen } from '../../support/live-listener';
import { tempDbPath } from '../../support/temp-db';

let server: CentralServer;
let token: string;
beforeAll(async () => {
  server = await startCentralServer({ sqlite: tempDbPath('central.db'), port: 0 });
  token = (await server.store.addUser('Ann', 'engineer')).token;
});
afterAll(async () => {
  await server.close();
});

const call = (path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, init);

describe('the server API', () => {
  it('answers the health check to anyone', async () => {
    const r = await call('/api/health');
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ ok: true, protocol: SYNC_PROTOCOL });
  });

  it('refuses every other endpoint without a known token, before reading what was sent', async () => {
    const endpoints: [string, RequestInit][] = [
      ['/api/me', {}],
      ['/api/sync/pull?since=0', {}],
      ['/api/live', {}],
      ['/api/sync/push', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{ not json' }],
    ];
    for (const [path, init] of endpoints) {
      for (const authorization of [undefined, 'Bearer cdt_unknown', 'Basic YW5uOnB3', `Bearer ${token}x`]) {
        const r = await call(path, { ...init, headers: { ...(init.headers as Record<string, string>), ...(authorization ? { authorization } : {}) } });
        expect([path, authorization, r.status]).toEqual([path, authorization, 401]);
        expect(r.headers.get('www-authenticate')).toBe('Bearer');
        expect(((await r.json()) as { error: string }).error).toMatch(/^(a token is required|the token is not known to this server)/);
      }
    }
  });

  it('serves a staff token: who am I, and clear 400s for a malformed push', async () => {
    const me = await call('/api/me', { headers: { authorization: `Bearer ${token}` } });
    expect(await me.json()).toEqual({ name: 'Ann', role: 'engineer', version: 0, serverId: await server.store.serverId() });
    const bad = await call('/api/sync/push', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{ not json' });
    expect(bad.status).toBe(400);
    const wrong = await call('/api/sync/push', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ protocol: 'casedesk.sync/0', clientId: 'x', items: [] }),
    });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: string }).error).toMatch(/^push: /);
    const page = await call('/api/sync/pull?since=-1', { headers: { authorization: `Bearer ${token}` } });
    expect(page.status).toBe(400);
  });
});

describe('a user whose access is revoked', () => {
  let team: CentralServer;
  beforeAll(async () => {
    team = await startCentralServer({ sqlite: tempDbPath('team.db'), port: 0, heartbeatMs: 100 });
  });
  afterAll(async () => {
    await team.close();
  });

  it('is refused at once, and their open live stream is closed; others go on; a new token lets them in again', async () => {
    const raj = (await team.store.addUser('Raj', 'engineer')).token;
    const bo = (await team.store.addUser('Bo', 'on-call')).token;
    const rajStream = listen(team, raj);
    const boStream = listen(team, bo);
    try {
      await rajStream.waitFor((e) => e.event === 'hello');
      await boStream.waitFor((e) => e.event === 'hello');
      await team.store.revokeUser('Raj');
      const me = await fetch(`${team.url}/api/me`, { headers: { authorization: `Bearer ${raj}` } });
      expect(me.status).toBe(401);
      await rajStream.waitFor((e) => e.event === 'signed-out', 3000);
      await expect.poll(() => rajStream.ended, { timeout: 1000 }).toBe(true);
      await new Promise((r) => setTimeout(r, 500)); // several keep-alives, each checking Bo's token
      expect(boStream.ended).toBe(false);
      expect(boStream.events.map((e) => e.event)).not.toContain('signed-out');
    } finally {
      await rajStream.close();
      await boStream.close();
    }
    expect((await team.store.users()).map((u) => [u.name, u.revoked])).toEqual([['Bo', false], ['Raj', true]]);
    const { token: again } = await team.store.newToken('Raj');
    expect((await fetch(`${team.url}/api/me`, { headers: { authorization: `Bearer ${again}` } })).status).toBe(200);
    expect((await fetch(`${team.url}/api/me`, { headers: { authorization: `Bearer ${raj}` } })).status).toBe(401);
    await expect(team.store.revokeUser('Nobody')).rejects.toThrow('there is no user named "Nobody"');
    // A second revocation (the column of token hashes is unique), and Casedesk's own users are not people.
    await team.store.addUser('Cy', 'engineer');
    await team.store.revokeUser('Cy');
    await team.store.revokeUser('Bo');
    expect((await team.store.users()).filter((u) => u.revoked).map((u) => u.name)).toEqual(['Bo', 'Cy']);
    await expect(team.store.addUser('online form', 'engineer')).rejects.toThrow(`"online form" is the name of Casedesk's own user; choose another`);
    await team.store.addUser('online form', 'engineer', { system: true });
    await expect(team.store.newToken('online form')).rejects.toThrow(`"online form" is Casedesk's own user`);
    await expect(team.store.revokeUser('online form')).rejects.toThrow(`"online form" is Casedesk's own user`);
  });

  it('pages only a stream whose user is still signed in, without waiting for the keep-alive', async () => {
    const slow = await startCentralServer({ sqlite: tempDbPath('slow.db'), port: 0, heartbeatMs: 60_000 });
    const olu = listen(slow, (await slow.store.addUser('Olu', 'on-call')).token);
    const pat = listen(slow, (await slow.store.addUser('Pat', 'on-call')).token);
    try {
      await olu.waitFor((e) => e.event === 'hello');
      await pat.waitFor((e) => e.event === 'hello');
      await slow.store.revokeUser('Pat');
      await slow.live.page({ caseId: 'C-9', step: 'primary', to: ['Olu', 'Pat'], data: { caseId: 'C-9', number: 'WEB-9', company: 'Contoso Bank', summary: 'all mail bouncing' } });
      expect((await olu.waitFor((e) => e.event === 'page', 2000)).data).toMatchObject({ company: 'Contoso Bank' });
      await pat.waitFor((e) => e.event === 'signed-out', 2000);
      await expect.poll(() => pat.ended, { timeout: 1000 }).toBe(true);
      expect(pat.events.map((e) => e.event)).not.toContain('page');
    } finally {
      await olu.close();
      await pat.close();
      await slow.close();
    }
  });
});
