import { describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion } from '../../../../../electron/core/store/database';
import { tempDbPath } from '../../../../support/temp-db';

describe('migration 1: cases and events', () => {
  const db = openDatabase(tempDbPath(), { create: true, targetVersion: 1 });

  it('brings an empty file to schema 1', () => {
    expect(schemaVersion(db)).toBe(1);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(['cases', 'events', 'meta', 'policies']);
  });

  it('stores a case with its events, and keeps the event log append-only', () => {
    db.prepare("INSERT INTO policies VALUES ('p', 1, '{}', 0)").run();
    db.prepare(
      `INSERT INTO cases (id, number, severity, type, logged_at, logged_at_text, status, current_severity, policy_id, policy_version, origin, created_at, updated_at)
       VALUES ('C-1', 'ABC-1', 2, 'problem', 0, '1970-01-01T00:00:00Z', 'new', 2, 'p', 1, 'local', 0, 0)`,
    ).run();
    db.prepare("INSERT INTO events (case_seq, idx, id, at, at_text, type, recorded_at) VALUES (1, 0, 'e1', 0, '1970-01-01T00:00:00Z', 'note', 0)").run();
    expect(() => db.prepare("UPDATE events SET type = 'contact'").run()).toThrow('events are append-only');
    expect(() => db.prepare('DELETE FROM events').run()).toThrow('events are append-only');
  });

  it('refuses a case under a policy it does not know', () => {
    expect(() =>
      db
        .prepare(
          `INSERT INTO cases (id, number, severity, type, logged_at, logged_at_text, status, current_severity, policy_id, policy_version, origin, created_at, updated_at)
           VALUES ('C-2', 'ABC-2', 2, 'problem', 0, 'x', 'new', 2, 'nope', 9, 'local', 0, 0)`,
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
  });
});
