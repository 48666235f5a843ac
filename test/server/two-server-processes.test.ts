// Several server processes behind a load balancer share one PostgreSQL database: a change made
// through either process reaches desktops connected to the other within seconds (LISTEN/NOTIFY),
// and versions stay one monotonic order across both.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { applyMutation } from '../../electron/core/store/apply-mutation';
import { CaseStore } from '../../electron/core/store/case-store';
import { syncOnce } from '../../electron/core/sync/sync-client';
import { memoryVault, SyncService } from '../../electron/core/sync/sync-service';
import { ServerStore } from '../../server/store/server-store';
import { createTestDatabase, dropTestDatabases } from '../support/postgres';
import { addUserByCli, killChildren, startServerProcess } from '../support/casedesk-processes';
import { exportOf, newCase } from '../support/sync-world';
import { tempDbPath } from '../support/temp-db';

afterEach(async () => {
  await killChildren();
});
afterAll(async () => {
  await dropTestDatabases();
});

describe('two server processes on one PostgreSQL database', () => {
  it('bring a change pushed through one to a desktop watching the other within 2 seconds', async () => {
    const postgres = await createTestDatabase();
    const token = addUserByCli({ postgres }, 'Ann');
    const [first, second] = (await Promise.all([startServerProcess({ postgres }), startServerProcess({ postgres })])).map((p) => p.url) as [string, string];
    expect(first).not.toBe(second);

    const watcher = CaseStore.open(tempDbPath(), { create: true });
    const sync = new SyncService(watcher, { vault: memoryVault(), intervalMs: 60_000 });
    try {
      await sync.connect(second, token);
      await expect.poll(() => sync.status().online, { timeout: 5000 }).toBe(true);
      const writer = CaseStore.open(tempDbPath(), { create: true });
      newCase(writer, 'C-1', { summary: 'pushed through the first process' });
      const started = Date.now();
      await syncOnce(writer, { server: first, token });
      await expect.poll(() => watcher.getCase('C-1')?.record.summary, { timeout: 2000, interval: 20 }).toBe('pushed through the first process');
      expect(Date.now() - started).toBeLessThan(2000);

      // Pushes through both at once: one order, no version twice, every change on every desktop.
      const other = CaseStore.open(tempDbPath(), { create: true });
      await syncOnce(other, { server: second, token });
      for (let i = 0; i < 20; i++) {
        applyMutation(writer, 'addNote', { caseId: 'C-1', at: `2010-11-29T10:${String(i).padStart(2, '0')}:00-05:00`, author: 'Ann', text: `A${i}` });
        applyMutation(other, 'addNote', { caseId: 'C-1', at: `2010-11-29T11:${String(i).padStart(2, '0')}:00-05:00`, author: 'Raj', text: `B${i}` });
      }
      await Promise.all([syncOnce(writer, { server: first, token }), syncOnce(other, { server: second, token })]);
      // Each pulled while the other may still have been pushing: once more each, and all is in.
      await syncOnce(writer, { server: first, token });
      await syncOnce(other, { server: second, token });
      await expect.poll(() => watcher.getCase('C-1')?.record.events?.length, { timeout: 5000 }).toBe(40);
      expect(exportOf(other)).toEqual(exportOf(writer));
      expect(exportOf(watcher)).toEqual(exportOf(writer));
      const store = await ServerStore.open({ postgres });
      const versions = (await store.db.selectFrom('mutations').select('version').execute()).map((r) => r.version);
      expect(new Set(versions).size).toBe(versions.length);
      await store.close();
      writer.close();
      other.close();
    } finally {
      await sync.close();
      watcher.close();
    }
  });
});
