// `casedesk page list` and `casedesk page ack` as an on-call engineer runs them from a terminal:
// real processes, a real central store on 127.0.0.1 that paged them. The acknowledgement reaches
// the server (which stops the escalation), is refused a second time naming who answered, and is
// kept for the next sync when the server cannot be reached — saying so, with exit code 1.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { casePageOf } from '../../../shared/oncall/case-pages';
import { newCase, SyncWorld } from '../../support/sync-world';
import { repoRoot, tempFiles } from '../../support/run-casedesk';
import { tempDbPath } from '../../support/temp-db';

/** The command line as a child process, without blocking this process (whose server answers it). */
function run(args: string[], env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin/casedesk.js'), ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('casedesk page', () => {
  let world: SyncWorld;
  let db: string;
  let env: Record<string, string>;
  beforeEach(async () => {
    world = await SyncWorld.start({ sqlite: tempDbPath('central.db') }, new Date().toISOString());
    const mo = world.desktop('Mo', 'manager');
    newCase(mo, 'C-1', { summary: 'all mail bouncing' }, 1);
    newCase(mo, 'C-2', { summary: 'no mail at all' }, 1);
    await world.sync(mo);
    const { token } = await world.server.store.addUser('Olu', 'on-call');
    env = { CASEDESK_TOKEN: token };
    db = join(tempFiles({}), 'olu.db');
    await world.page('C-1', ['Olu']);
    await world.page('C-2', ['Olu']);
    expect((await run(['sync', '--db', db, '--server', world.server.url], env)).status).toBe(0);
  });
  afterEach(() => world.close());

  const serverPage = async (id: string) => casePageOf((await world.server.store.snapshots(world.server.store.db, [id]))[0]!.record);

  it('lists the pages waiting, acknowledges one at the server, and refuses a second acknowledgement naming who gave the first', async () => {
    const listed = await run(['page', 'list', '--db', db]);
    expect(listed.status).toBe(0);
    expect(JSON.parse(listed.stdout).pages.map((p: { caseId: string; step: string; to: string[] }) => [p.caseId, p.step, p.to])).toEqual([
      ['C-1', 'primary', ['Olu']],
      ['C-2', 'primary', ['Olu']],
    ]);
    const acked = await run(['page', 'ack', 'C-1', '--db', db, '--server', world.server.url, '--note', 'on it, calling them'], env);
    expect(acked.stderr).toBe('');
    expect(acked.status).toBe(0);
    expect(JSON.parse(acked.stdout)).toMatchObject({ caseId: 'C-1', acknowledgedBy: 'Olu', sent: true });
    expect((await serverPage('C-1'))?.acknowledged?.by).toBe('Olu');
    expect(JSON.parse((await run(['page', 'list', '--db', db])).stdout).pages.map((p: { caseId: string }) => p.caseId)).toEqual(['C-2']);

    const again = await run(['page', 'ack', 'C-1', '--db', db], env);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/was acknowledged already, by Olu/);
    const unknown = await run(['page', 'ack', 'C-404', '--db', db], env);
    expect([unknown.status, unknown.stderr.trim()]).toEqual([1, `casedesk: no case "C-404" in ${db}`]);
  });

  it('keeps an acknowledgement the server could not be reached for, says the page escalates meanwhile, and the next sync sends it', async () => {
    const cut = await run(['page', 'ack', 'C-2', '--db', db, '--server', 'http://127.0.0.1:1'], env);
    expect(cut.status).toBe(1);
    expect(JSON.parse(cut.stdout)).toMatchObject({ caseId: 'C-2', acknowledgedBy: 'Olu', sent: false });
    expect(cut.stderr).toMatch(/acknowledged here but not sent \(.+\); the page escalates until the central store has it: run casedesk sync/);
    expect((await serverPage('C-2'))?.acknowledged).toBeNull();
    expect((await run(['sync', '--db', db, '--server', world.server.url], env)).status).toBe(0);
    expect((await serverPage('C-2'))?.acknowledged?.by).toBe('Olu');
  });
});
