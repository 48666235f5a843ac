// Opening the store from the command line, with errors a person can act on.
import { userInfo } from 'node:os';
import { CaseStore, type StoredCase } from '../core/store/case-store';
import { printable } from '../../shared/validation/control-characters';
import { signedInAs } from '../core/sync/sync-client';
import { StoreError } from '../core/store/database';
import { CliError } from './cli-io';

/** The --db path given, or the usage error that says it is needed. */
export function dbPath(path: string | undefined): string {
  if (!path) throw new CliError('--db PATH is required: the database file to use', 2);
  return path;
}

export function openStore(path: string | undefined, options: { create?: boolean; readonly?: boolean; now: () => number }): CaseStore {
  path = dbPath(path);
  try {
    return CaseStore.open(path, { create: options.create, readonly: options.readonly, clock: { now: options.now } });
  } catch (err) {
    if (err instanceof StoreError) throw new CliError(err.message);
    throw err;
  }
}

/** Run `work` with the store open, closing it whatever happens. */
export async function withStore<T>(store: CaseStore, work: (store: CaseStore) => T | Promise<T>): Promise<T> {
  try {
    return await work(store);
  } finally {
    store.close();
  }
}

/** The person a change from the command line is made by: the server user the database syncs as, else --as, else the login name. */
export function authorOf(store: CaseStore, given: string | undefined): string {
  return signedInAs(store) ?? given ?? userInfo().username;
}

/** The case of the database by its id or number, or the error that says there is none. */
export function caseOf(store: CaseStore, caseRef: string): StoredCase {
  const stored = store.findCase(caseRef);
  if (!stored) throw new CliError(`no case "${printable(caseRef)}" in ${store.path}`);
  return stored;
}
