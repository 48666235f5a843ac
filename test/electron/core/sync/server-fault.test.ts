// A fault on the server — a bug, a full disk, a broken trigger — is not a verdict of the policy's
// rules: the change it hit stays on the desktop, is shown as not taken, and goes again later;
// no case is ever taken off a desktop for it. The fault here is real: a trigger in the server's
// own database (SQLite or PostgreSQL) that fails every insert of a case, as a failing disk would.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyMutation } from '../../../../electron/core/store/apply-mutation';
import { notAppliedChanges, pendingCount } from '../../../../electron/core/store/outbox';
import { refusedCases } from '../../../../electron/core/store/refused-cases';
import { dropTestDatabases } from '../../../support/postgres';
import { BACKENDS } from '../../../support/server-backends';
import { breakCaseInserts, heal } from '../../../support/server-fault';
import { exportOf, newCase, SyncWorld } from '../../../support/sync-world';

afterAll(async () => {
  await dropTestDatabases();
});

const importCase = (id: string) =>
  ({ record: { id, severity: 3, type: 'problem', loggedAt: '2010-11-29T09:00:00-05:00', company: `Customer ${id}`, summary: 'mail delayed', events: [] } }) as const;

describe.each(BACKENDS)('a fault on the server ($name)', (backend) => {
  let world: SyncWorld;
  beforeEach(async () => {
    world = await SyncWorld.start(await backend.fresh());
  });
  afterEach(async () => {
    await world.close();
  });

  it('never takes a case off the desktop: the changes wait, are shown as not taken, and go through once the server is well', async () => {
    const a = world.desktop();
    for (let i = 1; i <= 21; i++) applyMutation(a, 'importCase', importCase(`IMP-${i}`));
    const before = exportOf(a);
    await breakCaseInserts(world);

    const report = await world.sync(a);
    expect(report).toMatchObject({ pushed: 21, applied: 0, rejected: [], dropped: 0, pending: 21 });
    expect(report.notApplied).toHaveLength(21);
    expect(report.notApplied[0]).toMatchObject({ name: 'importCase', caseId: 'IMP-1', error: expect.stringContaining('the server could not apply this change (') });
    expect(report.notApplied[0]!.error).toContain('disk I/O error');
    // Everything is still here, as it was, and nothing of it was kept on the server.
    expect(exportOf(a)).toEqual(before);
    expect(refusedCases(a)).toEqual([]);
    expect(notAppliedChanges(a)).toHaveLength(20); // the list the header shows is capped at 20
    expect(notAppliedChanges(a, 100)).toHaveLength(21);
    expect(notAppliedChanges(a)[0]).toMatchObject({ attempts: 1, retryAt: world.clock.now + 30_000 });
    expect(await world.server.store.exportCases()).toEqual([]);
    expect(await world.server.store.mutationsOf(a.deskId)).toEqual([]);

    // Still failing: tried again, kept again, and the wait before the next automatic try grows.
    await world.sync(a);
    expect(notAppliedChanges(a)[0]).toMatchObject({ attempts: 2, retryAt: world.clock.now + 60_000 });
    expect(exportOf(a)).toEqual(before);

    await heal(world);
    const healed = await world.sync(a);
    expect(healed).toMatchObject({ pushed: 21, applied: 21, rejected: [], notApplied: [], dropped: 0, pending: 0 });
    expect(notAppliedChanges(a)).toEqual([]);
    expect(exportOf(a)).toEqual(before);
    expect((await world.server.store.exportCases()).sort((x, y) => x.id.localeCompare(y.id))).toEqual(before);
    // Another desktop gets every one of them.
    const b = world.desktop();
    await world.sync(b);
    expect(exportOf(b)).toEqual(before);
  });

  it("holds back the later changes of the case it hit, not other cases'", async () => {
    const a = world.desktop();
    newCase(a, 'C-1');
    applyMutation(a, 'addNote', { caseId: 'C-1', at: '2010-11-29T10:00:00-05:00', author: 'Ann', text: 'customer called back' });
    newCase(a, 'C-2');
    await breakCaseInserts(world, 'C-1');

    const report = await world.sync(a);
    expect(report).toMatchObject({ pushed: 3, applied: 1, rejected: [], dropped: 0, pending: 2 });
    expect(report.notApplied.map((c) => [c.name, c.caseId, c.error])).toEqual([
      ['createCase', 'C-1', expect.stringContaining('disk I/O error')],
      ['addNote', 'C-1', expect.stringContaining('waits for an earlier change of this case that the server could not apply')],
    ]);
    expect(a.getCase('C-1')!.record.events).toEqual([expect.objectContaining({ type: 'note', text: 'customer called back' })]);
    expect((await world.server.store.exportCases()).map((c) => c.id)).toEqual(['C-2']);

    await heal(world);
    expect(await world.sync(a)).toMatchObject({ applied: 2, rejected: [], notApplied: [], pending: 0 });
    const server = await world.server.store.exportCases();
    expect(server.find((c) => c.id === 'C-1')!.events).toEqual([expect.objectContaining({ type: 'note', text: 'customer called back' })]);
  });

  it('an automatic sync waits out the back-off; a sync the person asks for sends at once', async () => {
    const a = world.desktop();
    newCase(a, 'C-1');
    await breakCaseInserts(world);
    await world.sync(a);
    await heal(world);
    // Automatic (the watch): the case waits out its 30 s.
    expect(await world.sync(a, { holdBackedOff: true })).toMatchObject({ pushed: 0, pending: 1 });
    world.clock.now += 30_000;
    expect(await world.sync(a, { holdBackedOff: true })).toMatchObject({ pushed: 1, applied: 1, pending: 0 });
    expect(pendingCount(a)).toBe(0);

    // Asked for: at once, back-off or not.
    newCase(a, 'C-2');
    await breakCaseInserts(world);
    await world.sync(a);
    await heal(world);
    expect(await world.sync(a)).toMatchObject({ pushed: 1, applied: 1, pending: 0 });
  });
});
