import { describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion } from '../../../../../electron/core/store/database';
import { tempDbPath } from '../../../../support/temp-db';

describe('migration 2: the sync outbox', () => {
  it('adds the outbox to a schema-1 database and keeps its cases', () => {
    const path = tempDbPath();
    const v1 = openDatabase(path, { create: true, targetVersion: 1 });
    v1.prepare("INSERT INTO policies VALUES ('p', 1, '{}', 0)").run();
    v1.prepare(
      `INSERT INTO cases (id, number, severity, type, logged_at, logged_at_text, status, current_severity, policy_id, policy_version, origin, created_at, updated_at)
       VALUES ('C-1', 'ABC-1', 2, 'problem', 0, '1970-01-01T00:00:00Z', 'new', 2, 'p', 1, 'import', 0, 0)`,
    ).run();
    v1.close();

    const v2 = openDatabase(path, { targetVersion: 2 });
    expect(schemaVersion(v2)).toBe(2);
    expect(v2.prepare('SELECT id FROM cases').pluck().all()).toEqual(['C-1']);
    v2.prepare("INSERT INTO outbox (mutation_id, name, case_id, args, created_at) VALUES ('m1', 'importCase', 'C-1', '{}', 0)").run();
    expect(() => v2.prepare("INSERT INTO outbox (mutation_id, name, args, created_at) VALUES ('m1', 'x', '{}', 0)").run()).toThrow(/UNIQUE/);
    v2.close();
  });
});
