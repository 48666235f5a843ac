// The customer's online intake form as data: its fields (what the support policy requires a case to
// record, in the customer's words) and the zod schema a submission must pass. Values are kept
// exactly as typed — only checked — so what the engineer reads is what the customer wrote.
import { z } from 'zod';
import { PROBLEM_NATURES } from '../../shared/cases/case-format';
import type { CaseFields } from '../../shared/cases/case-mutations';
import type { Policy } from '../../shared/policy/policy-schema';
import { firstControl } from '../../shared/validation/control-characters';

export type FieldName =
  | 'company'
  | 'contractId'
  | 'contactName'
  | 'contactEmail'
  | 'contactPhone'
  | 'product'
  | 'softwareVersion'
  | 'hardware'
  | 'os'
  | 'summary'
  | 'symptoms'
  | 'nature'
  | 'reproduction'
  | 'workarounds'
  | 'severity';

export interface FieldSpec {
  name: FieldName;
  label: string;
  hint?: string;
  kind: 'text' | 'email' | 'tel' | 'textarea' | 'choice';
  max: number;
  required: boolean;
  /** What to tell a customer who left a required field blank. */
  missing?: string;
  /** The browser's autofill token, so a customer's own details fill in by themselves. */
  autocomplete?: string;
}

// The maxima are those of the case format's fields (caseFieldsSchema), tighter where a form needs no more.
export const FIELDS: Record<FieldName, FieldSpec> = {
  company: { name: 'company', label: 'Company', kind: 'text', max: 200, required: true, missing: 'Enter the name of your company.', autocomplete: 'organization' },
  contractId: { name: 'contractId', label: 'Service contract ID', hint: 'Your customer or contract number, as on your support agreement.', kind: 'text', max: 100, required: true, missing: 'Enter your service contract ID.' },
  contactName: { name: 'contactName', label: 'Your name', kind: 'text', max: 200, required: true, missing: 'Enter your name.', autocomplete: 'name' },
  contactEmail: { name: 'contactEmail', label: 'Email', kind: 'email', max: 320, required: true, missing: 'Enter your email address.', autocomplete: 'email' },
  contactPhone: { name: 'contactPhone', label: 'Phone', hint: 'A number we can reach you on now, with the country code if outside the US.', kind: 'tel', max: 50, required: true, missing: 'Enter a phone number we can reach you on.', autocomplete: 'tel' },
  product: { name: 'product', label: 'Product', kind: 'text', max: 200, required: true, missing: 'Enter the product that has the problem.' },
  softwareVersion: { name: 'softwareVersion', label: 'Software version', hint: 'With the patch level, e.g. 7.2.1.', kind: 'text', max: 100, required: true, missing: 'Enter the software version.' },
  hardware: { name: 'hardware', label: 'Hardware', hint: 'Appliance model, or the server it runs on.', kind: 'text', max: 200, required: true, missing: 'Enter the hardware it runs on.' },
  os: { name: 'os', label: 'Operating system', kind: 'text', max: 200, required: true, missing: 'Enter the operating system.' },
  summary: { name: 'summary', label: 'Summary', hint: 'One line: what is wrong.', kind: 'text', max: 300, required: true, missing: 'Enter a one-line summary of the problem.' },
  symptoms: { name: 'symptoms', label: 'Symptoms', hint: 'What you see: error messages, what stopped working, since when, who is affected.', kind: 'textarea', max: 10_000, required: true, missing: 'Describe the symptoms.' },
  nature: { name: 'nature', label: 'Nature of the problem', kind: 'choice', max: 20, required: true },
  reproduction: { name: 'reproduction', label: 'How to make it happen again', hint: 'The steps or circumstances that bring the problem about.', kind: 'textarea', max: 10_000, required: true, missing: 'Describe how the problem can be made to happen again.' },
  workarounds: { name: 'workarounds', label: 'Work-around in use (if any)', kind: 'textarea', max: 10_000, required: false },
  severity: { name: 'severity', label: 'Severity', kind: 'choice', max: 2, required: true },
};

export const NATURE_LABELS: Record<(typeof PROBLEM_NATURES)[number], { label: string; hint: string }> = {
  functional: { label: 'Functional', hint: 'Something does not work, or gives wrong results.' },
  performance: { label: 'Performance', hint: 'It works, but too slowly or under too much load.' },
};

/** What the form sent, as typed (absent fields empty): what a page shows back. */
export type FormValues = Record<FieldName, string>;

export interface IntakeSubmission {
  values: FormValues;
  severity: number;
  nature: (typeof PROBLEM_NATURES)[number];
  /** The form's own id, made when it was served: a second send of the same form is the same case. */
  submission: string;
}

export type FormErrors = Partial<Record<FieldName, string>>;

export type FormCheck = { ok: true; submission: IntakeSubmission } | { ok: false; values: FormValues; errors: FormErrors; submission: string | null };

const FIELD_NAMES = Object.keys(FIELDS) as FieldName[];

/** The body's values by field, as typed; a field sent twice or not as text counts as empty. */
export function formValues(body: unknown): FormValues {
  const source = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const values = {} as FormValues;
  for (const name of FIELD_NAMES) {
    const value = source[name];
    // Browsers send a textarea's line breaks as CRLF; the customer typed LF ones.
    values[name] = typeof value !== 'string' ? '' : FIELDS[name].kind === 'textarea' ? value.replace(/\r\n/g, '\n') : value;
  }
  return values;
}

/** `submission` as the form sent it, when it is one of ours (a UUID). */
export function submissionId(body: unknown): string | null {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>).submission : undefined;
  return z.uuid().safeParse(value).success ? (value as string) : null;
}

function textField(spec: FieldSpec): z.ZodType<string> {
  const label = spec.label.replace(/ \(if any\)$/, '');
  let schema = z.string().max(spec.max, `${label} can be at most ${spec.max.toLocaleString('en-US')} characters.`);
  if (spec.required) schema = schema.refine((v) => v.trim() !== '', spec.missing ?? `Enter ${label.toLowerCase()}.`);
  // A one-line field holds no control character (a NUL, a terminal escape); free text keeps line breaks and tabs.
  const allowed = spec.kind === 'textarea' ? '\r\n\t' : '';
  schema = schema.refine((v) => firstControl(v, allowed) === null, `${label} contains a control character (such as a NUL or an escape); type it again as plain text.`);
  if (spec.kind === 'email') {
    schema = schema.refine((v) => v.trim() === '' || z.email().safeParse(v).success, 'Enter an email address like name@example.com.');
  }
  if (spec.kind === 'tel') {
    // Loose on purpose: numbers are written many ways; it must look like a number someone can dial.
    schema = schema.refine(
      (v) => v.trim() === '' || (/^[+\d\s().\-/]+((ext\.?|x)\s*\d+)?$/i.test(v.trim()) && (v.match(/\d/g)?.length ?? 0) >= 5),
      'Enter a phone number of digits, spaces, + - ( ), with an extension after "ext" if needed.',
    );
  }
  return schema;
}

/** The schema of a submission under a policy: the severity must be one of its levels. */
export function intakeSchema(policy: Policy) {
  const levels = policy.severities.map((s) => s.level);
  const shape = Object.fromEntries(
    FIELD_NAMES.filter((n) => n !== 'severity' && n !== 'nature').map((n) => [n, textField(FIELDS[n])]),
  ) as Record<Exclude<FieldName, 'severity' | 'nature'>, z.ZodType<string>>;
  return z.object({
    ...shape,
    nature: z.enum(PROBLEM_NATURES, 'Choose whether the problem is functional or about performance.'),
    severity: z
      .string()
      .refine((v) => /^\d$/.test(v) && levels.includes(Number(v)), 'Choose the severity that fits the problem.')
      .transform(Number),
  });
}

/** Check a posted body against the form; values are always handed back for the page to keep. */
export function checkForm(body: unknown, policy: Policy): FormCheck {
  const values = formValues(body);
  const submission = submissionId(body);
  const parsed = intakeSchema(policy).safeParse(values);
  if (parsed.success && submission) {
    return { ok: true, submission: { values, severity: parsed.data.severity, nature: parsed.data.nature, submission } };
  }
  const errors: FormErrors = {};
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const field = issue.path[0] as FieldName;
    errors[field] ??= issue.message;
  }
  // A form without its id did not come from our page as served (or lost it): served again, it gets one.
  return { ok: false, values, errors, submission };
}

/** The case fields a submission fills, as typed; an empty optional field is left out. */
export function caseFieldsOf(s: IntakeSubmission): CaseFields {
  const v = s.values;
  const fields: CaseFields = {
    company: v.company,
    contractId: v.contractId,
    summary: v.summary,
    contact: { name: v.contactName, email: v.contactEmail, phone: v.contactPhone },
    product: v.product,
    softwareVersion: v.softwareVersion,
    hardware: v.hardware,
    os: v.os,
    problem: { symptoms: v.symptoms, nature: s.nature, reproduction: v.reproduction },
  };
  if (v.workarounds.trim() !== '') fields.workarounds = v.workarounds;
  return fields;
}
