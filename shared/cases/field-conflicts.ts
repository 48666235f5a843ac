// Concurrent edits of one field from two desktops. Every edit says what the field held when the
// engineer changed it (`base`); the server applies edits in its own order, and when a field had
// meanwhile been changed by someone else the edit is concurrent: a short field (company, version…)
// takes the later value and keeps the one it replaced in the history, shown on the case; free text
// (summary, symptoms, reproduction, work-arounds, recommendation) takes the later value too but
// stays in conflict — both versions shown — until an engineer saves the field again.
import { z } from 'zod';
import { FREE_TEXT_PATHS, NESTED_MEMBERS } from './case-fields';
import type { CaseRecord } from './case-format';
import type { CaseFields } from './case-mutations';

/** Fields whose two versions an engineer merges by hand (free text, case-fields.ts). */
export const FREE_TEXT_FIELDS: ReadonlySet<string> = FREE_TEXT_PATHS;

export const fieldConflictSchema = z.strictObject({
  /** The field's path: `company`, `contact.email`, `problem.symptoms`… */
  field: z.string(),
  kind: z.enum(['text', 'overwritten']),
  /** The value the field holds now, and who wrote it. */
  value: z.string().nullable(),
  author: z.string(),
  /** The value it replaced, written at the same time by someone else, and who that was. */
  other: z.string().nullable(),
  otherAuthor: z.string().nullable(),
  at: z.number(),
});
export type FieldConflict = z.output<typeof fieldConflictSchema>;

/** The leaves an edit sets, as `path → value` (null: emptied). */
export function editedLeaves(fields: CaseFields): [string, string | null][] {
  const out: [string, string | null][] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (NESTED_MEMBERS.has(key) && value && typeof value === 'object') {
      for (const [leaf, v] of Object.entries(value)) out.push([`${key}.${leaf}`, typeof v === 'string' ? v : null]);
    } else out.push([key, typeof value === 'string' ? value : null]);
  }
  return out;
}

/** A leaf of a record by its path (null when absent or not text). */
export function leafOf(record: CaseRecord, path: string): string | null {
  const [head, tail] = path.split('.', 2) as [string, string | undefined];
  const value = tail === undefined ? record[head] : (record[head] as Record<string, unknown> | undefined)?.[tail];
  return typeof value === 'string' ? value : null;
}

/** What the edited fields held before an edit: the `base` a desktop sends with it. */
export function baseOf(record: CaseRecord, fields: CaseFields): Record<string, string | null> {
  return Object.fromEntries(editedLeaves(fields).map(([path]) => [path, leafOf(record, path)]));
}
