// The completeness check: which of the fields the support policy requires a case still lacks
// ("The recorded information will include, at a minimum: …"), as declared in case-fields.ts.
import { FIELD_PLACES, REQUIREMENTS, type FieldValues } from './case-fields';

export interface RequiredField {
  field: string; // dotted path in casedesk.cases/1 (`contact.details`: email or phone)
  label: string; // as the policy names it
  /** Who knows it: what is asked of the customer, and what the engineer fills in. */
  filledBy: 'customer' | 'engineer';
}

export const REQUIRED_FIELDS: readonly RequiredField[] = REQUIREMENTS.map(({ field, label, filledBy }) => ({ field, label, filledBy }));

// Each requirement's fields, by their member of the record and their key in it (null: the member
// itself): read for every case of a scan.
const CHECKS: readonly { member: string; leaf: string | null }[][] = REQUIREMENTS.map((r) =>
  r.paths.map((path) => {
    const place = FIELD_PLACES.find((p) => p.spec.path === path)!;
    return { member: place.member, leaf: place.leaf };
  }),
);

/** The required fields a case does not have yet (first report time, severity and status always exist). */
export function missingFields(record: FieldValues): RequiredField[] {
  const missing: RequiredField[] = [];
  const r = record as Record<string, unknown>;
  for (let i = 0; i < CHECKS.length; i++) {
    const places = CHECKS[i]!;
    let filled = false;
    for (let k = 0; k < places.length && !filled; k++) {
      const { member, leaf } = places[k]!;
      const value = leaf === null ? r[member] : (r[member] as Record<string, unknown> | undefined)?.[leaf];
      filled = typeof value === 'string' && value.trim().length > 0;
    }
    if (!filled) missing.push(REQUIRED_FIELDS[i]!);
  }
  return missing;
}
