// `casedesk attach`, `casedesk attachments` and `casedesk attachment export`, as a person or a
// script runs them: the exact JSON lines, the errors, and nothing written when something is wrong.
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../../electron/core/store/case-store';
import { casedesk, repoRoot, tempFiles } from '../../support/run-casedesk';
import { onePixelPng } from '../../support/sample-files';

let dir: string;
let db: string;
const sha = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const png = onePixelPng;
const lines = (out: string) => out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
const outboxNames = () => {
  const store = CaseStore.open(db, { readonly: true });
  try {
    return store.outbox().map((e) => e.name);
  } finally {
    store.close();
  }
};

beforeAll(() => {
  dir = tempFiles({ 'mail.log': '2010-11-29 09:00 ERROR smtp: connection refused\n', 'notes.txt': 'the customer rebooted at 08:55\n' });
  writeFileSync(join(dir, 'screen.dat'), png); // a picture, whatever its name says
  db = join(dir, 'cases.db');
  expect(casedesk('import', join(repoRoot, 'docs/examples/cases.json'), '--db', db).status).toBe(0);
});

describe('casedesk attach', () => {
  it('stores each file by content beside the database and prints one JSON line per file', () => {
    const r = casedesk('attach', 'C-1001', join(dir, 'mail.log'), join(dir, 'screen.dat'), '--db', db, '--note', 'from the customer', '--as', 'Dana Ruiz');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const log = readFileSync(join(dir, 'mail.log'));
    expect(lines(r.stdout)).toEqual([
      { sha256: sha(log), size: log.length, name: 'mail.log', type: 'text/plain' },
      { sha256: sha(png), size: png.length, name: 'screen.dat', type: 'image/png' },
    ]);
    expect(readFileSync(join(`${db}.files`, 'sha256', sha(png).slice(0, 2), sha(png))).equals(png)).toBe(true);
    expect(outboxNames().filter((n) => n === 'attachFile')).toHaveLength(2);
  });

  it('finds the case by its number too, and names a single file as --name says', () => {
    const store = CaseStore.open(db, { readonly: true });
    const number = store.getCase('C-1002')!.number;
    store.close();
    const r = casedesk('attach', number, join(dir, 'notes.txt'), '--db', db, '--name', '../../Customer notes\u202Etxt.exe');
    expect(r.status).toBe(0);
    expect(lines(r.stdout)[0]).toMatchObject({ name: '../../Customer notes\u202Etxt.exe', type: 'text/plain' });
  });

  it('lists a case’s files as JSON, with who attached them and when', () => {
    const r = casedesk('attachments', 'C-1001', '--db', db);
    expect(r.status).toBe(0);
    const list = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(list.map((f) => [f.name, f.type, f.note, f.addedBy])).toEqual([
      ['mail.log', 'text/plain', 'from the customer', 'Dana Ruiz'],
      ['screen.dat', 'image/png', 'from the customer', 'Dana Ruiz'],
    ]);
    expect(list[0]!.addedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d/);
    expect(JSON.parse(casedesk('attachments', 'C-1003', '--db', db).stdout)).toEqual([]);
  });

  it('stores the same content once, and does not attach it to the same case twice', () => {
    const copy = join(dir, 'copy-of-mail.log');
    writeFileSync(copy, readFileSync(join(dir, 'mail.log')));
    const again = casedesk('attach', 'C-1001', copy, '--db', db);
    expect(again.status).toBe(0);
    expect(again.stderr).toContain('already has this content, as "mail.log"');
    expect(lines(again.stdout)[0]).toMatchObject({ name: 'mail.log' });
    const other = casedesk('attach', 'C-1003', copy, '--db', db);
    expect(lines(other.stdout)[0]).toMatchObject({ name: 'copy-of-mail.log', sha256: sha(readFileSync(copy)) });
    const stored = readdirSync(join(`${db}.files`, 'sha256')).flatMap((p) => readdirSync(join(`${db}.files`, 'sha256', p)));
    expect(stored.sort()).toEqual([sha(readFileSync(copy)), sha(png), sha(readFileSync(join(dir, 'notes.txt')))].sort());
  });

  it('refuses a case that does not exist, a missing file, a folder, an unreadable file: exit 1, nothing written', () => {
    const before = outboxNames().length;
    const fresh = join(dir, 'fresh.log');
    writeFileSync(fresh, 'not yet stored\n');
    const cases: [string[], RegExp][] = [
      [['attach', 'C-9999', fresh], /no case "C-9999" in this database/],
      [['attach', 'C-1001', fresh, join(dir, 'missing.log')], /missing\.log: no such file/],
      [['attach', 'C-1001', fresh, dir], /is a folder, not a file/],
      [['attach', 'C-1001', fresh, fresh, '--name', 'x'], /--name names a single file/],
    ];
    if (process.getuid?.() !== 0) {
      const locked = join(dir, 'locked.log');
      writeFileSync(locked, 'secret');
      chmodSync(locked, 0o000);
      cases.push([['attach', 'C-1001', fresh, locked], /not readable/]);
    }
    for (const [args, message] of cases) {
      const r = casedesk(...args, '--db', db);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    }
    expect(outboxNames()).toHaveLength(before);
    expect(existsSync(join(`${db}.files`, 'sha256', sha('not yet stored\n').slice(0, 2), sha('not yet stored\n')))).toBe(false);
  });
});

describe('casedesk attachment export', () => {
  it('writes a stored file back out, byte for byte', () => {
    const out = join(dir, 'out', 'screen.png');
    mkdirSync(join(dir, 'out'));
    const r = casedesk('attachment', 'export', sha(png), '--db', db, '--out', out);
    expect(r.status).toBe(0);
    expect(readFileSync(out).equals(png)).toBe(true);
  });

  it('refuses an unknown hash, a damaged copy and a missing folder, writing nothing', () => {
    expect(casedesk('attachment', 'export', 'a'.repeat(64), '--db', db, '--out', join(dir, 'x.bin')).stderr).toMatch(/no file a{64}/);
    expect(casedesk('attachment', 'export', 'nothex', '--db', db, '--out', join(dir, 'x.bin')).stderr).toMatch(/not a SHA-256/);
    expect(casedesk('attachment', 'export', sha(png), '--db', db, '--out', join(dir, 'no-such-folder', 'x.png')).stderr).toMatch(/does not exist/);
    // A stored copy damaged on disk is refused, not passed on.
    const log = readFileSync(join(dir, 'mail.log'));
    const stored = join(`${db}.files`, 'sha256', sha(log).slice(0, 2), sha(log));
    chmodSync(stored, 0o644);
    writeFileSync(stored, 'tampered');
    const r = casedesk('attachment', 'export', sha(log), '--db', db, '--out', join(dir, 'damaged.log'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/is damaged .*nothing was written/);
    expect(existsSync(join(dir, 'damaged.log'))).toBe(false);
    expect(readdirSync(dir).filter((n) => n.includes('.partial'))).toEqual([]);
  });
});

describe('casedesk attachment remove', () => {
  it('takes a file off one case; its bytes stay while another case holds them and go with the last', () => {
    const log = sha(readFileSync(join(dir, 'mail.log')));
    const stored = join(`${db}.files`, 'sha256', log.slice(0, 2), log);
    const first = casedesk('attachment', 'remove', 'C-1001', log, '--db', db, '--reason', 'wrong customer');
    expect(first.status).toBe(0);
    expect(first.stderr).toContain('its bytes are kept');
    expect(existsSync(stored)).toBe(true); // C-1003 still holds the same content
    expect((JSON.parse(casedesk('attachments', 'C-1001', '--db', db).stdout) as { name: string }[]).map((f) => f.name)).toEqual(['screen.dat']);
    const last = casedesk('attachment', 'remove', 'C-1003', log, '--db', db);
    expect(last.stderr).toContain('its bytes are gone');
    expect(existsSync(stored)).toBe(false);
    expect(outboxNames().filter((n) => n === 'removeAttachment')).toHaveLength(2);
  });

  it('refuses to remove a file the case does not hold', () => {
    const r = casedesk('attachment', 'remove', 'C-1003', sha(png), '--db', db);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/has no attached file [0-9a-f]{12}…/);
  });
});

describe('casedesk files move', () => {
  it('moves every stored file to a new folder, which the database then uses for export and new attachments', () => {
    const from = `${db}.files`;
    const to = join(dir, 'elsewhere', 'case-files');
    const storedBefore = readdirSync(join(from, 'sha256')).flatMap((p) => readdirSync(join(from, 'sha256', p))).sort();
    expect(storedBefore.length).toBeGreaterThan(0);
    const r = casedesk('files', 'move', to, '--db', db);
    expect(r.status, r.stderr).toBe(0);
    const moved = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(moved).toMatchObject({ from, to, files: storedBefore.length });
    expect(moved.bytes).toBe(storedBefore.reduce((sum, h) => sum + readFileSync(join(to, 'sha256', h.slice(0, 2), h)).length, 0));
    expect(existsSync(from)).toBe(false);
    expect(readdirSync(join(to, 'sha256')).flatMap((p) => readdirSync(join(to, 'sha256', p))).sort()).toEqual(storedBefore);

    const out = join(dir, 'out', 'moved.png');
    expect(casedesk('attachment', 'export', sha(png), '--db', db, '--out', out).status).toBe(0);
    expect(sha(readFileSync(out))).toBe(sha(png));

    const later = join(dir, 'later.txt');
    writeFileSync(later, 'attached after the move\n');
    expect(casedesk('attach', 'C-1003', later, '--db', db).status).toBe(0);
    expect(existsSync(join(to, 'sha256', sha('attached after the move\n').slice(0, 2), sha('attached after the move\n')))).toBe(true);
    expect(existsSync(from)).toBe(false);
  });

  it('refuses the folder in use, a folder inside it and a file, changing nothing', () => {
    const to = join(dir, 'elsewhere', 'case-files');
    const aFile = join(dir, 'notes.txt');
    const cases: [string, RegExp][] = [
      [to, /already in/],
      [join(to, 'deeper'), /is inside the folder the files are in now/],
      [aFile, /is a file, not a folder/],
    ];
    for (const [target, message] of cases) {
      const r = casedesk('files', 'move', target, '--db', db);
      expect(r.status, target).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    }
    expect(existsSync(join(to, 'deeper'))).toBe(false);
    expect(casedesk('attachment', 'export', sha(png), '--db', db, '--out', join(dir, 'out', 'still.png')).status).toBe(0);
  });
});
