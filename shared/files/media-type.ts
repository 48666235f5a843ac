// A file's type from its content, never from its name: binary formats by their signatures
// (file-type), text by being valid UTF-8 without NUL bytes — and, among text, markup that a
// browser would run (SVG, HTML) told apart, so that it is never shown as active content. The same
// on the desktop and on the server (the online form's files).
import { fileTypeFromBuffer } from 'file-type';

/** Types shown as a picture in the workspace. */
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;

/** Whether `bytes` is UTF-8 (a character cut off at the end still counts: the head of a longer file). */
function isUtf8Text(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b === 0) return false;
    const extra = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (extra < 0) return false;
    for (let k = 1; k <= extra; k++) {
      if (i + k >= bytes.length) return true; // cut off at the end of the head
      const c = bytes[i + k]!;
      if ((c & 0xc0) !== 0x80) return false;
      // Overlong forms and surrogates, as a strict decoder refuses them.
      if (k === 1 && ((b === 0xe0 && c < 0xa0) || (b === 0xed && c > 0x9f) || (b === 0xf0 && c < 0x90) || (b === 0xf4 && c > 0x8f))) return false;
    }
    i += extra + 1;
  }
  return true;
}

/** The first bytes as text for markup detection (ASCII is all that is looked for), without a byte order mark. */
function startOf(head: Uint8Array): string {
  const from = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  return String.fromCharCode(...head.subarray(from, from + 1024));
}

/** The media type of a file whose first bytes are `head` (up to 4,100 of them). */
export async function mediaTypeOf(head: Uint8Array): Promise<string> {
  if (head.length === 0) return 'text/plain';
  const found = await fileTypeFromBuffer(head);
  if (found && found.mime !== 'application/xml') return found.mime;
  if (!isUtf8Text(head)) return 'application/octet-stream';
  const start = startOf(head).trimStart().toLowerCase();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*|<!doctype svg[^>]*>\s*)*<svg[\s>]/.test(start)) return 'image/svg+xml';
  if (/^(<!--[\s\S]*?-->\s*)*(<!doctype html|<html[\s>]|<head[\s>]|<body[\s>]|<script[\s>])/.test(start)) return 'text/html';
  return 'text/plain';
}
