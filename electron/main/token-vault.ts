// The sync token, kept with Electron's safeStorage: encrypted by the OS keychain (Keychain,
// DPAPI, libsecret/kwallet) into a file only that keychain can read back. Where no keychain is
// available (safeStorage would fall back to a fixed key on Linux) the token is kept in memory for
// this run only, never written in the clear.
import type { SafeStorage } from 'electron';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { TokenVault } from '../core/sync/sync-service';

export function keychainVault(safeStorage: Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> & { getSelectedStorageBackend?: () => string }, file: string, log: (line: string) => void = () => {}): TokenVault {
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend?.() : undefined;
  const secure = safeStorage.isEncryptionAvailable() && backend !== 'basic_text' && backend !== 'unknown';
  let session: string | null = null;
  return {
    secure,
    load() {
      if (!secure) return session;
      if (!existsSync(file)) return null;
      try {
        return safeStorage.decryptString(readFileSync(file));
      } catch (err) {
        log(`the saved sync token could not be read back (${(err as Error).message}); connect again`);
        return null;
      }
    },
    save(token) {
      if (!secure) {
        session = token;
        return;
      }
      // Written beside and renamed into place: a crash leaves the old token or the new, never half.
      const temp = `${file}.tmp`;
      writeFileSync(temp, safeStorage.encryptString(token), { mode: 0o600 });
      renameSync(temp, file);
    },
    clear() {
      session = null;
      rmSync(file, { force: true });
    },
  };
}
