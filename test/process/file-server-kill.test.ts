// A server process SIGKILLed while a desktop sends it a large file, then started again: the sync
// fails clearly, and the next one sends the rest — from the byte the server holds, not from the
// start — after which the server holds the file once, byte-identical, nothing partial is left, and
// both SQLite files pass integrity_check. Real processes: `casedesk server` and `casedesk sync`.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addUserByCli, integrityOf, killChildren, runCasedesk, spawnCasedesk, startServerProcess, waitFor } from '../support/casedesk-processes';
import { casedesk, repoRoot, tempFiles } from '../support/run-casedesk';

afterAll(async () => {
  await killChildren();
});

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');
async function shaOfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

describe('the server killed mid-upload', () => {
  it('SIGKILLed while a file is sent and restarted: the next sync sends the rest, and the server holds it once, whole', async () => {
    const dir = tempFiles({});
    const central = join(dir, 'central.db');
    const desk = join(dir, 'desk.db');
    const bytes = randomBytes(160 * 1024 * 1024);
    const hash = sha(bytes);
    writeFileSync(join(dir, 'capture.pcap'), bytes);
    expect(casedesk('import', join(repoRoot, 'docs/examples/cases.json'), '--db', desk).status).toBe(0);
    expect(casedesk('attach', 'C-1001', join(dir, 'capture.pcap'), '--db', desk).status).toBe(0);
    const token = addUserByCli({ sqlite: central }, 'Ann');
    const partial = join(`${central}.files`, 'partial', `${hash}.part`);
    const sizeOf = (path: string) => (existsSync(path) ? statSync(path).size : 0);

    let server = await startServerProcess({ sqlite: central });
    const sync = spawnCasedesk(['sync', '--db', desk, '--server', server.url, '--token', token]);
    const atKill = await waitFor('the server to hold part of the file', () => {
      if (sync.child.exitCode !== null) throw new Error(`the sync ended before the server was killed: ${sync.stdout}${sync.stderr}`);
      const held = sizeOf(partial);
      return held > 8 * 1024 * 1024 && held < bytes.length ? held : undefined;
    }, 60_000, 1);
    expect((await server.kill('SIGKILL')).signal).toBe('SIGKILL');
    const failed = await sync.exited;
    expect(failed.code, failed.stderr).toBe(1);
    expect(failed.stderr).toMatch(/the connection to the server at .* was lost|cannot reach the server/);
    expect(integrityOf(central)).toBe('ok');
    const kept = sizeOf(partial);
    expect(kept).toBeGreaterThanOrEqual(atKill);

    server = await startServerProcess({ sqlite: central });
    const again = await runCasedesk(['sync', '--db', desk, '--server', server.url, '--token', token]);
    expect(again.code, again.stderr).toBe(0);
    // Only what the server lacked went again.
    const sent = Number(/files: 1 sent \(([\d,]+) bytes\)/.exec(again.stdout)?.[1]?.replace(/,/g, ''));
    expect(sent).toBe(bytes.length - kept);
    const stored = join(`${central}.files`, 'sha256', hash.slice(0, 2), hash);
    expect(await shaOfFile(stored)).toBe(hash);
    expect(readdirSync(join(`${central}.files`, 'partial'))).toEqual([]);
    expect(readdirSync(join(`${central}.files`, 'sha256', hash.slice(0, 2)))).toEqual([hash]);
    expect(await server.kill('SIGTERM')).toMatchObject({ code: 0 });
    expect([integrityOf(central), integrityOf(desk)]).toEqual(['ok', 'ok']);
  });
});
