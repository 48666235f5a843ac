import { describe, expect, it } from 'vitest';
import { displayName, safeFileName, SAFE_NAME_MAX_BYTES } from '../../../shared/files/file-names';

describe('a file name from outside', () => {
  it('keeps only the last path segment: no traversal, no absolute path', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\Windows\\System32\\drivers\\etc\\hosts')).toBe('hosts');
    expect(safeFileName('/var/log/mail.log')).toBe('mail.log');
    expect(safeFileName('logs/')).toBe('logs');
    expect(safeFileName('..')).toBe('attachment');
    expect(safeFileName('')).toBe('attachment');
  });

  it('drops control, bidi-override and zero-width characters, and what Windows refuses', () => {
    expect(safeFileName('evil\u202Egpj.exe')).toBe('evilgpj.exe');
    expect(safeFileName('a\u0000b\u001b[31mc.txt')).toBe('ab[31mc.txt');
    expect(safeFileName('re\u200Bport.log')).toBe('report.log');
    expect(safeFileName('what? <now>: "a|b*".txt')).toBe('what_ _now__ _a_b__.txt');
    expect(safeFileName('  .hidden. ')).toBe('hidden');
  });

  it('never gives a Windows device name, whatever its case or extension', () => {
    expect(safeFileName('CON')).toBe('_CON');
    expect(safeFileName('nul.txt')).toBe('_nul.txt');
    expect(safeFileName('Com1.tar.gz')).toBe('_Com1.tar.gz');
    expect(safeFileName('LPT9')).toBe('_LPT9');
    expect(safeFileName('console.log')).toBe('console.log');
  });

  it('shortens an overlong name to 200 bytes, keeping its extension, without splitting a character', () => {
    const long = `${'é'.repeat(300)}.log`;
    const safe = safeFileName(long);
    expect(safe.endsWith('.log')).toBe(true);
    expect(new TextEncoder().encode(safe).length).toBeLessThanOrEqual(SAFE_NAME_MAX_BYTES);
    expect(safe).toBe(`${'é'.repeat(98)}.log`);
  });

  it('is shown as given, its invisible characters made visible instead of obeyed', () => {
    expect(displayName('evil\u202Egpj.exe')).toBe('evil⟨U+202E⟩gpj.exe');
    expect(displayName('a\u001bb')).toBe('a⟨U+001B⟩b');
    expect(displayName('Résumé <b>.pdf')).toBe('Résumé <b>.pdf');
  });
});
