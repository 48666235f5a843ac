// Ids that stay unique across desktops that create cases offline: UUIDv7, time-ordered.
import { v7 } from 'uuid';

export function newId(): string {
  return v7();
}
