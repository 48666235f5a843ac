// The sync token is kept by the OS keychain (safeStorage, faked: the binary cannot run here),
// never in the clear; without a keychain it lives only as long as the process.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { keychainVault } from '../../../electron/main/token-vault';

const TOKEN = 'cdt_secret-token-value';
// A stand-in for the OS keychain's cipher: reversible, and never the token's own bytes.
const keychain = (backend = 'gnome_libsecret', available = true) => ({
  isEncryptionAvailable: () => available,
  getSelectedStorageBackend: () => backend,
  encryptString: (text: string) => Buffer.from(Buffer.from(text).map((b) => b ^ 0x5a)),
  decryptString: (data: Buffer) => Buffer.from(data.map((b) => b ^ 0x5a)).toString(),
});
const file = () => join(mkdtempSync(join(tmpdir(), 'casedesk-vault-')), 'sync-token.bin');

describe('the token vault', () => {
  it('keeps the token encrypted by the keychain across restarts, and forgets it on sign-out', () => {
    const path = file();
    const vault = keychainVault(keychain(), path);
    expect(vault.secure).toBe(true);
    vault.save(TOKEN);
    expect(readFileSync(path).toString('latin1')).not.toContain('secret');
    expect(keychainVault(keychain(), path).load()).toBe(TOKEN);
    vault.clear();
    expect(existsSync(path)).toBe(false);
    expect(keychainVault(keychain(), path).load()).toBeNull();
  });

  it('writes nothing where there is no keychain (Linux basic_text, or none at all): the token lasts this run', () => {
    for (const storage of [keychain('basic_text'), keychain('gnome_libsecret', false)]) {
      const path = file();
      const vault = keychainVault(storage, path);
      expect(vault.secure).toBe(false);
      vault.save(TOKEN);
      expect(vault.load()).toBe(TOKEN);
      expect(existsSync(path)).toBe(false);
    }
  });

  it('says so, and asks to connect again, when the saved token cannot be read back', () => {
    const path = file();
    keychainVault(keychain(), path).save(TOKEN);
    const log = vi.fn();
    const broken = { ...keychain(), decryptString: () => { throw new Error('keychain locked'); } };
    expect(keychainVault(broken, path, log).load()).toBeNull();
    expect(log).toHaveBeenCalledWith('the saved sync token could not be read back (keychain locked); connect again');
  });
});

