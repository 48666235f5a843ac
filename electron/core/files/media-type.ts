// A file's type from its content, never from its name: binary formats by their signatures
// (file-type), text by being valid UTF-8 without NUL bytes — and, among text, markup that a
// browser would run (SVG, HTML) told apart, so that it is never shown as active content.
import { fileTypeFromBuffer } from 'file-type';

/** Types shown as a picture in the workspace. */
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;

function isUtf8Text(head: Buffer): boolean {
  if (head.includes(0)) return false;
  // A multi-byte character cut off at the end of the head is still text.
  for (let cut = 0; cut < 4 && cut <= head.length; cut++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, head.length - cut));
      return true;
    } catch {
      // try again without the last bytes
    }
  }
  return false;
}

/** The media type of a file whose first bytes are `head` (up to 4,100 of them). */
export async function mediaTypeOf(head: Buffer): Promise<string> {
  if (head.length === 0) return 'text/plain';
  const found = await fileTypeFromBuffer(head);
  if (found && found.mime !== 'application/xml') return found.mime;
  if (!isUtf8Text(head)) return 'application/octet-stream';
  const start = head.toString('utf8', 0, Math.min(head.length, 1024)).replace(/^\uFEFF/, '').trimStart().toLowerCase();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*|<!doctype svg[^>]*>\s*)*<svg[\s>]/.test(start)) return 'image/svg+xml';
  if (/^(<!--[\s\S]*?-->\s*)*(<!doctype html|<html[\s>]|<head[\s>]|<body[\s>]|<script[\s>])/.test(start)) return 'text/html';
  return 'text/plain';
}
