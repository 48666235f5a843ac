// Cases and events as rows, and back. Each declared field (shared/cases/case-fields.ts) has its own
// column; whatever a record carries that this version does not know is kept in `extra`/`data` and
// written back on export, so an export of an import gives the same cases, fields and events, byte
// for byte: members come back in the order of the declaration. The fields' values travel as an
// array in declaration order (FIELD_COLUMNS): a scan maps 100,000s of rows, and indexed reads and
// writes keep that as fast as a hand-written mapping.
import { CASE_FIELDS, FIELD_MEMBERS, FIELD_PLACES, type CaseFieldColumn } from '../../../shared/cases/case-fields';
import type { CaseEventRecord, CaseRecord } from '../../../shared/cases/case-format';

/** The columns of `cases` that hold the declared fields, in declaration order. */
export const FIELD_COLUMNS: readonly CaseFieldColumn[] = CASE_FIELDS.map((f) => f.column);

/** `column = @column, …` for the declared fields: an UPDATE of them all, bound with fieldParams. */
export const SET_FIELD_COLUMNS = FIELD_COLUMNS.map((c) => `${c} = @${c}`).join(', ');

/** The columns of `cases` that describe the case (the rest are bookkeeping). */
export interface CaseColumns {
  id: string;
  severity: number;
  type: string;
  channel: string | null;
  logged_at_text: string;
  /** The declared fields' columns, in FIELD_COLUMNS order. */
  fields: (string | null)[];
  extra: string;
}

/** The columns of `cases` a CaseColumns holds, in the order a row read with caseColumnsOf lists them. */
export const CASE_COLUMNS: readonly string[] = ['id', 'severity', 'type', 'channel', 'logged_at_text', ...FIELD_COLUMNS, 'extra'];

/** CaseColumns from a raw row whose CASE_COLUMNS start at `offset`. */
export function caseColumnsOf(v: readonly unknown[], offset: number): CaseColumns {
  return {
    id: v[offset] as string,
    severity: v[offset + 1] as number,
    type: v[offset + 2] as string,
    channel: v[offset + 3] as string | null,
    logged_at_text: v[offset + 4] as string,
    fields: v.slice(offset + 5, offset + 5 + FIELD_COLUMNS.length) as (string | null)[],
    extra: v[offset + 5 + FIELD_COLUMNS.length] as string,
  };
}

/** The fields' columns as named parameters (`@company`…), for SET_FIELD_COLUMNS. */
export function fieldParams(c: CaseColumns): Record<CaseFieldColumn, string | null> {
  const params = {} as Record<CaseFieldColumn, string | null>;
  for (let i = 0; i < FIELD_COLUMNS.length; i++) params[FIELD_COLUMNS[i]!] = c.fields[i]!;
  return params;
}

const CASE_KEYS = new Set(['id', 'severity', 'type', 'channel', 'loggedAt', 'events', ...FIELD_MEMBERS.map((m) => m.name)]);
const EVENT_COLUMNS = new Set(['at', 'type', 'author', 'reason']);

// Where each field sits, in declaration order: its member of the record and its key in it (null: the member itself).
const PLACES: readonly { member: string; leaf: string | null }[] = FIELD_PLACES.map((p) => ({ member: p.member, leaf: p.leaf }));

/** Each member of a record that holds fields: a value (`index` in `fields`), or an object of them (`leaves`). One shape for both, so reading them stays monomorphic. */
interface Member {
  name: string;
  index: number;
  known: Set<string> | null;
  leaves: { key: string; index: number }[] | null;
}

const indexOf = (path: string) => CASE_FIELDS.findIndex((f) => f.path === path);
const MEMBERS: readonly Member[] = FIELD_MEMBERS.map((m) =>
  m.leaves
    ? { name: m.name, index: -1, known: new Set(m.leaves.map((p) => p.leaf!)), leaves: m.leaves.map((p) => ({ key: p.leaf!, index: indexOf(p.spec.path) })) }
    : { name: m.name, index: indexOf(m.name), known: null, leaves: null },
);
const OBJECT_MEMBERS = MEMBERS.filter((m) => m.leaves !== null);

interface Extra {
  /** The record had no `events` member (and has no events yet). */
  noEvents?: true;
  fields?: Record<string, unknown>;
  /** The unknown keys of an object member (`contact`, `problem`), by its name; there when the record had the object. */
  [member: string]: Record<string, unknown> | true | undefined;
}

function unknownKeys(object: Record<string, unknown>, known: Set<string>): Record<string, unknown> | undefined {
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(object)) {
    if (!known.has(key)) (out ??= {})[key] = object[key];
  }
  return out;
}

const orNull = (value: unknown): string | null => (value ?? null) as string | null;

export function caseColumns(record: CaseRecord): CaseColumns {
  const source = record as Record<string, unknown>;
  const extra: Extra = {};
  const unknown = unknownKeys(source, CASE_KEYS);
  if (unknown) extra.fields = unknown;
  const fields: (string | null)[] = new Array(PLACES.length);
  for (let i = 0; i < PLACES.length; i++) {
    const { member, leaf } = PLACES[i]!;
    const value = leaf === null ? source[member] : (source[member] as Record<string, unknown> | undefined)?.[leaf];
    fields[i] = value === undefined ? null : (value as string);
  }
  for (const m of OBJECT_MEMBERS) {
    const object = source[m.name] as Record<string, unknown> | undefined;
    // An object present in the record is kept present, with its unknown keys (possibly none).
    if (object) extra[m.name] = unknownKeys(object, m.known!) ?? {};
  }
  if (record.events === undefined) extra.noEvents = true;
  return { id: record.id, severity: record.severity, type: record.type, channel: orNull(record.channel), logged_at_text: record.loggedAt, fields, extra: JSON.stringify(extra) };
}

/** A case as `casedesk.cases/1` writes it, from its row and its events (in order). */
export function caseRecord(row: CaseColumns, events: CaseEventRecord[]): CaseRecord {
  const extra = (row.extra === '{}' ? {} : JSON.parse(row.extra)) as Extra;
  const fields = row.fields;
  const record: Record<string, unknown> = { id: row.id, severity: row.severity, type: row.type };
  if (row.channel !== null) record.channel = row.channel;
  record.loggedAt = row.logged_at_text;
  for (const m of MEMBERS) {
    if (m.leaves === null) {
      if (fields[m.index] !== null) record[m.name] = fields[m.index];
      continue;
    }
    const kept = extra[m.name] as Record<string, unknown> | undefined;
    let object: Record<string, unknown> | undefined;
    for (const leaf of m.leaves) if (fields[leaf.index] !== null) (object ??= {})[leaf.key] = fields[leaf.index];
    if (kept) record[m.name] = { ...object, ...kept };
    else if (object) record[m.name] = object;
  }
  if (extra.fields) Object.assign(record, extra.fields);
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

function put(target: Record<string, unknown>, key: string, value: string | null): void {
  if (value !== null) target[key] = value;
}

export function eventRecord(row: EventColumns): CaseEventRecord {
  const event: Record<string, unknown> = { at: row.at_text, type: row.type };
  put(event, 'author', row.author);
  put(event, 'reason', row.reason);
  return (row.data === '{}' ? event : Object.assign(event, JSON.parse(row.data))) as CaseEventRecord;
}
