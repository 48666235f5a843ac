// Cases and events as rows, and back. Known fields get their own columns; whatever a record
// carries that this version does not know is kept in `extra`/`data` and written back on export,
// so an export of an import gives the same cases, fields and events.
import type { CaseEventRecord, CaseRecord } from '../../../shared/cases/case-format';

const CASE_KEYS = new Set([
  'id', 'severity', 'type', 'channel', 'loggedAt', 'company', 'contractId', 'summary', 'engineer', 'contact', 'product',
  'softwareVersion', 'hardware', 'os', 'problem', 'workarounds', 'recommendation', 'events',
]);
const CONTACT_KEYS = new Set(['name', 'email', 'phone']);
const PROBLEM_KEYS = new Set(['symptoms', 'nature', 'reproduction']);
const EVENT_COLUMNS = new Set(['at', 'type', 'author', 'reason']);

/** The columns of `cases` that describe the case (the rest are bookkeeping). */
export interface CaseColumns {
  id: string;
  severity: number;
  type: string;
  channel: string | null;
  logged_at_text: string;
  company: string | null;
  contract_id: string | null;
  summary: string | null;
  engineer: string | null;
  contact_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  product: string | null;
  software_version: string | null;
  hardware: string | null;
  os: string | null;
  symptoms: string | null;
  nature: string | null;
  reproduction: string | null;
  workarounds: string | null;
  recommendation: string | null;
  extra: string;
}

interface Extra {
  /** The record had no `events` member (and has no events yet). */
  noEvents?: true;
  fields?: Record<string, unknown>;
  contact?: Record<string, unknown>;
  problem?: Record<string, unknown>;
}

function unknownKeys(object: Record<string, unknown>, known: Set<string>): Record<string, unknown> | undefined {
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(object)) {
    if (!known.has(key)) (out ??= {})[key] = object[key];
  }
  return out;
}

const orNull = (value: string | undefined): string | null => value ?? null;

export function caseColumns(record: CaseRecord): CaseColumns {
  const extra: Extra = {};
  const fields = unknownKeys(record, CASE_KEYS);
  if (fields) extra.fields = fields;
  // An object present in the record is kept present, with its unknown keys (possibly none).
  if (record.contact) extra.contact = unknownKeys(record.contact, CONTACT_KEYS) ?? {};
  if (record.problem) extra.problem = unknownKeys(record.problem, PROBLEM_KEYS) ?? {};
  if (record.events === undefined) extra.noEvents = true;
  return {
    id: record.id,
    severity: record.severity,
    type: record.type,
    channel: orNull(record.channel),
    logged_at_text: record.loggedAt,
    company: orNull(record.company),
    contract_id: orNull(record.contractId),
    summary: orNull(record.summary),
    engineer: orNull(record.engineer),
    contact_name: orNull(record.contact?.name),
    contact_email: orNull(record.contact?.email),
    contact_phone: orNull(record.contact?.phone),
    product: orNull(record.product),
    software_version: orNull(record.softwareVersion),
    hardware: orNull(record.hardware),
    os: orNull(record.os),
    symptoms: orNull(record.problem?.symptoms),
    nature: orNull(record.problem?.nature),
    reproduction: orNull(record.problem?.reproduction),
    workarounds: orNull(record.workarounds),
    recommendation: orNull(record.recommendation),
    extra: JSON.stringify(extra),
  };
}

function put(target: Record<string, unknown>, key: string, value: string | null): void {
  if (value !== null) target[key] = value;
}

/** A case as `casedesk.cases/1` writes it, from its row and its events (in order). */
export function caseRecord(row: CaseColumns, events: CaseEventRecord[]): CaseRecord {
  const extra = (row.extra === '{}' ? {} : JSON.parse(row.extra)) as Extra;
  const record: Record<string, unknown> = { id: row.id, severity: row.severity, type: row.type };
  put(record, 'channel', row.channel);
  record.loggedAt = row.logged_at_text;
  put(record, 'company', row.company);
  put(record, 'contractId', row.contract_id);
  put(record, 'summary', row.summary);
  put(record, 'engineer', row.engineer);
  if (extra.contact || row.contact_name !== null || row.contact_email !== null || row.contact_phone !== null) {
    const contact: Record<string, unknown> = {};
    put(contact, 'name', row.contact_name);
    put(contact, 'email', row.contact_email);
    put(contact, 'phone', row.contact_phone);
    record.contact = { ...contact, ...extra.contact };
  }
  put(record, 'product', row.product);
  put(record, 'softwareVersion', row.software_version);
  put(record, 'hardware', row.hardware);
  put(record, 'os', row.os);
  if (extra.problem || row.symptoms !== null || row.nature !== null || row.reproduction !== null) {
    const problem: Record<string, unknown> = {};
    put(problem, 'symptoms', row.symptoms);
    put(problem, 'nature', row.nature);
    put(problem, 'reproduction', row.reproduction);
    record.problem = { ...problem, ...extra.problem };
  }
  put(record, 'workarounds', row.workarounds);
  put(record, 'recommendation', row.recommendation);
  Object.assign(record, extra.fields);
  if (events.length > 0 || !extra.noEvents) record.events = events;
  return record as CaseRecord;
}

export interface EventColumns {
  at_text: string;
  type: string;
  author: string | null;
  reason: string | null;
  data: string;
}

export function eventColumns(event: CaseEventRecord): EventColumns {
  return {
    at_text: event.at,
    type: event.type,
    author: orNull(event.author),
    reason: orNull(event.reason),
    data: JSON.stringify(unknownKeys(event, EVENT_COLUMNS) ?? {}),
  };
}

export function eventRecord(row: EventColumns): CaseEventRecord {
  const event: Record<string, unknown> = { at: row.at_text, type: row.type };
  put(event, 'author', row.author);
  put(event, 'reason', row.reason);
  return (row.data === '{}' ? event : Object.assign(event, JSON.parse(row.data))) as CaseEventRecord;
}
