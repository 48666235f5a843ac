// The store commands as a user runs them: real database files, exit codes, messages.
import BetterSqlite3 from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCases } from '../../../bench/support/generate-cases.mjs';
import { runCli } from '../../../electron/cli/program';
import { openDatabase } from '../../../electron/core/store/database';
import { SCHEMA_VERSION } from '../../../electron/core/store/migrations';
import { casedesk, repoRoot, tempFiles } from '../../support/run-casedesk';
import { firstControl } from '../../../shared/validation/control-characters';

const example = join(repoRoot, 'docs/examples/cases.json');
const AT = '2010-12-28T12:00:00-05:00';
const exampleCases = JSON.parse(readFileSync(example, 'utf8')).cases;

const casedeskStoreAt = (path: string, version: number) => openDatabase(path, { create: true, targetVersion: version });

function importedDb(): string {
  const dir = tempFiles({});
  const db = join(dir, 'cases.db');
  const r = casedesk('import', example, '--db', db);
  expect(r.status).toBe(0);
  return db;
}

describe('casedesk import and export', () => {
  it('creates the database and gives back the same cases, fields and events', () => {
    const dir = tempFiles({});
    const db = join(dir, 'cases.db');
    const r = casedesk('import', example, '--db', db);
    expect(r.stdout).toBe(`imported 4 cases into ${db} (policy xecuritas-support v1)\n`);
    const out = casedesk('export', '--db', db);
    expect(out.status).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual({ format: 'casedesk.cases/1', cases: exampleCases });
  });

  it('exports to a file, with nothing half-written left behind', () => {
    const db = importedDb();
    const out = join(tempFiles({}), 'export.json');
    const r = casedesk('export', '--db', db, '--out', out);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(`exported 4 cases to ${out}\n`);
    expect(JSON.parse(readFileSync(out, 'utf8')).cases).toEqual(exampleCases);
    expect(existsSync(`${out}.partial`)).toBe(false);
  });

  it('rejects a file with an invalid case whole, naming it, and leaves the database as it was', () => {
    const db = importedDb();
    const before = casedesk('export', '--db', db).stdout;
    const dir = tempFiles({
      'bad.json': { format: 'casedesk.cases/1', cases: [{ ...exampleCases[0], id: 'N-1' }, { ...exampleCases[1], id: 'N-2', severity: 'high' }] },
      'cut.json': readFileSync(example, 'utf8').slice(0, 500),
    });
    const bad = casedesk('import', join(dir, 'bad.json'), '--db', db);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('case "N-2" (cases[1]): severity');
    const cut = casedesk('import', join(dir, 'cut.json'), '--db', db);
    expect(cut.status).toBe(1);
    expect(cut.stderr).toContain('is not valid JSON');
    expect(casedesk('export', '--db', db).stdout).toBe(before);
  });

  it('rejects a file whose case is already in the database, importing none of it', () => {
    const db = importedDb();
    const dir = tempFiles({ 'more.json': { format: 'casedesk.cases/1', cases: [{ ...exampleCases[0], id: 'NEW-1' }, exampleCases[2]] } });
    const r = casedesk('import', join(dir, 'more.json'), '--db', db);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('case "C-1003" (cases[1]) is already in');
    expect(JSON.parse(casedesk('export', '--db', db).stdout).cases.map((c: { id: string }) => c.id)).toEqual(['C-1001', 'C-1002', 'C-1003', 'C-1004']);
  });

  it('does not create a database for a file it rejects', () => {
    const dir = tempFiles({ 'bad.json': '{"format":"casedesk.cases/1","cases":[{"id":"X"}]}' });
    casedesk('import', join(dir, 'bad.json'), '--db', join(dir, 'new.db'));
    expect(existsSync(join(dir, 'new.db'))).toBe(false);
  });

  it('lets imports into a new database wait for each other instead of failing', async () => {
    const ids = ['A-1', 'B-1', 'C-1', 'D-1'];
    const dir = tempFiles(Object.fromEntries(ids.map((id, i) => [`${id}.json`, { format: 'casedesk.cases/1', cases: [{ ...exampleCases[i % exampleCases.length], id }] }])));
    const db = join(dir, 'shared.db');
    const run = (file: string) =>
      new Promise<string>((done) => {
        const child = spawn(process.execPath, [join(repoRoot, 'bin/casedesk.js'), 'import', join(dir, file), '--db', db], { stdio: ['ignore', 'ignore', 'pipe'] });
        let said = '';
        child.stderr.on('data', (d) => (said += d));
        child.on('exit', (code) => done(`${file}: exit ${code}${said ? ` (${said.trim()})` : ''}`));
      });
    expect(await Promise.all(ids.map((id) => run(`${id}.json`)))).toEqual(ids.map((id) => `${id}.json: exit 0`));
    expect(JSON.parse(casedesk('export', '--db', db).stdout).cases.map((c: { id: string }) => c.id).sort()).toEqual(ids);
    // One desk code and one numbering: the file's first opener gave the code, every case its own number.
    const numbers = (JSON.parse(casedesk('cases', 'list', '--db', db, '--json').stdout).cases as { number: string }[]).map((c) => c.number);
    expect(new Set(numbers.map((n) => n.split('-')[0])).size).toBe(1);
    expect(numbers.map((n) => n.split('-')[1]).sort()).toEqual(['1', '2', '3', '4']);
  });

  it('asks for --db', () => {
    const r = casedesk('import', example);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("required option '--db <path>' not specified");
  });
});

describe('casedesk cases list', () => {
  it('lists every case with both clocks as a table', () => {
    const r = casedesk('cases', 'list', '--db', importedDb(), '--at', AT);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^NUMBER +ID +SEV STATUS +COMPANY +RESPONSE +RESOLUTION +MISSING$/);
    expect(lines[1]).toMatch(/^\S+-1 +C-1001 +2 +awaiting-customer +Northwind Mail +met 2010-11-29 09:10 +met 2010-12-01 15:00 +1$/);
    expect(lines[2]).toContain('BREACHED 2010-12-25 22:15');
    expect(lines.at(-1)).toBe('4 cases; times in America/New_York');
  });

  it('lists them as JSON with the missing fields named', () => {
    const r = casedesk('cases', 'list', '--db', importedDb(), '--at', AT, '--json');
    const cases = JSON.parse(r.stdout).cases;
    expect(cases).toHaveLength(4);
    expect(cases[0]).toMatchObject({
      id: 'C-1001',
      severity: 2,
      status: 'awaiting-customer',
      missing: ['recommendation'],
      response: { state: 'met', metAt: '2010-11-29T09:10:00-05:00' },
    });
    expect(cases[2]).toMatchObject({ id: 'C-1003', resolution: { state: 'paused' }, autoCloseAt: '2010-12-31T10:00:00-05:00' });
    expect(cases[2].number).toMatch(/^[0-9A-Z]{3}-3$/);
  });

  it('refuses a database written by a newer Casedesk', () => {
    const db = importedDb();
    const raw = new BetterSqlite3(db);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    const r = casedesk('cases', 'list', '--db', db);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('was written by a newer Casedesk');
  });

  it('says when there is no database', () => {
    const r = casedesk('cases', 'list', '--db', '/tmp/no/such.db');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('no database at /tmp/no/such.db');
  });
});

describe('casedesk policy use', () => {
  it('puts an edited policy in force for new cases; earlier cases keep theirs', () => {
    const db = importedDb();
    const policy = JSON.parse(casedesk('policy', 'show').stdout);
    policy.version = 2;
    policy.autoClose.afterDays = 14;
    const dir = tempFiles({ 'p2.json': policy, 'new.json': { format: 'casedesk.cases/1', cases: [{ ...exampleCases[2], id: 'NEW-3' }] } });
    const r = casedesk('policy', 'use', join(dir, 'p2.json'), '--db', db);
    expect(r.stdout).toBe(`new cases in ${db} are logged under policy xecuritas-support v2; cases logged before keep theirs\n`);
    expect(casedesk('import', join(dir, 'new.json'), '--db', db).stdout).toContain('(policy xecuritas-support v2)');
    const raw = new BetterSqlite3(db, { readonly: true });
    expect(raw.prepare("SELECT id, policy_version FROM cases WHERE id IN ('C-1001', 'NEW-3') ORDER BY id").all()).toEqual([
      { id: 'C-1001', policy_version: 1 },
      { id: 'NEW-3', policy_version: 2 },
    ]);
    raw.close();
    policy.autoClose.afterDays = 15; // the same version with other rules
    const clash = tempFiles({ 'p2b.json': policy });
    const refused = casedesk('policy', 'use', join(clash, 'p2b.json'), '--db', db);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('give the edited policy a new "version"');
  });
});

describe('casedesk report', () => {
  it('tallies clocks per severity and month, with medians and the escalations', () => {
    const r = casedesk('report', '--db', importedDb(), '--at', AT, '--json');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.rows).toEqual([
      {
        month: '2010-11', severity: 2, cases: 1,
        response: { met: 1, breached: 0, notApplicable: 0, open: 0, medianElapsedMinutes: 6700, medianCountedMinutes: 160 },
        resolution: { met: 1, breached: 0, notApplicable: 0, open: 0, medianElapsedMinutes: 9930, medianCountedMinutes: 1080 },
      },
      {
        month: '2010-12', severity: 1, cases: 1,
        response: { met: 1, breached: 0, notApplicable: 0, open: 0, medianElapsedMinutes: 50, medianCountedMinutes: 50 },
        resolution: { met: 0, breached: 1, notApplicable: 0, open: 0, medianElapsedMinutes: null, medianCountedMinutes: null },
      },
      {
        month: '2010-12', severity: 3, cases: 2,
        response: { met: 1, breached: 0, notApplicable: 1, open: 0, medianElapsedMinutes: 60, medianCountedMinutes: 60 },
        resolution: { met: 0, breached: 0, notApplicable: 1, open: 1, medianElapsedMinutes: null, medianCountedMinutes: null },
      },
    ]);
    expect(report.escalations).toEqual([
      { caseId: 'C-1002', number: expect.stringMatching(/-2$/), clock: 'resolution', at: '2010-12-25T22:15:00-05:00', severity: 1 },
    ]);
  });

  it('keeps to the dates asked for, and refuses a date it cannot read', () => {
    const db = importedDb();
    const november = JSON.parse(casedesk('report', '--db', db, '--at', AT, '--json', '--from', '2010-11-01', '--to', '2010-11-30').stdout);
    expect(november.rows.map((r: { month: string }) => r.month)).toEqual(['2010-11']);
    const bad = casedesk('report', '--db', db, '--from', '2010-13-01');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--from: "2010-13-01" is not a date like 2010-11-29');
  });

  it("counts each clock under the severity that judged it, not the case's severity now", () => {
    const dir = tempFiles({
      'lowered.json': {
        format: 'casedesk.cases/1',
        cases: [
          {
            id: 'S1', severity: 1, type: 'problem', loggedAt: '2010-11-15T09:00:00-05:00',
            events: [{ at: '2010-11-15T11:00:00-05:00', type: 'contact', channel: 'phone' }, { at: '2010-11-15T12:00:00-05:00', type: 'severity', severity: 3 }],
          },
        ],
      },
    });
    const db = join(dir, 'c.db');
    casedesk('import', join(dir, 'lowered.json'), '--db', db);
    const report = JSON.parse(casedesk('report', '--db', db, '--at', '2010-11-16T09:00:00-05:00', '--json').stdout);
    expect(report.rows.map((r: { severity: number; cases: number; response: { breached: number }; resolution: { open: number } }) => [r.severity, r.cases, r.response.breached, r.resolution.open])).toEqual([
      [1, 1, 1, 0],
      [3, 1, 0, 1],
    ]);
    expect(report.zone).toBe('America/New_York');
  });

  it('prints a table for people', () => {
    const r = casedesk('report', '--db', importedDb(), '--at', AT);
    expect(r.stdout).toContain('2010-11    2     1 |');
    expect(r.stdout).toContain('Escalations to support management: 1');
  });
});

describe('casedesk backup and restore', () => {
  it('copies the database and restores it, refusing to overwrite without --force', () => {
    const db = importedDb();
    const dir = tempFiles({});
    const backup = join(dir, 'backup.db');
    expect(casedesk('backup', '--db', db, '--out', backup).stdout).toBe(`backed up 4 cases from ${db} to ${backup}\n`);
    expect(casedesk('backup', '--db', db, '--out', backup).stderr).toContain('already exists');

    const fresh = join(dir, 'restored.db');
    expect(casedesk('restore', backup, '--db', fresh).stdout).toBe(`restored 4 cases from ${backup} into ${fresh}\n`);
    expect(JSON.parse(casedesk('export', '--db', fresh).stdout).cases).toEqual(exampleCases);

    const refused = casedesk('restore', backup, '--db', db);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('already exists; add --force to replace it');
    expect(casedesk('restore', backup, '--db', db, '--force').status).toBe(0);
  });

  it('writes a backup as one self-contained file, and says when the folder is missing', () => {
    const db = importedDb();
    const backup = join(tempFiles({}), 'b.db');
    casedesk('backup', '--db', db, '--out', backup);
    const raw = new BetterSqlite3(backup, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('delete');
    raw.close();
    expect(existsSync(`${backup}.partial`)).toBe(false);
    const r = casedesk('backup', '--db', db, '--out', '/tmp/no/such/folder/b.db');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('--out: the folder /tmp/no/such/folder does not exist');
  });

  it('restores a backup of an older schema and brings it up to date', () => {
    const dir = tempFiles({});
    const old = join(dir, 'old.db');
    const raw = new BetterSqlite3(old);
    raw.pragma('user_version = 0');
    raw.close();
    // A schema-1 database, as the first version of Casedesk wrote it.
    const v1 = casedeskStoreAt(old, 1);
    v1.prepare("INSERT INTO policies VALUES ('xecuritas-support', 1, '{}', 0)").run();
    v1.close();
    const target = join(dir, 'new.db');
    const r = casedesk('restore', old, '--db', target);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`restored 0 cases from ${old} into ${target}\n`);
    const check = new BetterSqlite3(target, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    check.close();
  });

  it('refuses to restore a file that is not a Casedesk database', () => {
    const dir = tempFiles({ 'notes.txt': 'hello' });
    writeFileSync(join(dir, 'target.db'), '');
    const r = casedesk('restore', join(dir, 'notes.txt'), '--db', join(dir, 'other.db'));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('cannot be restored');
    expect(existsSync(join(dir, 'other.db'))).toBe(false);
  });
});

describe('a full scan split across two threads', () => {
  let db: string;
  beforeAll(() => {
    const dir = tempFiles({ 'many.json': generateCases(21_000, 3) });
    db = join(dir, 'many.db');
    expect(casedesk('import', join(dir, 'many.json'), '--db', db).status).toBe(0);
  }, 60_000);

  async function inProcess(args: string[]): Promise<string> {
    let out = '';
    const code = await runCli(args, { out: (t) => (out += t), err: () => undefined, now: () => Date.parse('2011-07-01T16:00:00Z') });
    expect(code).toBe(0);
    return out;
  }

  it('lists the same cases, in the same order, as one thread does', async () => {
    const args = ['cases', 'list', '--db', db, '--json', '--at', '2011-07-01T12:00:00-04:00'];
    const parallel = casedesk(...args);
    expect(parallel.status).toBe(0);
    expect(parallel.stdout).toBe(await inProcess(args));
    expect(JSON.parse(parallel.stdout).cases).toHaveLength(21_000);
  });

  it('reports the same tallies as one thread does', async () => {
    const args = ['report', '--db', db, '--json', '--at', '2011-07-01T12:00:00-04:00'];
    expect(casedesk(...args).stdout).toBe(await inProcess(args));
  });
});

describe('text from outside on an engineer terminal', () => {
  const hostile = 'Contoso\u001b]0;pwned\u0007\u001b[2J\u009b31m';

  it('refuses a control character in a one-line field at import, naming the case and field, and imports nothing', () => {
    const dir = tempFiles({ 'cases.json': { format: 'casedesk.cases/1', cases: [exampleCases[0], { ...exampleCases[1], company: hostile }] } });
    const db = join(dir, 'cases.db');
    const r = casedesk('import', join(dir, 'cases.json'), '--db', db);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`case "${exampleCases[1].id}" (cases[1]): company: holds the control character U+001B; a one-line field may hold none`);
    expect(r.stderr).not.toContain('\u001b');
    expect(existsSync(db) ? JSON.parse(casedesk('export', '--db', db).stdout).cases : []).toEqual([]);
  });

  it('shows what a database already holds escaped in its tables and text, never obeyed, and exact in JSON', () => {
    const db = importedDb();
    // A case written before control characters were refused (an older Casedesk, another tool).
    const raw = new BetterSqlite3(db);
    raw.prepare('UPDATE cases SET company = ? WHERE id = ?').run(hostile, exampleCases[0].id);
    raw.close();
    const table = casedesk('cases', 'list', '--db', db, '--at', AT);
    expect(table.status).toBe(0);
    expect(firstControl(table.stdout, '\n')).toBeNull();
    expect(table.stdout).toContain('Contoso\\x1b]0;p…');
    const json = casedesk('cases', 'list', '--db', db, '--json', '--at', AT);
    expect(JSON.parse(json.stdout).cases.find((c: { id: string }) => c.id === exampleCases[0].id).company).toBe(hostile);
  });
});

describe('an unknown field named __proto__', () => {
  it('is refused at import with a message naming the case and where it is, rather than dropped on export', () => {
    const text = JSON.stringify({ format: 'casedesk.cases/1', cases: [exampleCases[0], { ...exampleCases[1], contact: { name: 'Bo', PROTO: { admin: true } } }] }).replace('"PROTO"', '"__proto__"');
    const dir = tempFiles({ 'cases.json': text });
    const db = join(dir, 'cases.db');
    const r = casedesk('import', join(dir, 'cases.json'), '--db', db);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`case "${exampleCases[1].id}" (cases[1]): contact.__proto__: a field named "__proto__" cannot be kept; rename it (e.g. "proto") and import again`);
  });
});
