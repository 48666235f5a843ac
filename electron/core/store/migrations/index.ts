// Every migration, in order. The last one's version is the schema this code writes.
import { migration001 } from './001-cases-and-events';
import { migration002 } from './002-outbox';
import { migration003 } from './003-clock-columns';
import { migration004 } from './004-sync';
import { migration005 } from './005-not-applied';
import { migration006 } from './006-attachments';
import { migration007 } from './007-files-on-server';
import { migration008 } from './008-checklist-progress';
import { migration009 } from './009-queue-indexes';
import type { Migration } from './migration';

export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006, migration007, migration008, migration009];
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
