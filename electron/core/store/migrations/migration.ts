// A numbered schema migration: one file each, applied in order, each in its own transaction
// together with the schema version it brings the database to.
import type { Database } from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}
