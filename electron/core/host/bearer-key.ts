// The one check of a host's key: an `Authorization: Bearer <key>` header that matches, compared in
// constant time. The browser host's calls and streams and the desktop's stream protocol use it.
import { timingSafeEqual } from 'node:crypto';

/** Whether the Authorization header carries exactly `key`. */
export function bearerMatches(header: string | null | undefined, key: string): boolean {
  if (!header?.startsWith('Bearer ')) return false;
  const a = Buffer.from(header.slice(7));
  const b = Buffer.from(key);
  return a.length === b.length && timingSafeEqual(a, b);
}
