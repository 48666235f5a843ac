import BetterSqlite3 from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion, StoreError } from '../../../../electron/core/store/database';
import { SCHEMA_VERSION } from '../../../../electron/core/store/migrations';
import { tempDbPath } from '../../../support/temp-db';

describe('opening the database', () => {
  it('creates it with WAL, synchronous=FULL, foreign keys and the latest schema', () => {
    const db = openDatabase(tempDbPath(), { create: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('refuses a file that does not exist unless asked to create it', () => {
    const path = tempDbPath();
    expect(() => openDatabase(path)).toThrow(`no database at ${path}`);
  });

  it('refuses a database written by a newer Casedesk, and leaves it untouched', () => {
    const path = tempDbPath();
    const raw = new BetterSqlite3(path);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.exec('CREATE TABLE future (x)');
    raw.close();
    expect(() => openDatabase(path)).toThrow(StoreError);
    expect(() => openDatabase(path)).toThrow(`written by a newer Casedesk (schema ${SCHEMA_VERSION + 1}); this version knows schema ${SCHEMA_VERSION} at most`);
    const again = new BetterSqlite3(path);
    expect(again.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    again.close();
  });

  it('refuses an SQLite file that is not a Casedesk database', () => {
    const path = tempDbPath();
    const raw = new BetterSqlite3(path);
    raw.exec('CREATE TABLE recipes (name TEXT)');
    raw.close();
    expect(() => openDatabase(path)).toThrow('is an SQLite database, but not a Casedesk one');
  });

  it('refuses a file that is not SQLite at all', async () => {
    const path = tempDbPath();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path, 'this is not a database, just some text long enough to look like a header '.repeat(10));
    expect(() => openDatabase(path)).toThrow(/is not a Casedesk database|cannot open/);
  });
});

describe('opening a new database while another process writes to it', () => {
  // Another process mid-way through its first write to the new file (two `casedesk import`s into a
  // new database at once): SQLite refuses the switch to WAL at once, without waiting. The open
  // waits for that process and goes on.
  it('waits for the other process instead of saying the file is busy', async () => {
    const path = tempDbPath();
    new BetterSqlite3(path).close();
    const writer = spawn(
      process.execPath,
      ['-e', `const db = new (require('better-sqlite3'))(${JSON.stringify(path)}); db.exec('BEGIN IMMEDIATE; CREATE TABLE scratch (x)'); console.log('writing'); setTimeout(() => { db.exec('ROLLBACK'); db.close(); }, 500);`],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((ready) => writer.stdout.once('data', () => ready()));
    const started = Date.now();
    const db = openDatabase(path, { create: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(Date.now() - started).toBeGreaterThan(200);
    db.close();
    await new Promise((done) => writer.once('exit', done));
  });
});
