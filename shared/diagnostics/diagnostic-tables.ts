// The structured parts of a case's diagnosis, where a free-text note would lose information: the
// customer's servers, the mail flow hop by hop, the other components of the environment (web
// servers, databases), and the recent changes to it. Each is a table of rows; a row is edited and
// removed as a whole by a named mutation (case-mutations.ts), so two engineers adding different
// rows both keep theirs, and a row edited on two desktops at once shows as a conflict.
import { z } from 'zod';
import { daysOfIsoDate } from '../time/civil-date';
import { parseInstant } from '../time/instant';

export const DIAGNOSTIC_TABLES = ['servers', 'hops', 'components', 'changes'] as const;
export type DiagnosticTable = (typeof DIAGNOSTIC_TABLES)[number];

const name = (required: string, max = 200) => z.string({ error: required }).trim().min(1, required).max(max);
const optional = (max = 200) => z.string().trim().max(max).optional();

/** A host name as a person types it: letters, digits, dots, dashes (an address is fine too). */
const host = name('a server needs a host name', 253).regex(/^[\p{L}\p{N}._:\-[\]]+$/u, 'a host name has no spaces or punctuation other than . - :');

export const HOP_ROLES = ['mx', 'gateway', 'filter', 'relay', 'mail-store', 'other'] as const;
export const COMPONENT_KINDS = ['web-server', 'database', 'directory', 'other'] as const;

/** A change's date: a day (`2026-12-01`) or an instant with its offset (`2026-12-01T14:00:00-05:00`). */
const changeDate = z
  .string()
  .trim()
  .superRefine((text, ctx) => {
    if (/^\d{4}-\d{2}-\d{2}$/.test(text) ? daysOfIsoDate(text) === null : !parseInstant(text).ok) {
      ctx.addIssue({ code: 'custom', message: 'a day (2026-12-01) or a date and time with its offset' });
    }
  });

export const ROW_SCHEMAS = {
  servers: z.strictObject({
    host,
    role: optional(),
    product: optional(),
    version: optional(100),
    patch: optional(100),
    os: optional(),
    hardware: optional(),
  }),
  hops: z.strictObject({
    /** Where the hop is in the flow, from the internet inwards (rows are shown in this order). */
    position: z.int().min(1).max(100),
    name: name('name the hop'),
    role: z.enum(HOP_ROLES),
    address: optional(253),
    software: optional(),
    version: optional(100),
  }),
  components: z.strictObject({
    kind: z.enum(COMPONENT_KINDS),
    name: name('name the component'),
    software: optional(),
    version: optional(100),
    configuration: optional(4000),
  }),
  changes: z.strictObject({
    when: changeDate,
    what: name('say what was changed', 2000),
    by: optional(),
  }),
} as const satisfies Record<DiagnosticTable, z.ZodType>;

export type RowValues<T extends DiagnosticTable = DiagnosticTable> = z.output<(typeof ROW_SCHEMAS)[T]>;

/** A row's id, chosen by the desktop that adds it (a UUID). */
export const rowId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a row id is letters, digits, "_" and "-"');

/** The columns as the engineer reads them (also the labels of the mutation's `values.*`). */
export const COLUMN_LABELS: Readonly<Record<string, string>> = {
  host: 'Host name', role: 'Role', product: 'Product', version: 'Version', patch: 'Patch level', os: 'Operating system',
  hardware: 'Hardware', position: 'Position', name: 'Name', address: 'Address', software: 'Software', kind: 'Kind',
  configuration: 'Configuration', when: 'When', what: 'What changed', by: 'Changed by',
};

export const TABLE_LABELS: Readonly<Record<DiagnosticTable, string>> = {
  servers: 'Servers', hops: 'Mail flow', components: 'Web servers and databases', changes: 'Recent changes',
};
