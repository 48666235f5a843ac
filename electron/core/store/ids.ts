// Ids that stay unique across desktops that create cases offline: UUIDv7, time-ordered. Random
// bytes come from a pool, filled 4 KiB at a time: one system call per 256 ids instead of one each
// (an import of 100,000 cases makes 100,000s of ids).
import { randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';

const pool = new Uint8Array(16 * 256);
let offset = pool.length;

export function newId(): string {
  if (offset >= pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const random = pool.subarray(offset, offset + 16);
  offset += 16;
  return v7({ random });
}
