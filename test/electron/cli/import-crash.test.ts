// Crash safety: an import killed with SIGKILL part-way leaves a database that opens, passes
// PRAGMA integrity_check, and holds none of that import — never part of it.
import BetterSqlite3 from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCases } from '../../../bench/support/generate-cases.mjs';
import { casedesk, repoRoot, tempFiles } from '../../support/run-casedesk';

/** Start an import and SIGKILL it once it reports progress inside its transaction. */
function killMidImport(file: string, db: string): Promise<{ signal: NodeJS.Signals | null; sawProgress: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin/casedesk.js'), 'import', file, '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
    let sawProgress = false;
    child.stderr.on('data', (data: Buffer) => {
      if (!sawProgress && data.toString().includes('importing: 10,000 of')) {
        sawProgress = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ signal, sawProgress }));
  });
}

function inspect(db: string) {
  const raw = new BetterSqlite3(db);
  try {
    return {
      integrity: raw.pragma('integrity_check', { simple: true }),
      cases: raw.prepare('SELECT count(*) FROM cases').pluck().get() as number,
      events: raw.prepare('SELECT count(*) FROM events').pluck().get() as number,
      outbox: raw.prepare('SELECT count(*) FROM outbox').pluck().get() as number,
    };
  } finally {
    raw.close();
  }
}

describe('an import killed part-way', () => {
  it('leaves the database whole, with none of that import, and a new import then takes all of it', async () => {
    const dir = tempFiles({ 'seed.json': { format: 'casedesk.cases/1', cases: [{ id: 'SEED-1', severity: 2, type: 'problem', loggedAt: '2010-11-01T09:00:00Z' }] } });
    const file = join(dir, 'big.json');
    const cases = generateCases(40_000, 11);
    writeFileSync(file, JSON.stringify(cases));
    const db = join(dir, 'cases.db');
    expect(casedesk('import', join(dir, 'seed.json'), '--db', db).status).toBe(0);

    const killed = await killMidImport(file, db);
    expect(killed).toEqual({ signal: 'SIGKILL', sawProgress: true });
    expect(inspect(db)).toEqual({ integrity: 'ok', cases: 1, events: 0, outbox: 1 });

    const again = casedesk('import', file, '--db', db);
    expect(again.status).toBe(0);
    const events = cases.cases.reduce((n, c) => n + (c.events as unknown[]).length, 0);
    expect(inspect(db)).toEqual({ integrity: 'ok', cases: 40_001, events, outbox: 40_001 });
  }, 60_000);
});
