// `casedesk server`, `casedesk server user add` and `casedesk sync` as a person runs them: real
// processes, a real server on 127.0.0.1, exit codes and messages.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { casedesk, repoRoot, tempFiles } from '../../support/run-casedesk';

const example = join(repoRoot, 'docs/examples/cases.json');
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin/casedesk.js'), ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function start(args: string[], env: Record<string, string> = {}): Promise<{ child: ChildProcess; firstLine: string; output: () => string; errors: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin/casedesk.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    children.push(child);
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`no output from casedesk ${args.join(' ')}: ${err}`)), 15_000);
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve({ child, firstLine: out.split('\n')[0]!, output: () => out, errors: () => err });
      }
    });
    child.once('exit', (code) => reject(new Error(`casedesk ${args.join(' ')} exited (${code}): ${err}`)));
  });
}

/** A port nothing listens on. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as { port: number }).port;
  await new Promise((r) => probe.close(r));
  return port;
}

async function team() {
  const dir = tempFiles({});
  const central = join(dir, 'central.db');
  const added = casedesk('server', 'user', 'add', 'Ann', '--role', 'engineer', '--db', central);
  const token = added.stdout.trim();
  const server = await start(['server', '--db', central, '--port', '0']);
  return { dir, central, token, url: server.firstLine, server };
}

describe('casedesk server user add', () => {
  it('creates the database, adds the user and prints the token alone on its last line', () => {
    const central = join(tempFiles({}), 'central.db');
    const r = casedesk('server', 'user', 'add', 'Ann Lee', '--role', 'on-call', '--db', central);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^cdt_[A-Za-z0-9_-]{43}\n$/);
    expect(r.stderr).toContain('Added Ann Lee (on-call)');
    const again = casedesk('server', 'user', 'add', 'Ann Lee', '--role', 'engineer', '--db', central);
    expect(again).toMatchObject({ status: 1, stdout: '' });
    expect(again.stderr).toBe('casedesk: there is already a user named "Ann Lee"\n');
    expect(casedesk('server', 'user', 'add', 'Bo', '--role', 'king', '--db', central).stderr).toBe('casedesk: role must be one of engineer, on-call, manager, admin (not "king")\n');
    expect(casedesk('server', 'user', 'add', 'Bo', '--role', 'engineer')).toMatchObject({ status: 2 });
  });
});

describe('casedesk server', () => {
  it('says at start when nobody is on call: a Severity-1 case opened online would page nobody', async () => {
    const { server, central } = await team();
    expect(server.errors()).toContain(`Nobody is on call (no user with the on-call role who is not revoked): a Severity-1 case opened online pages nobody (the customer is asked to phone). Add one with: casedesk server user add NAME --role on-call --db ${central}`);
    casedesk('server', 'user', 'add', 'Olu', '--role', 'on-call', '--db', central);
    const again = await start(['server', '--db', central, '--port', '0']);
    expect(again.errors()).toContain('Casedesk server on');
    expect(again.errors()).not.toContain('on-call');
  });
});

describe('casedesk server user token, revoke and list', () => {
  it('gives a user a new token, after which the old one is refused; revokes a user until given a new one', async () => {
    const { dir, central, token, url } = await team();
    const a = join(dir, 'a.db');
    expect(run(['sync', '--db', a, '--server', url, '--token', token]).status).toBe(0);
    const renewed = casedesk('server', 'user', 'token', 'Ann', '--db', central);
    expect(renewed.status).toBe(0);
    const fresh = renewed.stdout.trim();
    expect(fresh).toMatch(/^cdt_/);
    expect(fresh).not.toBe(token);
    expect(renewed.stderr).toContain('the old one no longer works');
    expect(run(['sync', '--db', a, '--server', url, '--token', token]).stderr).toContain('refused the token');
    expect(run(['sync', '--db', a, '--server', url, '--token', fresh]).status).toBe(0);
    expect(casedesk('server', 'user', 'list', '--db', central).stdout).toBe('Ann\tengineer\n');
    expect(casedesk('server', 'user', 'token', 'Nobody', '--db', central)).toMatchObject({ status: 1, stderr: 'casedesk: there is no user named "Nobody"\n' });
    // Revoked, the user is refused until given a new token; the list says so.
    const revoked = casedesk('server', 'user', 'revoke', 'Ann', '--db', central);
    expect(revoked.status).toBe(0);
    expect(revoked.stdout).toContain('Ann can no longer sign in or sync');
    expect(run(['sync', '--db', a, '--server', url, '--token', fresh])).toMatchObject({ status: 1, stderr: expect.stringContaining('refused the token') });
    expect(casedesk('server', 'user', 'list', '--db', central).stdout).toBe('Ann\tengineer\trevoked\n');
    const back = casedesk('server', 'user', 'token', 'Ann', '--db', central).stdout.trim();
    expect(run(['sync', '--db', a, '--server', url, '--token', back]).status).toBe(0);
    expect(casedesk('server', 'user', 'list', '--db', central).stdout).toBe('Ann\tengineer\n');
    // Casedesk's own users are listed as such, and nobody can be given a token for one.
    expect(casedesk('server', 'import', example, '--db', central).status).toBe(0);
    expect(casedesk('server', 'user', 'list', '--db', central).stdout).toBe("Ann\tengineer\nserver import\tadmin\tCasedesk's own\n");
    expect(casedesk('server', 'user', 'token', 'server import', '--db', central)).toMatchObject({ status: 1, stdout: '', stderr: expect.stringContaining(`"server import" is Casedesk's own user`) });
    expect(casedesk('server', 'user', 'add', 'online form', '--role', 'admin', '--db', central)).toMatchObject({ status: 1, stdout: '' });
  });
});

describe('casedesk server policy use', () => {
  it("puts an edited policy in force for the server's own cases, refusing one that reuses a version", () => {
    const dir = tempFiles({});
    const central = join(dir, 'central.db');
    const policy = JSON.parse(casedesk('policy', 'show').stdout);
    writeFileSync(join(dir, 'p2.json'), JSON.stringify({ ...policy, version: 2, name: 'Support policy 2011' }));
    const used = casedesk('server', 'policy', 'use', join(dir, 'p2.json'), '--db', central);
    expect(used).toMatchObject({ status: 0, stdout: `cases opened on ${central} are now logged under policy xecuritas-support v2\n` });
    writeFileSync(join(dir, 'p2b.json'), JSON.stringify({ ...policy, version: 2, name: 'the same version, edited' }));
    const clash = casedesk('server', 'policy', 'use', join(dir, 'p2b.json'), '--db', central);
    expect(clash.status).toBe(1);
    expect(clash.stderr).toContain('policy xecuritas-support v2 is already on the server with other rules');
    expect(casedesk('server', 'policy', 'use', join(dir, 'missing.json'), '--db', central)).toMatchObject({ status: 1 });
  });
});

describe('casedesk sync', () => {
  it('pushes, pulls and reports; a second desktop gets the same cases', async () => {
    const { dir, token, url } = await team();
    const a = join(dir, 'a.db');
    const b = join(dir, 'b.db');
    expect(casedesk('import', example, '--db', a).status).toBe(0);
    const first = run(['sync', '--db', a, '--server', url, '--token', token]);
    expect(first.stderr).toBe('');
    expect(first).toMatchObject({ status: 0, stdout: 'pushed 4 change(s): 4 applied, 0 rejected; pulled 4 case(s); at server version 4\n' });
    const second = run(['sync', '--db', b, '--server', url], { CASEDESK_TOKEN: token });
    expect(second).toMatchObject({ status: 0, stdout: 'pushed 0 change(s): 0 applied, 0 rejected; pulled 4 case(s); at server version 4\n' });
    expect(JSON.parse(casedesk('export', '--db', b).stdout)).toEqual(JSON.parse(casedesk('export', '--db', a).stdout));
  });

  it('sends the files of a database kept in another folder (--files), and says so', async () => {
    const { dir, token, url } = await team();
    const a = join(dir, 'a.db');
    const folder = join(dir, 'elsewhere');
    expect(casedesk('import', example, '--db', a).status).toBe(0);
    writeFileSync(join(dir, 'mail.log'), 'ERROR relay refused\n'.repeat(1000));
    expect(casedesk('attach', 'C-1001', join(dir, 'mail.log'), '--db', a, '--files', folder).status).toBe(0);
    const sync = run(['sync', '--db', a, '--server', url, '--token', token, '--files', folder]);
    expect(sync.stderr).toBe('');
    expect(sync.stdout).toContain('\n  files: 1 sent (20,000 bytes), 0 of Severity-1 cases taken from the server\n');
    // Sent once: the next sync sends nothing.
    expect(run(['sync', '--db', a, '--server', url, '--token', token, '--files', folder]).stdout).not.toContain('files:');
  });

  it('a server that cannot write: exit 1, the changes it could not take named and kept, no case taken out', async () => {
    const { dir, central, token, url } = await team();
    const a = join(dir, 'a.db');
    expect(casedesk('import', example, '--db', a).status).toBe(0);
    const before = casedesk('export', '--db', a).stdout;
    // The server's database fails every new case, as a failing disk would.
    const db = new Database(central);
    db.exec(`CREATE TRIGGER fault BEFORE INSERT ON cases BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`);
    const failed = run(['sync', '--db', a, '--server', url, '--token', token]);
    expect(failed.status).toBe(1);
    expect(failed.stdout.split('\n')[0]).toBe('pushed 4 change(s): 0 applied, 0 rejected, 4 not applied; pulled 0 case(s); at server version 0; 4 change(s) still waiting');
    expect(failed.stdout).toMatch(/^ {2}not applied: importCase on case 9?[0-9A-Z]{3}-1: the server could not apply this change \(disk I\/O error\); kept here, sent again after \d{4}-\d\d-\d\dT/m);
    expect(failed.stderr).toBe('casedesk: the server could not apply 4 change(s); they are kept here for the next sync (ask your admin to look at the server\'s log)\n');
    expect(casedesk('export', '--db', a).stdout).toBe(before);
    expect(JSON.parse(casedesk('export', '--refused', '--db', a).stdout)).toEqual({ format: 'casedesk.cases/1', cases: [] });

    db.exec('DROP TRIGGER fault');
    db.close();
    const healed = run(['sync', '--db', a, '--server', url, '--token', token]);
    expect(healed).toMatchObject({ status: 0, stdout: 'pushed 4 change(s): 4 applied, 0 rejected; pulled 4 case(s); at server version 4\n' });
    expect(casedesk('export', '--db', a).stdout).toBe(before);
  });

  it('says clearly when the token is refused, the server is down or silent, and keeps the changes', async () => {
    const { dir, url } = await team();
    const a = join(dir, 'a.db');
    casedesk('import', example, '--db', a);
    const refused = run(['sync', '--db', a, '--server', url, '--token', 'cdt_wrong']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe(
      `casedesk: the server at ${url} refused the token: the token is not known to this server (give another with --token or CASEDESK_TOKEN); 4 change(s) are kept for the next sync\n`,
    );
    expect(run(['sync', '--db', a, '--server', url], { CASEDESK_TOKEN: '' })).toMatchObject({ status: 2 });
    const closed = await freePort();
    const down = run(['sync', '--db', a, '--server', `http://127.0.0.1:${closed}`, '--token', 'x']);
    expect(down.status).toBe(1);
    expect(down.stderr).toBe(`casedesk: cannot reach the server at http://127.0.0.1:${closed} (ECONNREFUSED); 4 change(s) are kept for the next sync\n`);
    const silent = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    const started = Date.now();
    const slow = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [join(repoRoot, 'bin/casedesk.js'), 'sync', '--db', a, '--server', `http://127.0.0.1:${port}`, '--token', 'x', '--timeout', '1']);
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('exit', (code) => resolve({ code, stderr }));
    });
    silent.close();
    expect(slow.code).toBe(1);
    expect(slow.stderr).toBe(`casedesk: the server at http://127.0.0.1:${port} did not answer within 1 s; 4 change(s) are kept for the next sync\n`);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(run(['sync', '--db', a, '--server', 'ftp://x', '--token', 'x'])).toMatchObject({ status: 2 });
  });

  it('--watch brings in what another desktop pushes, and stops on Ctrl+C', async () => {
    const { dir, token, url } = await team();
    const watched = join(dir, 'watched.db');
    const other = join(dir, 'other.db');
    const watch = await start(['sync', '--db', watched, '--server', url, '--watch'], { CASEDESK_TOKEN: token });
    expect(watch.firstLine).toBe('pushed 0 change(s): 0 applied, 0 rejected; pulled 0 case(s); at server version 0');
    casedesk('import', example, '--db', other);
    expect(run(['sync', '--db', other, '--server', url, '--token', token]).status).toBe(0);
    await expect.poll(() => watch.output(), { timeout: 5000 }).toContain('pulled 4 case(s)');
    const exited = new Promise<number | null>((r) => watch.child.once('exit', r));
    watch.child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(JSON.parse(casedesk('export', '--db', watched).stdout)).toEqual(JSON.parse(casedesk('export', '--db', other).stdout));
  });
});
