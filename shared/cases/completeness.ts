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

/** The required fields a case does not have yet (first report time, severity and status always exist). */
export function missingFields(record: Pick<CaseRecord, 'company' | 'contractId' | 'engineer' | 'contact' | 'product' | 'softwareVersion' | 'hardware' | 'os' | 'problem' | 'recommendation'>): RequiredField[] {
  const present: Record<string, boolean> = {
    company: filled(record.company),
    contractId: filled(record.contractId),
    engineer: filled(record.engineer),
    'contact.name': filled(record.contact?.name),
    'contact.details': filled(record.contact?.email) || filled(record.contact?.phone),
    product: filled(record.product),
    softwareVersion: filled(record.softwareVersion),
    hardware: filled(record.hardware),
    os: filled(record.os),
    'problem.symptoms': filled(record.problem?.symptoms),
    'problem.nature': filled(record.problem?.nature),
    'problem.reproduction': filled(record.problem?.reproduction),
    recommendation: filled(record.recommendation),
  };
  return REQUIRED_FIELDS.filter((f) => !present[f.field]);
}
