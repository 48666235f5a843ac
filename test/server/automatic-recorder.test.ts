// The central store's scheduler records what the policy does by itself with every desktop closed:
// two real server processes on one PostgreSQL database both see a Severity-1 case breach and record
// its escalation once; two desktops — one syncing through a proxy that cuts its connections — end
// with that one event and record nothing themselves. Stopped while a breach comes, a server records
// it on its next start.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { applyMutation } from '../../electron/core/store/apply-mutation';
import { CaseStore } from '../../electron/core/store/case-store';
import { syncOnce } from '../../electron/core/sync/sync-client';
import { startCentralServer } from '../../server/start-server';
import { ServerStore } from '../../server/store/server-store';
import { addUserByCli, killChildren, startServerProcess } from '../support/casedesk-processes';
import { startCuttingProxy } from '../support/cutting-proxy';
import { createTestDatabase, dropTestDatabases } from '../support/postgres';
import { exportOf } from '../support/sync-world';
import { tempDbPath } from '../support/temp-db';
import { SimulatedHost } from '../support/simulated-host';

afterEach(async () => {
  await killChildren();
});
afterAll(async () => {
  await dropTestDatabases();
});

/** A Severity-1 case whose response breaches `inMs` from now (its hour counted from the first report). */
function breachingCase(store: CaseStore, id: string, inMs: number): void {
  applyMutation(store, 'createCase', {
    id,
    severity: 1,
    type: 'problem',
    channel: 'phone',
    loggedAt: new Date(Date.now() - 3_600_000 + inMs).toISOString(),
    author: 'Ann',
    fields: { company: 'Contoso Bank', summary: 'all mail bouncing' },
  });
}

const escalations = (events: { type: string }[] | undefined) => (events ?? []).filter((e) => e.type === 'escalation');

/** Sync until it gets through (the proxy cuts some attempts). */
async function syncThrough(store: CaseStore, server: string, token: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await syncOnce(store, { server, token, timeoutMs: 5000 });
      return;
    } catch (err) {
      if (attempt >= 20) throw err;
    }
  }
}

describe("the central store's automatic recorder", () => {
  it('records a breach’s escalation once with two server processes and two desktops, one behind a cutting proxy', async () => {
    const postgres = await createTestDatabase();
    const token = addUserByCli({ postgres }, 'Ann');
    const [first, second] = await Promise.all([startServerProcess({ postgres }), startServerProcess({ postgres })]);
    const proxy = await startCuttingProxy({ targetPort: Number(new URL(first.url).port), seed: 14, cuts: 3, maxBytes: 2048 });
    const near = CaseStore.open(tempDbPath(), { create: true });
    const far = CaseStore.open(tempDbPath(), { create: true });
    try {
      breachingCase(near, 'C-1', 4_000);
      await syncThrough(near, proxy.url, token);
      expect(proxy.made.length).toBeGreaterThan(0);
      await syncOnce(far, { server: second.url, token });
      expect(far.getCase('C-1')).not.toBeNull();
      // Both servers plan the breach; after it, the store holds its escalation once.
      const store = await ServerStore.open({ postgres });
      try {
        await expect
          .poll(async () => escalations((await store.exportCases()).find((c) => c.id === 'C-1')?.events).length, { timeout: 15_000, interval: 200 })
          .toBe(1);
        await new Promise((r) => setTimeout(r, 1500));
        const [record] = (await store.exportCases()).filter((c) => c.id === 'C-1');
        expect(escalations(record!.events)).toEqual([expect.objectContaining({ to: 'support-management', author: 'Casedesk (automatic)', reason: 'the response clock breached', automatic: expect.stringMatching(/^escalation\/response\//) })]);
        const recorded = await store.db.selectFrom('mutations').select(['id', 'status']).where('name', '=', 'recordAutomatic').execute();
        expect(recorded).toEqual([{ id: expect.any(String), status: 'applied' }]);
      } finally {
        await store.close();
      }
      await syncThrough(near, proxy.url, token);
      await syncOnce(far, { server: second.url, token });
      expect(escalations(near.getCase('C-1')!.record.events)).toHaveLength(1);
      expect(exportOf(near)).toEqual(exportOf(far));
    } finally {
      near.close();
      far.close();
      await proxy.close();
    }
  }, 60_000);

  it('records on its next start a breach that came while it was stopped', async () => {
    const sqlite = tempDbPath('central.db');
    let server = await startCentralServer({ sqlite, port: 0 });
    const { token } = await server.store.addUser('Ann', 'engineer');
    const desk = CaseStore.open(tempDbPath(), { create: true });
    try {
      breachingCase(desk, 'C-2', 2_000);
      await syncOnce(desk, { server: server.url, token });
      await server.close();
      await new Promise((r) => setTimeout(r, 2_500));
      server = await startCentralServer({ sqlite, port: 0 });
      await expect.poll(async () => escalations((await server.store.exportCases())[0]?.events).length, { timeout: 5_000, interval: 100 }).toBe(1);
    } finally {
      desk.close();
      await server.close();
    }
  }, 30_000);

  it('closes a case whose customer did not answer within 10 days, with every desktop closed, on a simulated clock', async () => {
    const host = new SimulatedHost('2010-11-29T11:30:00-05:00');
    const server = await startCentralServer({ sqlite: tempDbPath('central.db'), port: 0, clock: { now: () => host.wall }, automatic: { host: host.host } });
    const { token } = await server.store.addUser('Ann', 'engineer');
    const desk = CaseStore.open(tempDbPath(), { create: true, clock: { now: () => host.wall } });
    try {
      applyMutation(desk, 'createCase', { id: 'C-3', severity: 3, type: 'problem', channel: 'email', loggedAt: '2010-11-29T09:00:00-05:00', author: 'Ann', fields: { company: 'Fabrikam', summary: 'digest late' } });
      applyMutation(desk, 'logContact', { caseId: 'C-3', at: '2010-11-29T10:00:00-05:00', author: 'Ann', channel: 'email' });
      applyMutation(desk, 'changeStatus', { caseId: 'C-3', at: '2010-11-29T11:30:00-05:00', author: 'Ann', status: 'awaiting-customer' });
      await syncOnce(desk, { server: server.url, token });
      desk.close();
      // The recorder has read the case (the push's poke) before time moves.
      await new Promise((r) => setTimeout(r, 500));
      host.advance(10 * 24 * 3_600_000 + 60_000);
      await expect
        .poll(async () => (await server.store.exportCases())[0]!.events!.filter((e) => (e as { automatic?: string }).automatic).map((e) => [e.type, (e as { status?: string }).status, e.at]), { timeout: 5_000, interval: 100 })
        .toEqual([['status', 'closed', '2010-12-09T11:30:00-05:00']]);
    } finally {
      await server.close();
    }
  }, 30_000);
});
