import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../../../../shared/policy/load-policy';
import { instantOrThrow } from '../../../../../shared/time/instant';
import { applyMutation } from '../../../../../electron/core/store/apply-mutation';
import { CaseStore, connectionOf } from '../../../../../electron/core/store/case-store';
import { openDatabase, schemaVersion } from '../../../../../electron/core/store/database';
import { tempDbPath } from '../../../../support/temp-db';

describe('migration 4: sync', () => {
  it('names the change behind each event and each case’s last change, keeps confirmed history append-only', () => {
    const path = tempDbPath();
    const v3 = openDatabase(path, { create: true, targetVersion: 3 });
    v3.prepare('INSERT INTO policies VALUES (?, ?, ?, 0)').run('xecuritas-support', 1, JSON.stringify(defaultPolicy()));
    v3.prepare(
      `INSERT INTO cases (id, number, severity, type, logged_at, logged_at_text, status, current_severity, policy_id, policy_version, origin, created_at, updated_at)
       VALUES ('C-1', 'ABC-1', 2, 'problem', ?, '2010-11-29T09:00:00-05:00', 'new', 2, 'xecuritas-support', 1, 'local', 0, 0)`,
    ).run(instantOrThrow('2010-11-29T09:00:00-05:00'));
    const insertEvent = v3.prepare(`INSERT INTO events (case_seq, idx, id, at, at_text, type, author, data, recorded_at) VALUES (1, ?, ?, 0, '2010-11-29T09:30:00-05:00', ?, 'Ann', '{}', 0)`);
    insertEvent.run(0, 'M-IMPORT.0', 'note');
    insertEvent.run(1, 'M-2', 'contact');
    const outbox = v3.prepare(`INSERT INTO outbox (mutation_id, name, case_id, args, created_at) VALUES (?, ?, 'C-1', '{}', 0)`);
    outbox.run('M-IMPORT', 'importCase');
    outbox.run('M-2', 'logContact');
    outbox.run('M-3', 'updateCase');
    v3.close();

    const v4 = openDatabase(path, { targetVersion: 4 });
    expect(schemaVersion(v4)).toBe(4);
    expect(v4.prepare('SELECT id, mutation, pending FROM events ORDER BY idx').all()).toEqual([
      { id: 'M-IMPORT.0', mutation: null, pending: 1 },
      { id: 'M-2', mutation: 'logContact', pending: 1 },
    ]);
    expect(v4.prepare('SELECT last_change_id, last_change_name, server_version FROM cases').get()).toEqual({
      last_change_id: 'M-3',
      last_change_name: 'updateCase',
      server_version: 0,
    });
    expect(v4.prepare('SELECT DISTINCT state FROM outbox').pluck().all()).toEqual(['pending']);
    // An unconfirmed event may be taken back (by a sync); a confirmed one never, nor changed.
    v4.prepare('DELETE FROM events WHERE id = ?').run('M-2');
    expect(() => v4.prepare('UPDATE events SET type = ? WHERE id = ?').run('x', 'M-IMPORT.0')).toThrow('events are append-only');
    v4.close();
  });

  it('a change made here is pending, names its mutation and becomes the case’s last change', () => {
    const now = instantOrThrow('2010-11-29T10:00:00-05:00');
    const store = CaseStore.open(tempDbPath(), { create: true, clock: { now: () => now } });
    const made = applyMutation(store, 'createCase', {
      id: 'C-9', severity: 2, type: 'problem', channel: 'phone', loggedAt: '2010-11-29T09:00:00-05:00', author: 'Ann', fields: {},
    });
    const noted = applyMutation(store, 'addNote', { caseId: 'C-9', at: '2010-11-29T09:30:00-05:00', author: 'Ann', text: 'called' });
    expect(connectionOf(store).prepare('SELECT id, mutation, pending, recorded_at FROM events').all()).toEqual([{ id: noted.mutationId, mutation: 'addNote', pending: 1, recorded_at: now }]);
    expect(store.getCase('C-9')!.lastChange).toEqual({ id: noted.mutationId, name: 'addNote' });
    expect(connectionOf(store).prepare('SELECT name, state FROM outbox ORDER BY seq').all()).toEqual([
      { name: 'createCase', state: 'pending' },
      { name: 'addNote', state: 'pending' },
    ]);
    expect(made.mutationId).not.toBe(noted.mutationId);
    store.close();
  });
});
