// The desktop's alerts through the core, on a simulated clock: an alert that concerns the engineer
// arrives as an `alert` event in their words and stays in the list until seen; a case of someone
// else's is not theirs to hear of; a change planned again at once; quiet hours and a mute hold
// back a pop-up but never a Severity-1's; the count of cases at risk follows time without a change;
// the engineer's choices outlive a restart.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CasedeskApiCore } from '../../../../electron/core/api/casedesk-api';
import { CaseStore } from '../../../../electron/core/store/case-store';
import { applyMutation } from '../../../../electron/core/store/apply-mutation';
import type { AlertsState } from '../../../../shared/ipc/contract';
import type { CoreEvent } from '../../../../shared/ipc/events';
import { tempDbPath } from '../../../support/temp-db';
import { SimulatedHost } from '../../../support/simulated-host';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let host: SimulatedHost;
let dbPath: string;
let store: CaseStore;
let core: CasedeskApiCore;
let events: CoreEvent[];
let logged: string[];

function open(): void {
  store = CaseStore.open(dbPath, { create: true, clock: { now: () => host.wall } });
  logged = [];
  core = new CasedeskApiCore(store, null, { alerts: { host: host.host, startAfterMs: 0 }, log: (line) => logged.push(line) });
  core.onEvent((event) => events.push(event));
}

async function call<T>(channel: string, input: unknown = {}): Promise<T> {
  const answer = await core.call(channel, input);
  if (!answer.ok) throw new Error(answer.error);
  return answer.value as T;
}

/** A case reported online (the engineer named, or not) at a wall-clock time in New York. */
async function newCase(severity: number, loggedAt: string, engineer?: string): Promise<{ id: string; number: string }> {
  return call('case:create', { severity, channel: 'online', loggedAt, company: 'Contoso Bank', summary: 'Mail stuck in the queue', ...(engineer ? { engineer } : {}) });
}

const alerts = () => events.flatMap((e) => (e.type === 'alert' ? [e.notice] : []));
const summaries = () => events.flatMap((e) => (e.type === 'alerts-status' ? [e.summary] : []));

beforeEach(() => {
  // Monday 29 November 2010, 11:30 in New York: support is open (8 AM to 7 PM).
  host = new SimulatedHost('2010-11-29T11:30:00-05:00');
  dbPath = tempDbPath();
  events = [];
  open();
  host.advance(0);
});

afterEach(() => {
  core.close();
  store.close();
});

describe("the desktop's alerts", () => {
  it("raise a reminder of the engineer's own case in their words, kept in the list until seen", async () => {
    await call('alerts:set', { me: 'Dana' });
    // Severity-2 reported at 09:00: the response is due 4 business hours later (13:00), reminded an hour before.
    const { number } = await newCase(2, '2010-11-29T09:00:00-05:00', 'Dana');
    host.advance(29 * MINUTE);
    expect(alerts()).toEqual([]);
    host.advance(2 * MINUTE);
    expect(alerts()).toHaveLength(1);
    const [notice] = alerts();
    expect(notice).toMatchObject({ kind: 'reminder', clock: 'response', number, reason: 'your case', popup: true, critical: false, sound: true, held: null });
    expect(notice!.title).toBe(`Response due in 1 h — ${number} Contoso Bank, Severity-2`);
    expect(notice!.at).toBe(Date.parse('2010-11-29T17:00:00Z'));
    const state = await call<AlertsState>('alerts:get');
    expect(state.recent.map((n) => n.id)).toEqual([notice!.id]);
    expect(state.unseen).toBe(1);
    expect((await call<AlertsState>('alerts:set', { seen: true })).unseen).toBe(0);
    expect(summaries().at(-1)?.unseen).toBe(0);
  });

  it("tell nobody of a case someone else works, unless asked for every case; an unassigned one reaches everyone", async () => {
    await call('alerts:set', { me: 'Dana' });
    await newCase(2, '2010-11-29T09:00:00-05:00', 'Lee');
    const unassigned = await newCase(2, '2010-11-29T09:10:00-05:00');
    host.advance(45 * MINUTE);
    expect(alerts().map((n) => [n.number, n.reason])).toEqual([[unassigned.number, 'unassigned']]);
    const { preferences } = await call<AlertsState>('alerts:get');
    await call('alerts:set', { preferences: { ...preferences, cases: 'all' } });
    await newCase(2, '2010-11-29T09:30:00-05:00', 'Lee');
    host.advance(20 * MINUTE);
    expect(alerts().map((n) => n.reason)).toEqual(['unassigned', 'a case of the team']);
  });

  it('plan a case again as soon as it changes: a response logged ends its reminders', async () => {
    await call('alerts:set', { me: 'Dana' });
    const { id } = await newCase(2, '2010-11-29T09:00:00-05:00', 'Dana');
    await call('case:change', { name: 'logContact', args: { caseId: id, author: 'Dana', channel: 'phone' } });
    // Resolution: 22 business hours from 09:00 Monday is 09:00 Wednesday, reminded at 08:00.
    host.advance(5 * HOUR);
    expect(alerts()).toEqual([]);
    expect(core['alerts'].next()).toMatchObject({ caseId: id, kind: 'reminder', clock: 'resolution' });
  });

  it('hold back the pop-up in quiet hours and while muted, but never a Severity-1', async () => {
    const { preferences } = await call<AlertsState>('alerts:get');
    await call('alerts:set', { me: 'Dana', preferences: { ...preferences, quietHours: { from: '11:40', to: '12:10' } } });
    await newCase(2, '2010-11-29T09:00:00-05:00', 'Dana');
    // Severity-1 at 11:05: its response is due (and breached) at 12:05, reminded at 11:50.
    await newCase(1, '2010-11-29T11:05:00-05:00', 'Dana');
    host.advance(35 * MINUTE);
    expect(alerts().map((n) => [n.severity, n.kind, n.popup, n.sound, n.critical, n.held])).toEqual([
      [1, 'reminder', true, true, true, null],
      [2, 'reminder', false, false, false, 'quiet hours'],
      [1, 'breach', true, true, true, null],
    ]);
    await call('alerts:set', { preferences: { ...preferences, quietHours: null }, muteFor: HOUR });
    expect(summaries().at(-1)?.mutedUntil).toBe(host.wall + HOUR);
    host.advance(HOUR);
    expect(alerts().slice(3).map((n) => [n.severity, n.kind, n.popup, n.held])).toEqual([[2, 'due', false, 'muted']]);
    host.advance(2 * HOUR);
    expect(alerts().at(-1)).toMatchObject({ severity: 2, kind: 'breach', popup: true, held: null });
    expect(summaries().at(-1)?.mutedUntil).toBeNull();
  });

  it('count the cases at risk as time brings their breach within two hours, with no change to wake it', async () => {
    // Breach of the response at 15:00 (6 business hours after 09:00): at risk from 13:00.
    await newCase(2, '2010-11-29T09:00:00-05:00');
    host.advance(HOUR);
    expect(summaries().at(-1)?.atRisk).toBe(0);
    host.advance(31 * MINUTE);
    expect(summaries().at(-1)?.atRisk).toBe(1);
    expect((await call<AlertsState>('alerts:get')).atRisk).toBe(1);
  });

  it("keep the engineer's choices across a restart, and say so when what was kept cannot be read", async () => {
    const { preferences } = await call<AlertsState>('alerts:get');
    await call('alerts:set', { me: 'Dana', preferences: { ...preferences, sound: false, kinds: { ...preferences.kinds, reminder: false } } });
    core.close();
    store.close();
    open();
    const kept = await call<AlertsState>('alerts:get');
    expect(kept.me).toBe('Dana');
    expect(kept.preferences.sound).toBe(false);
    expect(kept.preferences.kinds.reminder).toBe(false);
    store.setMeta('alert_settings', '{"preferences": 12');
    core.close();
    store.close();
    open();
    expect((await call<AlertsState>('alerts:get')).preferences.sound).toBe(true);
    expect(logged.join('\n')).toMatch(/alert preferences kept in the database could not be read/);
  });

  it('record, working alone, the escalation at a breach on the case — once, the clocks unchanged', async () => {
    const { id } = await newCase(2, '2010-11-29T09:00:00-05:00');
    const clocksBefore = ((await call<{ clocks: unknown }>('case:get', { idOrNumber: id })) as { clocks: { response: unknown } }).clocks.response;
    // The response breaches at 15:00 (6 business hours).
    host.advance(3 * HOUR + 31 * MINUTE);
    const events = store.getCase(id)!.record.events!;
    expect(events.filter((e) => e.type === 'escalation')).toEqual([
      expect.objectContaining({ at: '2010-11-29T15:00:00-05:00', type: 'escalation', to: 'support-management', author: 'Casedesk (automatic)', reason: 'the response clock breached', automatic: 'escalation/response/2010-11-29T20:00:00.000Z' }),
    ]);
    const detail = await call<{ clocks: { response: { state: string; breachAt: number }; escalations: unknown[] } }>('case:get', { idOrNumber: id });
    expect(detail.clocks.response).toMatchObject({ state: 'breached', breachAt: (clocksBefore as { breachAt: number }).breachAt });
    expect(detail.clocks.escalations).toEqual([{ clock: 'response', at: Date.parse('2010-11-29T20:00:00Z') }]);
    // The same again is refused by its key, not recorded twice.
    const record = (at: string, clock: 'response' | 'resolution') => () => applyMutation(store, 'recordAutomatic', { caseId: id, at, author: 'x', kind: 'escalation', clock });
    expect(record('2010-11-29T20:00:00Z', 'response')).toThrow(/it is already recorded on the case \(escalation\/response\/2010-11-29T20:00:00.000Z\)/);
    // An escalation the engine does not see is refused, naming why.
    expect(record('2010-11-29T19:00:00Z', 'resolution')).toThrow(/the resolution clock did not breach at 2010-11-29T14:00:00-05:00/);
    expect(store.getCase(id)!.record.events!.filter((e) => e.type === 'escalation')).toHaveLength(1);
  });

  it('record the auto-close of a case whose customer did not answer in 10 days, with its reason, as the case closing', async () => {
    const { id } = await newCase(3, '2010-11-29T09:00:00-05:00');
    await call('case:change', { name: 'logContact', args: { caseId: id, author: 'Dana', channel: 'email' } });
    await call('case:change', { name: 'changeStatus', args: { caseId: id, author: 'Dana', status: 'awaiting-customer' } });
    host.advance(10 * 24 * HOUR + MINUTE);
    const closing = store.getCase(id)!.record.events!.filter((e) => e.type === 'status' && (e as { status?: string }).status === 'closed');
    expect(closing).toEqual([
      expect.objectContaining({ at: '2010-12-09T11:30:00-05:00', author: 'Casedesk (automatic)', reason: 'closed by itself: no answer from the customer within 10 days of the request', automatic: 'auto-close/-/2010-12-09T16:30:00.000Z' }),
    ]);
    const detail = await call<{ status: string; clocks: { resolution: { state: string; metAt: number } } }>('case:get', { idOrNumber: id });
    expect(detail.status).toBe('closed');
    expect(detail.clocks.resolution.metAt).toBe(Date.parse('2010-12-09T16:30:00Z'));
    expect(store.outbox().map((o) => o.name)).toContain('recordAutomatic');
  });

  it('record on the next start what came while Casedesk was closed, listed without a pop-up; a missed reminder is not news', async () => {
    const { id } = await newCase(2, '2010-11-29T09:00:00-05:00');
    host.advance(MINUTE);
    core.close();
    store.close();
    // Closed from 11:31 to 16:00: the reminder (12:00), due (13:00) and breach (15:00) came meanwhile.
    host.sleep(4 * HOUR + 29 * MINUTE);
    events = [];
    open();
    host.advance(0);
    expect(store.getCase(id)!.record.events!.filter((e) => e.type === 'escalation').map((e) => e.at)).toEqual(['2010-11-29T15:00:00-05:00']);
    expect(alerts().map((n) => [n.kind, n.popup, n.held])).toEqual([['breach', false, 'while Casedesk was closed']]);
    // Started again at once, nothing is recorded twice.
    core.close();
    store.close();
    open();
    host.advance(0);
    expect(store.getCase(id)!.record.events!.filter((e) => e.type === 'escalation')).toHaveLength(1);
  });

  it('record on the next start an auto-close that came while Casedesk was closed, and a breach of a clock met late meanwhile', async () => {
    const waiting = await newCase(3, '2010-11-29T09:00:00-05:00');
    await call('case:change', { name: 'logContact', args: { caseId: waiting.id, author: 'Dana', channel: 'email' } });
    await call('case:change', { name: 'changeStatus', args: { caseId: waiting.id, author: 'Dana', status: 'awaiting-customer' } });
    const late = await newCase(2, '2010-11-29T09:00:00-05:00');
    core.close();
    store.close();
    // Closed for 11 days; the response of the second case was logged on the Wednesday, long after its breach.
    host.sleep(2 * 24 * HOUR);
    const between = CaseStore.open(dbPath, { clock: { now: () => host.wall } });
    applyMutation(between, 'logContact', { caseId: late.id, at: new Date(host.wall).toISOString(), author: 'Lee', channel: 'phone' });
    between.close();
    host.sleep(9 * 24 * HOUR);
    events = [];
    open();
    host.advance(0);
    expect(store.getCase(waiting.id)!.record.events!.filter((e) => (e as { automatic?: string }).automatic).map((e) => e.at)).toEqual(['2010-12-09T11:30:00-05:00']);
    // Its response breached at 15:00 and was met late; its resolution breached on the Wednesday at 09:00.
    expect(store.getCase(late.id)!.record.events!.filter((e) => e.type === 'escalation').map((e) => [e.at, (e as { reason?: string }).reason])).toEqual([
      ['2010-11-29T15:00:00-05:00', 'the response clock breached'],
      ['2010-12-01T09:00:00-05:00', 'the resolution clock breached'],
    ]);
    expect((await call<{ status: string }>('case:get', { idOrNumber: waiting.id })).status).toBe('closed');
  });

  it('refuse preferences that make no sense, naming what is wrong', async () => {
    const { preferences } = await call<AlertsState>('alerts:get');
    const answer = await core.call('alerts:set', { preferences: { ...preferences, quietHours: { from: '25:00', to: '07:00' } } });
    expect(answer).toMatchObject({ ok: false, kind: 'request' });
    expect((answer as { error: string }).error).toMatch(/HH:MM/);
  });
});
