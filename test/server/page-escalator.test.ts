// Severity-1 pages through a real central server, on SQLite and on PostgreSQL, with the escalator's
// clock and timers simulated: the form pages the engineer the rota has on call now (and tells the
// customer who); unacknowledged after the policy's 15 minutes the page goes to the secondary, then
// to management, each step recorded on the case; an acknowledgement stops it.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { casePageOf } from '../../shared/oncall/case-pages';
import { ROTA_FORMAT } from '../../shared/oncall/rota';
import { startCentralServer, type CentralServer } from '../../server/start-server';
import { numberIn, submit } from '../support/intake-form';
import { listen, type Listener } from '../support/live-listener';
import { dropTestDatabases } from '../support/postgres';
import { BACKENDS } from '../support/server-backends';
import { SimulatedHost } from '../support/simulated-host';
import { serverFilesFor } from '../support/temp-db';

afterAll(async () => {
  await dropTestDatabases();
});

const servers: CentralServer[] = [];
const listeners: Listener[] = [];
afterEach(async () => {
  for (const l of listeners.splice(0)) await l.close();
  for (const s of servers.splice(0)) await s.close();
});

const MINUTE = 60_000;

describe.each(BACKENDS)('Severity-1 pages on $name', (backend) => {
  async function team() {
    const host = new SimulatedHost('2010-11-29T12:00:00-05:00');
    const location = await backend.fresh();
    const files = serverFilesFor(location);
    const server = await startCentralServer({ ...location, port: 0, clock: { now: host.clock.now }, pages: { host: host.host }, ...(files ? { files } : {}) });
    servers.push(server);
    const people: Record<string, Listener> = {};
    const tokens: Record<string, string> = {};
    for (const [name, role] of [['Ana', 'on-call'], ['Bo', 'on-call'], ['Mia', 'manager'], ['Olu', 'on-call']] as const) {
      tokens[name] = (await server.store.addUser(name, role)).token;
      people[name] = listen(server, tokens[name]);
      listeners.push(people[name]);
      await people[name].waitFor((e) => e.event === 'hello');
    }
    const admin = (await server.store.addUser('Ada', 'admin')).user;
    const rota = {
      format: ROTA_FORMAT,
      shifts: [{ id: 'days', name: 'Days', repeat: 'FREQ=DAILY', starts: '2010-01-01', from: '08:00', to: '20:00', primary: 'Ana', secondary: 'Bo' }],
      overrides: [],
      management: ['Mia'],
    };
    const [put] = await server.store.push(admin, 'admin-desk', [{ mutationId: randomUUID(), name: 'useRota', args: { author: 'Ada', rota, base: 0 }, madeAt: host.wall, scope: { kind: 'team', subject: 'rota' } }]);
    expect(put?.status).toBe('applied');
    const pagesOf = (name: string) => people[name]!.events.filter((e) => e.event === 'page');
    const caseOf = async (caseId: string) => (await server.store.snapshots(server.store.db, [caseId]))[0]!;
    return { host, server, people, pagesOf, caseOf, tokens };
  }

  const settle = () => new Promise((r) => setTimeout(r, 300));
  /** Let time pass on the escalator's clock, then give its pushes and pages a moment. */
  async function pass(host: SimulatedHost, ms: number) {
    host.advance(ms);
    await settle();
  }

  it('pages the primary on call now, not every on-call user, and tells the customer who was paged', async () => {
    const { server, people, pagesOf, caseOf } = await team();
    const sent = await submit(server, { severity: '1', summary: 'All outbound mail stopped' });
    expect(sent.html).toContain('We have paged Ana, our on-call engineer.');
    const page = await people.Ana!.waitFor((e) => e.event === 'page', 2000);
    expect(page.data).toMatchObject({ number: numberIn(sent.html), step: 'primary', to: ['Ana'], summary: 'All outbound mail stopped' });
    await settle();
    expect(pagesOf('Olu')).toEqual([]);
    expect(pagesOf('Bo')).toEqual([]);
    const paged = casePageOf((await caseOf(String(page.data.caseId))).record)!;
    expect(paged.sent.map((s) => [s.step, s.to])).toEqual([['primary', ['Ana']]]);
  });

  it('goes to the secondary after 15 unanswered minutes, then to management, each step on the case', async () => {
    const { host, server, people, pagesOf, caseOf } = await team();
    await submit(server, { severity: '1' });
    const first = await people.Ana!.waitFor((e) => e.event === 'page', 2000);
    const caseId = String(first.data.caseId);
    await pass(host, 14 * MINUTE);
    expect(pagesOf('Bo')).toEqual([]);
    await pass(host, 1 * MINUTE);
    await expect.poll(() => pagesOf('Bo').length, { timeout: 2000 }).toBe(1);
    expect(pagesOf('Bo')[0]!.data).toMatchObject({ step: 'secondary', to: ['Bo'] });
    await pass(host, 15 * MINUTE);
    await expect.poll(() => pagesOf('Mia').length, { timeout: 2000 }).toBe(1);
    const page = casePageOf((await caseOf(caseId)).record)!;
    expect(page.sent.map((s) => s.step)).toEqual(['primary', 'secondary', 'management']);
    expect(page.sent[1]!.ms - page.sent[0]!.ms).toBe(15 * MINUTE);
    // Nobody is left: nothing more is sent, and nothing twice.
    await pass(host, 60 * MINUTE);
    expect([pagesOf('Ana').length, pagesOf('Bo').length, pagesOf('Mia').length]).toEqual([1, 1, 1]);
  });

  it('stops when the page is acknowledged: the secondary is never paged', async () => {
    const { host, server, people, pagesOf, caseOf } = await team();
    await submit(server, { severity: '1' });
    const first = await people.Ana!.waitFor((e) => e.event === 'page', 2000);
    const caseId = String(first.data.caseId);
    await pass(host, 5 * MINUTE);
    const ana = (await server.store.users()).find((u) => u.name === 'Ana')!;
    const [ack] = await server.store.push(ana, 'ana-laptop', [
      { mutationId: randomUUID(), name: 'acknowledgePage', args: { caseId, at: new Date(host.wall).toISOString(), author: 'Ana' }, madeAt: host.wall, scope: { kind: 'case', caseId } },
    ]);
    expect(ack?.status).toBe('applied');
    await pass(host, 60 * MINUTE);
    expect(pagesOf('Bo')).toEqual([]);
    expect(pagesOf('Mia')).toEqual([]);
    expect(casePageOf((await caseOf(caseId)).record)).toMatchObject({ acknowledged: { by: 'Ana' } });
    // A second acknowledgement is refused with who answered.
    const [again] = await server.store.push(ana, 'ana-laptop', [
      { mutationId: randomUUID(), name: 'acknowledgePage', args: { caseId, at: new Date(host.wall).toISOString(), author: 'Ana' }, madeAt: host.wall, scope: { kind: 'case', caseId } },
    ]);
    expect(again).toMatchObject({ status: 'rejected' });
    expect(again?.error).toMatch(/was acknowledged already, by Ana/);
  });
});
