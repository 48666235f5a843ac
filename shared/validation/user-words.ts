// Validation problems in the user's words, at the field: "Hardware: at most 200 characters", not
// "fields.hardware: Too big: expected string to have <=200 characters". Every problem of a value
// at once, each with the path of the field it belongs to, so a form can show each at its field.
import type { z } from 'zod';
import { formatPath } from './format-issues';

export interface FieldProblem {
  /** Where the problem is, dotted: `fields.hardware`, `agreement.by`, `reason`. */
  path: string;
  /** The field as the user reads it ("Hardware"), or the path when it has no label. */
  label: string;
  /** What is wrong, in words ("at most 200 characters"). */
  message: string;
}

/** A field's label from its path (undefined: none known; the path is shown). */
export type LabelOf = (path: readonly PropertyKey[]) => string | undefined;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const quoted = (values: readonly unknown[]) => {
  const q = values.map((v) => JSON.stringify(v));
  return q.length > 1 ? `${q.slice(0, -1).join(', ')} or ${q.at(-1)}` : (q[0] ?? 'a known value');
};

/** zod's own messages start so; anything else was written for a person and is kept. */
const ZOD_DEFAULT = /^(Too (big|small)|Invalid( input)?\b|Unrecognized key)/;

/** What is wrong, in words, for one zod issue. */
export function problemText(issue: z.core.$ZodIssue): string {
  // A choice says its options (its own message names the field, which the label already does).
  if (issue.code === 'invalid_value') return `must be ${quoted(issue.values)}`;
  if (!ZOD_DEFAULT.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return `at most ${plural(max, 'character')}`;
      if (issue.origin === 'array' || issue.origin === 'set') return `at most ${plural(max, 'entry', 'entries')}`;
      return `at most ${max}`;
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? 'required' : `at least ${plural(min, 'character')}`;
      if (issue.origin === 'array' || issue.origin === 'set') return `at least ${plural(min, 'entry', 'entries')}`;
      return `at least ${min}`;
    }
    case 'invalid_type':
      return /received undefined/.test(issue.message) ? 'required' : `must be ${issue.expected === 'int' ? 'a whole number' : `a ${issue.expected}`}`;
    case 'invalid_format':
      return issue.format === 'email' ? 'not an email address' : `not a valid ${issue.format}`;
    case 'unrecognized_keys':
      return `not fields Casedesk knows: ${issue.keys.join(', ')}`;
    default:
      return issue.message;
  }
}

/** Every problem of a failed parse, each at its field, in the order zod found them (one per field and message). */
export function fieldProblems(issues: readonly z.core.$ZodIssue[], labelOf: LabelOf = () => undefined): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const issue of issues) {
    // A key the schema does not know is a problem of that key, not of the object that holds it.
    const paths = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
    for (const path of paths) {
      const message = issue.code === 'unrecognized_keys' ? 'not a field Casedesk knows' : problemText(issue);
      const problem = { path: path.map(String).join('.'), label: labelOf(path) ?? formatPath(path), message };
      if (!out.some((p) => p.path === problem.path && p.message === problem.message)) out.push(problem);
    }
  }
  return out;
}

/** The problems as one sentence: "Hardware: at most 200 characters; Reason: required". */
export function sayProblems(problems: readonly FieldProblem[]): string {
  return problems.map((p) => (p.label ? `${p.label}: ${p.message}` : p.message)).join('; ');
}
