// A file's name from outside (a drop, a paste, the command line, a customer's upload) is never
// trusted. For storage and export it is neutralised — the last path segment only, no control,
// bidi-override or zero-width characters, no characters Windows refuses, no reserved device name
// (CON, NUL, COM1…), at most 200 bytes with its extension kept. For display the original is kept,
// with those invisible characters shown as their code points instead of obeyed.
import { isControl } from '../validation/control-characters';

/** The most UTF-8 bytes of a neutralised name (file systems take 255). */
export const SAFE_NAME_MAX_BYTES = 200;
/** The most characters of an original name kept for display. */
export const ORIGINAL_NAME_MAX = 1000;
/** What a file is called when nothing of its name is left. */
const FALLBACK = 'attachment';

/** Characters that reorder or hide text: bidi embeddings, overrides, isolates and marks; zero-width ones. */
function isInvisible(code: number): boolean {
  return (
    (code >= 0x202a && code <= 0x202e) || // LRE, RLE, PDF, LRO, RLO
    (code >= 0x2066 && code <= 0x2069) || // LRI, RLI, FSI, PDI
    code === 0x200e || code === 0x200f || code === 0x061c || // LRM, RLM, ALM
    (code >= 0x200b && code <= 0x200d) || code === 0x2060 || code === 0xfeff // zero-width space, joiners, word joiner, BOM
  );
}

const WINDOWS_FORBIDDEN = new Set(['<', '>', ':', '"', '|', '?', '*']);
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;

/** UTF-8 bytes of `text` (shared/ has no TextEncoder). */
function utf8Length(text: string): number {
  let bytes = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** The name as it may be written to a disk: `report.log`, never `../../etc/passwd`, `CON` or `evil\u202Egpj.exe`. */
export function safeFileName(original: string): string {
  const segments = original.normalize('NFC').split(/[/\\]/);
  let name = '';
  for (const ch of segments.filter((s) => s.trim() !== '').at(-1) ?? '') {
    const code = ch.codePointAt(0)!;
    if (isControl(code) || isInvisible(code)) continue;
    name += WINDOWS_FORBIDDEN.has(ch) ? '_' : ch;
  }
  // Windows drops trailing dots and spaces; leading ones hide a file or make '.', '..'.
  name = name.replace(/^[\s.]+|[\s.]+$/g, '');
  if (name === '') return FALLBACK;
  const dot = name.lastIndexOf('.');
  let stem = dot > 0 ? name.slice(0, dot) : name;
  let extension = dot > 0 ? name.slice(dot) : '';
  if (extension.length > 20) {
    stem = name;
    extension = '';
  }
  // `CON.txt` is the console on Windows whatever its extension: the stem up to its first dot decides.
  if (RESERVED.test(stem.split('.')[0]!.trim())) stem = `_${stem}`;
  while (utf8Length(stem + extension) > SAFE_NAME_MAX_BYTES) stem = [...stem].slice(0, -1).join('');
  return (stem.replace(/[\s.]+$/, '') || FALLBACK) + extension;
}

/** The original name for display: kept as given (up to ORIGINAL_NAME_MAX), invisible and control characters shown as `⟨U+202E⟩`. */
export function displayName(original: string): string {
  let out = '';
  for (const ch of [...original].slice(0, ORIGINAL_NAME_MAX)) {
    const code = ch.codePointAt(0)!;
    out += isControl(code) || isInvisible(code) ? `⟨U+${code.toString(16).toUpperCase().padStart(4, '0')}⟩` : ch;
  }
  return out;
}
