// The case timeline interchange format `casedesk.cases/1` (sla-semantics.md): its zod schema, the
// errors that name the case and field at fault, and the conversion to the engine's timeline.
// Unknown case fields and event types pass through untouched.
import { z } from 'zod';
import { formatPath } from '../validation/format-issues';
import { CASE_FIELDS, fieldShape, valueAt } from './case-fields';
import { timelineOf, type CaseTimeline, type FieldProblem } from './case-timeline';
import { codePointName, firstControl } from '../validation/control-characters';

export const CASES_FORMAT = 'casedesk.cases/1';
export const CASE_TYPES = ['problem', 'feature-request'] as const;
export const REPORT_CHANNELS = ['online', 'phone', 'email'] as const;
export { PROBLEM_NATURES } from './case-fields';
export const KNOWN_EVENT_TYPES = [
  'contact',
  'status',
  'customer-reply',
  'auto-close-hold',
  'severity',
  'workaround',
  'third-party',
] as const;

// Instants are checked when the timeline is built (case-timeline.ts), so each is parsed once.
const instant = z.string('expected an ISO 8601 timestamp string');

const text = z.string();

// The fields each known event type needs are checked where the event is read (case-timeline.ts):
// one pass over 100,000s of events instead of two.
const eventSchema = z.looseObject({
  at: instant,
  type: z.string().min(1, 'an event needs a type'),
  author: text.optional(),
  reason: text.optional(),
});

export const caseSchema = z.looseObject({
  id: z.string().trim().min(1, 'a case needs an id').max(200, 'an id is at most 200 characters'),
  severity: z.int('severity must be a whole number (1, 2 or 3)').min(1, 'severity must be 1, 2 or 3'),
  type: z.enum(CASE_TYPES, `type must be "problem" or "feature-request"`),
  channel: z.enum(REPORT_CHANNELS, 'channel must be "online", "phone" or "email"').optional(),
  loggedAt: instant,
  // The descriptive fields (case-fields.ts), each as recorded: no limits, unknown keys kept.
  ...fieldShape(true, () => text),
  /** May be left out when a case has no events yet; an export then leaves it out too. */
  events: z.array(eventSchema).optional(),
});

export const casesFileSchema = z.looseObject({
  format: z.literal(CASES_FORMAT, `format must be "${CASES_FORMAT}"`),
  cases: z.array(caseSchema),
});

// zod's ahead-of-time compiled clone: a generated fast path that validates a 100,000-case file in
// about half the time, falling back to the ordinary parser (and its messages) when input is bad.
// Compiled on first use, so commands that read no cases do not pay for it.
let compiledCasesFileSchema: typeof casesFileSchema | undefined;

export type CaseRecord = z.output<typeof caseSchema>;
export type CaseEventRecord = NonNullable<CaseRecord['events']>[number];
export type CasesFile = z.output<typeof casesFileSchema>;

export class CaseFileError extends Error {
  constructor(
    message: string,
    readonly problems: string[],
  ) {
    super(message);
    this.name = 'CaseFileError';
  }
}

/** Where a zod path points, in words: `case "C-1001" (cases[3]): events[2].at`. */
function describeLocation(data: unknown, path: readonly PropertyKey[]): string {
  if (path[0] === 'cases' && typeof path[1] === 'number') {
    const raw = (data as { cases?: unknown[] }).cases?.[path[1]] as { id?: unknown } | undefined;
    const id = raw && typeof raw.id === 'string' && raw.id.trim() ? `case "${raw.id}"` : 'case';
    const rest = formatPath(path.slice(2));
    return `${id} (cases[${path[1]}])${rest ? `: ${rest}` : ''}`;
  }
  return formatPath(path);
}

const MAX_REPORTED = 10;

export interface ParsedCases {
  file: CasesFile;
  /** The engine's timeline of each case, in file order. */
  timelines: CaseTimeline[];
}

/** Validate a parsed `casedesk.cases/1` document; throws CaseFileError naming each bad case and field. */
/**
 * `oneLine`: refuse control characters in one-line fields — for cases that go into a store (an
 * import), where they reach lists and terminals; evaluating a file (`sla check`) takes it as it is.
 */
export function parseCasesFile(data: unknown, source = 'the file', options: { reservedKeys?: boolean; oneLine?: boolean } = {}): ParsedCases {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new CaseFileError(`${source} is not a ${CASES_FORMAT} document (expected a JSON object with "format" and "cases")`, []);
  }
  compiledCasesFileSchema ??= z.compile(casesFileSchema);
  const result = compiledCasesFileSchema.safeParse(data);
  const problems = result.success ? [] : result.error.issues.map((i) => `${describeLocation(data, i.path)}: ${i.message}`);
  // Unknown fields are kept byte for byte — all but one whose name JavaScript reserves: refused
  // with a message rather than dropped without a word.
  const cases = (data as { cases?: unknown }).cases;
  if (Array.isArray(cases) && options.reservedKeys !== false) {
    cases.forEach((c, index) => {
      const at = reservedKeyPath(c);
      if (at) problems.push(`${describeLocation(data, ['cases', index, ...at])}: a field named "__proto__" cannot be kept; rename it (e.g. "proto") and import again`);
    });
  }
  const timelines: CaseTimeline[] = [];
  if (result.success) {
    const seen = new Map<string, number>();
    const bad: FieldProblem[] = [];
    result.data.cases.forEach((c, index) => {
      const first = seen.get(c.id);
      if (first !== undefined) problems.push(`case "${c.id}" (cases[${index}]): id: the same id as cases[${first}]`);
      else seen.set(c.id, index);
      timelines.push(timelineOf(c, bad));
      if (options.oneLine) controlsInOneLineFields(c, bad);
      for (const p of bad) problems.push(`${describeLocation(data, ['cases', index, ...p.path])}: ${p.message}`);
      bad.length = 0;
    });
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_REPORTED);
    const more = problems.length > shown.length ? `\n  … and ${problems.length - shown.length} more` : '';
    throw new CaseFileError(`${source} has invalid cases:\n  ${shown.join('\n  ')}${more}`, problems);
  }
  return { file: result.data as CasesFile, timelines };
}

/**
 * The fields of a case that hold one line (names, numbers, a summary): text from outside
 * (another tracker's export, a customer) may carry no control character there — a NUL, or an
 * escape sequence that would rewrite an engineer's terminal. Free text keeps line breaks and tabs.
 * They are the record's id and every declared field that is not free text over several lines.
 */
const ONE_LINE_PATHS: readonly string[] = ['id', ...CASE_FIELDS.filter((f) => f.kind === 'short' || f.kind === 'line').map((f) => f.path)];

function controlsInOneLineFields(record: CaseRecord, bad: FieldProblem[]): void {
  for (const path of ONE_LINE_PATHS) {
    const value = valueAt(record, path);
    if (typeof value !== 'string') continue;
    const found = firstControl(value);
    if (found !== null) bad.push({ path: path.split('.'), message: `holds the control character ${codePointName(found)}; a one-line field may hold none` });
  }
}

/** The path to the first member named `__proto__` inside a parsed JSON value (null: none). */
function reservedKeyPath(value: unknown, depth = 0): (string | number)[] | null {
  if (typeof value !== 'object' || value === null || depth > 20) return null;
  if (!Array.isArray(value) && Object.hasOwn(value, '__proto__')) return ['__proto__'];
  for (const [key, inner] of Object.entries(value)) {
    const below = reservedKeyPath(inner, depth + 1);
    if (below) return [Array.isArray(value) ? Number(key) : key, ...below];
  }
  return null;
}

/** Parse JSON text of a cases file; a truncated or non-JSON file is a CaseFileError too. */
export function parseCasesText(text: string, source = 'the file', options: { oneLine?: boolean } = {}): ParsedCases {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new CaseFileError(`${source} is not valid JSON (${(err as Error).message}); is it truncated?`, []);
  }
  // Only a text that names the reserved member is walked for it (a full walk of 100,000 cases costs).
  return parseCasesFile(data, source, { ...options, reservedKeys: text.includes('"__proto__"') });
}
