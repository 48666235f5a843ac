// What the policy does by itself, recorded on two desktops and sent to the central store (SQLite
// and PostgreSQL): the same escalation recorded by both is one mutation — its id derives from the
// case and the key — so the server applies it once and every desktop ends with one event.
import { afterEach, describe, expect, it } from 'vitest';
import { applyMutation } from '../../../../electron/core/store/apply-mutation';
import type { CaseStore } from '../../../../electron/core/store/case-store';
import { BACKENDS } from '../../../support/server-backends';
import { exportOf, newCase, SyncWorld } from '../../../support/sync-world';

const escalations = (store: CaseStore) => store.getCase('C-1')!.record.events!.filter((e) => e.type === 'escalation');

for (const backend of BACKENDS) {
  describe(`automatic events through the central store (${backend.name})`, () => {
    let world: SyncWorld;
    afterEach(async () => world?.close());

    it('records an escalation once, however many desktops record it', async () => {
      // 16:00: the Severity-2 case logged at 09:00 breached its response at 15:00.
      world = await SyncWorld.start(await backend.fresh(), '2010-11-29T16:00:00-05:00');
      const a = world.desktop();
      const b = world.desktop('Raj');
      newCase(a, 'C-1');
      await world.settle();
      const record = (store: CaseStore) =>
        applyMutation(store, 'recordAutomatic', { caseId: 'C-1', at: '2010-11-29T15:00:00-05:00', author: 'Casedesk (automatic)', kind: 'escalation', clock: 'response' });
      const fromA = record(a);
      const fromB = record(b);
      expect(fromA.mutationId).toBe(fromB.mutationId);
      const reportA = await world.sync(a);
      const reportB = await world.sync(b);
      expect(reportA.rejected).toEqual([]);
      expect(reportB.rejected).toEqual([]);
      await world.settle();
      const server = (await world.server.store.exportCases()).find((c) => c.id === 'C-1')!;
      expect(server.events!.filter((e) => e.type === 'escalation')).toEqual([expect.objectContaining({ automatic: 'escalation/response/2010-11-29T20:00:00.000Z', reason: 'the response clock breached' })]);
      expect(escalations(a)).toHaveLength(1);
      expect(escalations(b)).toHaveLength(1);
      expect(exportOf(a)).toEqual(exportOf(b));
    });
  });
}
