// The completeness check: which of the fields the support policy requires a case still lacks
// ("The recorded information will include, at a minimum: …").
import type { CaseRecord } from './case-format';

export interface RequiredField {
  field: string; // dotted path in casedesk.cases/1
  label: string; // as the policy names it
}

export const REQUIRED_FIELDS: readonly RequiredField[] = [
  { field: 'company', label: 'customer company name' },
  { field: 'contractId', label: 'service contract ID' },
  { field: 'engineer', label: 'Xecuritas engineer handling the issue' },
  { field: 'contact.name', label: 'name of the customer contact' },
  { field: 'contact.details', label: 'contact information (email or phone)' },
  { field: 'product', label: 'product' },
  { field: 'softwareVersion', label: 'software version' },
  { field: 'hardware', label: 'hardware' },
  { field: 'os', label: 'operating system' },
  { field: 'problem.symptoms', label: 'symptoms' },
  { field: 'problem.nature', label: 'nature of the problem (functional or performance)' },
  { field: 'problem.reproduction', label: 'circumstances to re-create it' },
  { field: 'recommendation', label: 'initial recommendation by the engineer' },
];

const filled = (value: unknown): boolean => typeof value === 'string' && value.trim().length > 0;

type Checked = Pick<CaseRecord, 'company' | 'contractId' | 'engineer' | 'contact' | 'product' | 'softwareVersion' | 'hardware' | 'os' | 'problem' | 'recommendation'>;

// Whether each required field is present, in REQUIRED_FIELDS order.
const CHECKS: readonly ((r: Checked) => boolean)[] = [
  (r) => filled(r.company),
  (r) => filled(r.contractId),
  (r) => filled(r.engineer),
  (r) => filled(r.contact?.name),
  (r) => filled(r.contact?.email) || filled(r.contact?.phone),
  (r) => filled(r.product),
  (r) => filled(r.softwareVersion),
  (r) => filled(r.hardware),
  (r) => filled(r.os),
  (r) => filled(r.problem?.symptoms),
  (r) => filled(r.problem?.nature),
  (r) => filled(r.problem?.reproduction),
  (r) => filled(r.recommendation),
];

/** The required fields a case does not have yet (first report time, severity and status always exist). */
export function missingFields(record: Checked): RequiredField[] {
  const missing: RequiredField[] = [];
  for (let i = 0; i < CHECKS.length; i++) if (!CHECKS[i]!(record)) missing.push(REQUIRED_FIELDS[i]!);
  return missing;
}
