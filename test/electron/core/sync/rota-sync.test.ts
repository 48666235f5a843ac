// The team's on-call rota through the central store, on SQLite and on PostgreSQL: a manager's rota
// reaches every desktop at its next sync; an engineer may not change it, and an edit made on an
// older revision than the team's is refused with who changed it — the desktop that made it takes
// it back, and the team's rota is not lost.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CompiledRota, emptyRota, parseRota, ROTA_FORMAT, type Rota } from '../../../../shared/oncall/rota';
import { rotaInForce, useRota } from '../../../../electron/core/store/team-rota';
import { dropTestDatabases } from '../../../support/postgres';
import { BACKENDS } from '../../../support/server-backends';
import { SyncWorld } from '../../../support/sync-world';

afterAll(async () => {
  await dropTestDatabases();
});

const rota = (primary: string): Rota =>
  parseRota({
    format: ROTA_FORMAT,
    shifts: [{ id: 'nights', name: 'Nights', repeat: 'FREQ=DAILY', starts: '2026-01-01', from: '18:00', to: '08:00', primary, secondary: 'Bo' }],
    overrides: [],
    management: ['Mia'],
  });

describe.each(BACKENDS)('the rota through a server on $name', (backend) => {
  let world: SyncWorld;
  beforeEach(async () => {
    world = await SyncWorld.start(await backend.fresh());
  });
  afterEach(async () => {
    await world.close();
  });

  it("brings a manager's rota to every desktop, which then knows who is on call", async () => {
    const manager = world.desktop('Mia', 'manager');
    const engineer = world.desktop();
    expect(rotaInForce(engineer)).toMatchObject({ revision: 0, rota: emptyRota() });
    expect(useRota(manager, rota('Ana'), 'Mia')).toMatchObject({ revision: 1, pending: true });
    expect(await world.sync(manager)).toMatchObject({ applied: 1, rejected: [] });
    await world.sync(engineer);
    const there = rotaInForce(engineer);
    expect(there).toMatchObject({ revision: 1, by: 'Mia', pending: false, rota: rota('Ana') });
    expect(new CompiledRota(there.rota, 'America/New_York').coverAt(Date.parse('2026-12-07T21:00:00-05:00'))).toMatchObject({ primary: 'Ana', secondary: 'Bo' });
  });

  it("refuses an engineer's rota, and an edit on an older revision, each taken back where it was made", async () => {
    const manager = world.desktop('Mia', 'manager');
    const other = world.desktop('Max', 'manager');
    const engineer = world.desktop();
    useRota(manager, rota('Ana'), 'Mia');
    await world.sync(manager);
    await world.sync(engineer);
    useRota(engineer, rota('Ann'), 'Ann');
    const refused = await world.sync(engineer);
    expect(refused.rejected[0]!.error).toMatch(/Ann \(engineer\) may not make this change \(useRota\): it is for the roles manager and admin/);
    expect(rotaInForce(engineer)).toMatchObject({ revision: 1, by: 'Mia', pending: false, rota: rota('Ana') });

    // Max edits the empty rota he last saw, after Mia put hers in use.
    useRota(other, rota('Cy'), 'Max', 0);
    const stale = await world.sync(other);
    expect(stale.rejected[0]!.error).toMatch(/the rota was changed by Mia at .* \(revision 1\) after the revision 0 this edit was made on/);
    expect(rotaInForce(other)).toMatchObject({ revision: 1, by: 'Mia', rota: rota('Ana') });
  });
});
