import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../../../../shared/policy/load-policy';
import { instantOrThrow } from '../../../../../shared/time/instant';
import { refreshStaleClocks } from '../../../../../electron/core/store/case-clocks';
import { CaseStore, connectionOf } from '../../../../../electron/core/store/case-store';
import { openDatabase, schemaVersion } from '../../../../../electron/core/store/database';
import { tempDbPath } from '../../../../support/temp-db';

describe('migration 3: clock columns', () => {
  it('adds the clock columns to a schema-2 database, and the store fills them for its old cases', () => {
    const path = tempDbPath();
    const v2 = openDatabase(path, { create: true, targetVersion: 2 });
    v2.prepare('INSERT INTO policies VALUES (?, ?, ?, 0)').run('xecuritas-support', 1, JSON.stringify(defaultPolicy()));
    v2.prepare(
      `INSERT INTO cases (id, number, severity, type, logged_at, logged_at_text, status, current_severity, policy_id, policy_version, origin, created_at, updated_at)
       VALUES ('C-1', 'ABC-1', 2, 'problem', ?, '2010-11-29T09:00:00-05:00', 'new', 2, 'xecuritas-support', 1, 'import', 0, 0)`,
    ).run(instantOrThrow('2010-11-29T09:00:00-05:00'));
    v2.close();

    const v3 = openDatabase(path, { targetVersion: 3 });
    expect(schemaVersion(v3)).toBe(3);
    expect(v3.prepare('SELECT clocks_at, resp_breach_at, missing_count FROM cases').get()).toEqual({ clocks_at: null, resp_breach_at: null, missing_count: 0 });
    v3.close();

    const store = CaseStore.open(path, { clock: { now: () => instantOrThrow('2010-11-29T10:00:00-05:00') } });
    expect(refreshStaleClocks(store)).toBe(1);
    expect(connectionOf(store).prepare('SELECT effective_status, resp_breach_at, next_breach_at, missing_count FROM cases').get()).toEqual({
      effective_status: 'new',
      resp_breach_at: instantOrThrow('2010-11-29T15:00:00-05:00'),
      next_breach_at: instantOrThrow('2010-11-29T15:00:00-05:00'),
      missing_count: 13,
    });
    expect(refreshStaleClocks(store)).toBe(0);
    store.close();
  });
});
