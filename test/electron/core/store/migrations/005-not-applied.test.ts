import { describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion } from '../../../../../electron/core/store/database';
import { tempDbPath } from '../../../../support/temp-db';

describe('migration 5: changes not applied, refused cases kept', () => {
  it('keeps every waiting change waiting, with no failure and no back-off yet, and adds the refused cases table', () => {
    const path = tempDbPath();
    const v4 = openDatabase(path, { create: true, targetVersion: 4 });
    const outbox = v4.prepare(`INSERT INTO outbox (mutation_id, name, case_id, args, created_at, state, error) VALUES (?, ?, 'C-1', '{}', 0, ?, ?)`);
    outbox.run('M-1', 'createCase', 'applied', null);
    outbox.run('M-2', 'addNote', 'rejected', 'case C-1 is closed; reopen it first');
    outbox.run('M-3', 'addNote', 'pending', null);
    v4.close();

    const v5 = openDatabase(path, { targetVersion: 5 });
    expect(schemaVersion(v5)).toBe(5);
    expect(v5.prepare('SELECT mutation_id, state, error, attempts, retry_at FROM outbox ORDER BY seq').all()).toEqual([
      { mutation_id: 'M-1', state: 'applied', error: null, attempts: 0, retry_at: null },
      { mutation_id: 'M-2', state: 'rejected', error: 'case C-1 is closed; reopen it first', attempts: 0, retry_at: null },
      { mutation_id: 'M-3', state: 'pending', error: null, attempts: 0, retry_at: null },
    ]);
    expect(v5.prepare('SELECT count(*) FROM refused_cases').pluck().get()).toBe(0);
    // A kept case must say what it is and why it was refused.
    expect(() => v5.prepare(`INSERT INTO refused_cases (case_id, number, record, policy_id, policy_version, refused_at) VALUES ('C-1', 'ABC-1', '{}', 'p', 1, 0)`).run()).toThrow(/NOT NULL/);
    v5.close();
  });
});
