// The central store's two databases, for suites that run the same tests against both.
import type { StoreLocation } from '../../server/store/open-server-store';
import { createTestDatabase } from './postgres';
import { tempDbPath } from './temp-db';

export interface Backend {
  name: 'sqlite' | 'postgres';
  /** A fresh, empty database. */
  fresh(): Promise<StoreLocation>;
}

export const BACKENDS: Backend[] = [
  { name: 'sqlite', fresh: async () => ({ sqlite: tempDbPath('central.db') }) },
  { name: 'postgres', fresh: async () => ({ postgres: await createTestDatabase() }) },
];
