// The case's descriptive fields, declared once: where each sits in a `casedesk.cases/1` record,
// its column in the desktop store, its type and limit, its label, whether the support policy
// requires it ("The recorded information will include, at a minimum: …") and who knows it — the
// customer or the engineer. The record's schemas, the mutations' arguments, the completeness
// check, the free-text conflict list, the store's columns and row mapping, the workspace, the
// phone intake and the online form are all derived from CASE_FIELDS. Adding a field is a store
// migration (its column) and one line here.
import { z } from 'zod';

export const PROBLEM_NATURES = ['functional', 'performance'] as const;

/**
 * - `short`: a value (a name, a number, a version); when two desktops change it at once, the later
 *   value stands and the one it replaced is shown.
 * - `line`: a sentence on one line; free text: two versions edited at once are both kept until an
 *   engineer keeps one.
 * - `text`: free text over several lines, kept in two versions the same way.
 * - `choice`: one of `options`.
 */
export type CaseFieldKind = 'short' | 'line' | 'text' | 'choice';

/** Where the app shows a field, in this order. */
export const FIELD_SECTIONS = ['customer', 'contact', 'product', 'problem', 'handling'] as const;
export type FieldSection = (typeof FIELD_SECTIONS)[number];

export interface CaseFieldSpec {
  /** The field's own name, flat: the online form's field name and the key of every derived list. */
  readonly name: string;
  /** Where it sits in a record: `company`, or one level down, `contact.email`. */
  readonly path: string;
  /** Its column in the desktop store's `cases` table. */
  readonly column: string;
  readonly kind: CaseFieldKind;
  readonly options?: readonly string[];
  /** The most characters an engineer or the customer may enter (an import keeps what was recorded). */
  readonly max: number;
  /** The field as the engineer reads it in the app. */
  readonly label: string;
  readonly section: FieldSection;
  /** Who knows the value: what is asked of the customer, and what the engineer decides. */
  readonly filledBy: 'customer' | 'engineer';
  /**
   * Required by the policy, named as the policy names it (what the missing-information request
   * lists). Fields that give the same `as` are alternatives: either one satisfies it.
   */
  readonly required?: { readonly label: string; readonly as?: string };
}

const FREE = 10_000;

// In the order a record is written (export files keep it), each section's fields in the order an
// engineer asks for them.
export const CASE_FIELDS = [
  { name: 'company', path: 'company', column: 'company', kind: 'short', max: 200, label: 'Company', section: 'customer', filledBy: 'customer', required: { label: 'customer company name' } },
  { name: 'contractId', path: 'contractId', column: 'contract_id', kind: 'short', max: 100, label: 'Contract ID', section: 'customer', filledBy: 'customer', required: { label: 'service contract ID' } },
  { name: 'summary', path: 'summary', column: 'summary', kind: 'line', max: 300, label: 'Summary', section: 'problem', filledBy: 'customer' },
  { name: 'engineer', path: 'engineer', column: 'engineer', kind: 'short', max: 200, label: 'Engineer', section: 'handling', filledBy: 'engineer', required: { label: 'Xecuritas engineer handling the issue' } },
  { name: 'contactName', path: 'contact.name', column: 'contact_name', kind: 'short', max: 200, label: 'Contact name', section: 'contact', filledBy: 'customer', required: { label: 'name of the customer contact' } },
  { name: 'contactEmail', path: 'contact.email', column: 'contact_email', kind: 'short', max: 320, label: 'Contact email', section: 'contact', filledBy: 'customer', required: { label: 'contact information (email or phone)', as: 'contact.details' } },
  { name: 'contactPhone', path: 'contact.phone', column: 'contact_phone', kind: 'short', max: 50, label: 'Contact phone', section: 'contact', filledBy: 'customer', required: { label: 'contact information (email or phone)', as: 'contact.details' } },
  { name: 'product', path: 'product', column: 'product', kind: 'short', max: 200, label: 'Product', section: 'product', filledBy: 'customer', required: { label: 'product' } },
  { name: 'softwareVersion', path: 'softwareVersion', column: 'software_version', kind: 'short', max: 100, label: 'Software version', section: 'product', filledBy: 'customer', required: { label: 'software version' } },
  { name: 'hardware', path: 'hardware', column: 'hardware', kind: 'short', max: 200, label: 'Hardware', section: 'product', filledBy: 'customer', required: { label: 'hardware' } },
  { name: 'os', path: 'os', column: 'os', kind: 'short', max: 200, label: 'Operating system', section: 'product', filledBy: 'customer', required: { label: 'operating system' } },
  { name: 'symptoms', path: 'problem.symptoms', column: 'symptoms', kind: 'text', max: FREE, label: 'Symptoms', section: 'problem', filledBy: 'customer', required: { label: 'symptoms' } },
  { name: 'nature', path: 'problem.nature', column: 'nature', kind: 'choice', options: PROBLEM_NATURES, max: 20, label: 'Nature', section: 'problem', filledBy: 'customer', required: { label: 'nature of the problem (functional or performance)' } },
  { name: 'reproduction', path: 'problem.reproduction', column: 'reproduction', kind: 'text', max: FREE, label: 'How to re-create it', section: 'problem', filledBy: 'customer', required: { label: 'circumstances to re-create it' } },
  { name: 'workarounds', path: 'workarounds', column: 'workarounds', kind: 'text', max: FREE, label: 'Work-arounds', section: 'problem', filledBy: 'customer' },
  { name: 'recommendation', path: 'recommendation', column: 'recommendation', kind: 'text', max: FREE, label: 'Initial recommendation', section: 'problem', filledBy: 'engineer', required: { label: 'initial recommendation by the engineer' } },
] as const satisfies readonly CaseFieldSpec[];

// ---- Types of the declared fields --------------------------------------------------------------------

type Declared = (typeof CASE_FIELDS)[number];
export type CaseFieldName = Declared['name'];
export type CaseFieldPath = Declared['path'];
export type CaseFieldColumn = Declared['column'];
export type CustomerFieldName = Extract<Declared, { filledBy: 'customer' }>['name'];

type ValueOf<F> = F extends { readonly options: readonly (infer O)[] } ? O : string;
type HeadOf<P> = P extends `${infer H}.${string}` ? H : P;
/** A record's top-level members that hold declared fields: `company`, `contact`, `problem`… */
export type FieldMember = HeadOf<CaseFieldPath>;
type Leaves<H extends string> = { [F in Declared as F['path'] extends `${H}.${infer L}` ? L : never]?: ValueOf<F> };
type MemberValue<H extends FieldMember, Loose extends boolean> = H extends CaseFieldPath
  ? ValueOf<Extract<Declared, { path: H }>>
  : Loose extends true
    ? Leaves<H> & { [key: string]: unknown }
    : Leaves<H>;
type Member<H extends FieldMember, Loose extends boolean> = z.ZodOptional<z.ZodType<MemberValue<H, Loose>, MemberValue<H, Loose>>>;
/** The zod shape of the declared fields: loose (a record as recorded) or strict (an edit). */
export type FieldShape<Loose extends boolean> = { [H in FieldMember]: Member<H, Loose> };
/** The declared fields' values, as a record or an edit holds them. */
export type FieldValues = { [H in FieldMember]?: MemberValue<H, false> };

// ---- Derived lists --------------------------------------------------------------------------------------

export const FIELD_BY_NAME = Object.fromEntries(CASE_FIELDS.map((f) => [f.name, f])) as { [N in CaseFieldName]: Extract<Declared, { name: N }> };
export const FIELD_BY_PATH: ReadonlyMap<string, CaseFieldSpec> = new Map(CASE_FIELDS.map((f) => [f.path, f]));

/** A field's path split: its member of the record, and its key inside that member (or null). */
export interface FieldPlace {
  readonly spec: CaseFieldSpec;
  readonly member: string;
  readonly leaf: string | null;
}
export const FIELD_PLACES: readonly FieldPlace[] = CASE_FIELDS.map((spec) => {
  const [member, leaf] = spec.path.split('.', 2) as [string, string | undefined];
  return { spec, member, leaf: leaf ?? null };
});

/** The record's members that hold fields, in record order, each with the keys it holds (objects) or null (a value). */
export const FIELD_MEMBERS: readonly { readonly name: FieldMember; readonly leaves: readonly FieldPlace[] | null }[] = (() => {
  const out: { name: FieldMember; leaves: FieldPlace[] | null }[] = [];
  for (const place of FIELD_PLACES) {
    const seen = out.find((m) => m.name === place.member);
    if (place.leaf === null) out.push({ name: place.member as FieldMember, leaves: null });
    else if (seen) seen.leaves!.push(place);
    else out.push({ name: place.member as FieldMember, leaves: [place] });
  }
  return out;
})();

/** Members that are objects of fields (`contact`, `problem`): an edit merges them key by key. */
export const NESTED_MEMBERS: ReadonlySet<string> = new Set(FIELD_MEMBERS.filter((m) => m.leaves).map((m) => m.name));

/** Fields (by path) whose two versions an engineer merges by hand. */
export const FREE_TEXT_PATHS: ReadonlySet<string> = new Set(CASE_FIELDS.filter((f) => f.kind === 'line' || f.kind === 'text').map((f) => f.path));

/** The fields in the order the app shows them: section by section. */
export const FIELDS_AS_SHOWN: readonly CaseFieldSpec[] = FIELD_SECTIONS.flatMap((s) => CASE_FIELDS.filter((f) => f.section === s));

/** What the policy requires, once each, in record order, with the fields that satisfy it. */
export const REQUIREMENTS: readonly { readonly field: string; readonly label: string; readonly paths: readonly string[]; readonly filledBy: CaseFieldSpec['filledBy'] }[] = (() => {
  const out: { field: string; label: string; paths: string[]; filledBy: CaseFieldSpec['filledBy'] }[] = [];
  for (const f of CASE_FIELDS as readonly CaseFieldSpec[]) {
    if (!f.required) continue;
    const key = f.required.as ?? f.path;
    const seen = out.find((r) => r.field === key);
    if (seen) seen.paths.push(f.path);
    else out.push({ field: key, label: f.required.label, paths: [f.path], filledBy: f.filledBy });
  }
  return out;
})();

// ---- Schemas ----------------------------------------------------------------------------------------------

/** The message of a choice that is not one of its options: `nature must be "functional" or "performance"`. */
function choiceMessage(leaf: string, options: readonly string[]): string {
  const quoted = options.map((o) => JSON.stringify(o));
  return `${leaf} must be ${quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}` : quoted[0]}`;
}

/**
 * The zod shape of the declared fields, in record order. `text` gives a text field's schema (the
 * case format's own, or one with the field's limit); a choice is one of its options; loose members
 * keep keys this version does not know, strict ones refuse them.
 */
export function fieldShape<Loose extends boolean>(loose: Loose, text: (spec: CaseFieldSpec) => z.ZodType<string>): FieldShape<Loose> {
  const leaf = (place: FieldPlace): z.ZodType => {
    const { spec } = place;
    if (spec.kind === 'choice') return z.enum(spec.options as [string, ...string[]], choiceMessage(place.leaf ?? place.member, spec.options!));
    return text(spec);
  };
  const shape: Record<string, z.ZodType> = {};
  for (const member of FIELD_MEMBERS) {
    if (!member.leaves) {
      shape[member.name] = leaf(FIELD_PLACES.find((p) => p.member === member.name)!).optional();
      continue;
    }
    const inner = Object.fromEntries(member.leaves.map((p) => [p.leaf!, leaf(p).optional()]));
    shape[member.name] = (loose ? z.looseObject(inner) : z.strictObject(inner)).optional();
  }
  return shape as unknown as FieldShape<Loose>;
}

// ---- Reading and writing fields by path --------------------------------------------------------------

/** A field's value in a record or an edit by its path (undefined when absent). */
export function valueAt(record: { readonly [key: string]: unknown }, path: string): unknown {
  const dot = path.indexOf('.');
  if (dot < 0) return record[path];
  const member = record[path.slice(0, dot)];
  return member && typeof member === 'object' ? (member as Record<string, unknown>)[path.slice(dot + 1)] : undefined;
}

/** An edit that sets one field (by path) to `value`: `{ contact: { email: value } }`. */
export function editOf(path: string, value: string): FieldValues {
  const dot = path.indexOf('.');
  return (dot < 0 ? { [path]: value } : { [path.slice(0, dot)]: { [path.slice(dot + 1)]: value } }) as FieldValues;
}

/** An edit of several fields at once, by name; fields given no value (undefined) are left out. */
export function editOfNamed(values: Partial<Record<CaseFieldName, string | undefined>>): FieldValues {
  const out: Record<string, unknown> = {};
  for (const place of FIELD_PLACES) {
    const value = values[place.spec.name as CaseFieldName];
    if (value === undefined) continue;
    if (place.leaf === null) out[place.member] = value;
    else ((out[place.member] ??= {}) as Record<string, unknown>)[place.leaf] = value;
  }
  return out as FieldValues;
}
