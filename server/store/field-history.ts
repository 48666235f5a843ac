// Each case's field history (field_changes): the rows an edit writes, one per field it changes or
// settles, and the open conflicts read back from them — a concurrent edit's losing side, free
// text's two versions kept side by side until an engineer settles them.
import type { CaseRecord } from '../../shared/cases/case-format';
import type { CaseFields } from '../../shared/cases/case-mutations';
import { editedLeaves, FREE_TEXT_FIELDS, leafOf, type FieldConflict } from '../../shared/cases/field-conflicts';
import type { ServerDatabase } from './schema';
import type { Db } from './store-context';

export interface FieldChange {
  field: string;
  previous: string | null;
  value: string | null;
  concurrent: boolean;
  /** The other version the field is in conflict with after this change (null: none). */
  conflictWith: string | null;
  conflictAuthor: string | null;
}

/**
 * The history rows an edit writes, one per leaf it changes or settles. An edit is concurrent when
 * the field no longer holds what the author saw (`base`): a short field then shows the value it
 * replaced until the field is next changed; free text keeps the replaced version beside it —
 * through further edits too — until an engineer settles it (`resolves`).
 */
export function fieldChanges(
  before: CaseRecord,
  fields: CaseFields,
  args: { base?: Record<string, string | null>; resolves?: string[] },
  open: readonly FieldConflict[],
  lastAuthor: ReadonlyMap<string, string>,
): FieldChange[] {
  const out: FieldChange[] = [];
  const settles = new Set(args.resolves ?? []);
  // An empty field and a missing one are the same to the person editing it.
  const same = (a: string | null | undefined, b: string | null | undefined) => (a || null) === (b || null);
  for (const [field, value] of editedLeaves(fields)) {
    const previous = leafOf(before, field);
    const conflict = open.find((c) => c.field === field);
    const seen = args.base && Object.hasOwn(args.base, field) ? args.base[field] : previous;
    const concurrent = !same(seen, previous) && !same(value, previous);
    let conflictWith: string | null = null;
    let conflictAuthor: string | null = null;
    if (settles.has(field)) {
      if (!conflict && same(previous, value)) continue;
    } else if (concurrent) {
      conflictWith = previous;
      conflictAuthor = lastAuthor.get(field) ?? null;
    } else if (conflict && conflict.kind === 'text') {
      if (same(previous, value)) continue;
      conflictWith = conflict.other;
      conflictAuthor = conflict.otherAuthor;
    } else if (same(previous, value)) continue;
    out.push({ field, previous, value, concurrent, conflictWith, conflictAuthor });
  }
  return out;
}

/** A case's open conflicts, from its field history (oldest first): each field whose last change left one. */
export function conflictsOf(
  rows: readonly { field: string; value: string | null; author: string; at: number; conflict_with: string | null; conflict_author: string | null }[],
): FieldConflict[] {
  const last = new Map<string, (typeof rows)[number]>();
  for (const row of rows) last.set(row.field, row);
  const out: FieldConflict[] = [];
  for (const [field, row] of last) {
    if (row.conflict_with === null && row.conflict_author === null) continue;
    out.push({
      field,
      kind: FREE_TEXT_FIELDS.has(field) ? 'text' : 'overwritten',
      value: row.value,
      author: row.author,
      other: row.conflict_with,
      otherAuthor: row.conflict_author,
      at: Number(row.at),
    });
  }
  return out.sort((x, y) => (x.field < y.field ? -1 : x.field > y.field ? 1 : 0));
}

/** Who last changed each field of a case (for naming the other side of a conflict). */
export async function lastAuthors(db: Db, caseId: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('field_changes').select(['field', 'author']).where('case_id', '=', caseId).orderBy('version').orderBy('field').execute();
  return new Map(rows.map((r) => [r.field, r.author]));
}

/** A case's whole field history, oldest first. */
export async function fieldHistory(db: Db, caseId: string): Promise<ServerDatabase['field_changes'][]> {
  return db.selectFrom('field_changes').selectAll().where('case_id', '=', caseId).orderBy('version').orderBy('field').execute();
}
