// Ids that stay unique across desktops that create cases offline: UUIDv7, time-ordered. Random
// bytes come from a pool, filled 4 KiB at a time: one system call per 256 ids instead of one each
// (an import of 100,000 cases makes 100,000s of ids).
import { randomFillSync } from 'node:crypto';
import { v5 as uuidv5, v7 } from 'uuid';
import { AUTOMATIC_NAMESPACE, automaticMutationName } from '../../../shared/alerts/automatic-events';

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

/**
 * The id of the mutation recording an automatic event (shared/alerts/automatic-events.ts): the
 * same on every desktop and on the server for the same case and key, so it is applied once.
 */
export function automaticMutationId(caseId: string, key: string): string {
  return uuidv5(automaticMutationName(caseId, key), AUTOMATIC_NAMESPACE);
}
