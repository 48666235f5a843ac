// The intake pages as server-rendered HTML: the form (with its errors next to their fields and the
// values kept), the confirmation with the case number and what happens next, and the short pages
// for a refused or failed submission. No script at all; one stylesheet, allowed by its hash in the
// Content-Security-Policy (intake-security.ts), with a dark variant for `prefers-color-scheme`.
import { INTAKE_FILE_BYTES, INTAKE_FILES } from './intake-limits';
import { sizeWords } from '../files/server-files';
import { createHash } from 'node:crypto';
import type { Policy } from '../../shared/policy/policy-schema';
import { FIELDS, NATURE_LABELS, type FieldName, type FieldSpec, type FormErrors, type FormValues } from './intake-form';
import { html, SafeHtml } from './html';
import { describeBusinessHours, nextSteps, SUPPORT_EMAIL, SUPPORT_PHONE, type NextSteps } from './next-steps';

const STYLESHEET = `
:root {
  color-scheme: light dark;
  --bg: #f4f6f8; --panel: #ffffff; --text: #1c2430; --muted: #5a6675; --line: #d5dbe2;
  --field: #ffffff; --field-line: #9aa6b2; --accent: #1f5fa8; --accent-text: #ffffff; --focus: #f2b600;
  --error: #b3261e; --error-bg: #fdf0ef; --ok: #1d7a46; --ok-bg: #eef8f2; --chosen: #eaf1fa;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #12161c; --panel: #1b2129; --text: #e4e8ee; --muted: #9ba7b5; --line: #2f3945;
    --field: #12161c; --field-line: #566373; --accent: #6aa6e8; --accent-text: #0d1520; --focus: #f2c94c;
    --error: #ff8a80; --error-bg: #2c1a1a; --ok: #6fcf97; --ok-bg: #15261d; --chosen: #1c2b3d;
  }
}
* { box-sizing: border-box; }
html { background: var(--bg); }
body { margin: 0; color: var(--text); font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
.masthead { background: var(--panel); border-bottom: 1px solid var(--line); }
.masthead div { max-width: 46rem; margin: 0 auto; padding: 0.9rem 1.25rem; display: flex; align-items: baseline; gap: 0.75rem; }
.brand { font-weight: 700; letter-spacing: 0.02em; }
.masthead span:last-child { color: var(--muted); }
main { max-width: 46rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
h1 { font-size: 1.75rem; line-height: 1.25; margin: 0.5rem 0 0.75rem; font-weight: 650; }
h2 { font-size: 1.15rem; margin: 0 0 0.25rem; font-weight: 650; }
p { margin: 0 0 0.75rem; }
.lead { color: var(--muted); max-width: 40rem; }
.notes { margin: 0 0 1.5rem; padding: 0; list-style: none; color: var(--muted); font-size: 0.9rem; }
.notes li { padding-left: 1rem; position: relative; margin-bottom: 0.25rem; }
.notes li::before { content: ""; position: absolute; left: 0.2rem; top: 0.6em; width: 0.3rem; height: 0.3rem; border-radius: 50%; background: var(--muted); }
fieldset, .panel { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 1.25rem 1.25rem 0.5rem; margin: 0 0 1.25rem; min-width: 0; }
legend { float: left; width: 100%; padding: 0; margin: 0 0 0.75rem; font-size: 1.15rem; font-weight: 650; }
legend + * { clear: both; }
.field { margin: 0 0 1rem; }
.row { display: grid; grid-template-columns: 1fr 1fr; gap: 0 1rem; }
/* Side by side, the inputs line up at the foot of their cells whatever the length of the hints. */
.row .field { display: flex; flex-direction: column; }
.row .field > input { margin-top: auto; }
@media (max-width: 38rem) { .row { grid-template-columns: 1fr; } }
label, .label { display: block; font-weight: 600; margin-bottom: 0.2rem; }
.hint { display: block; color: var(--muted); font-size: 0.875rem; margin: -0.1rem 0 0.3rem; font-weight: 400; }
.optional { color: var(--muted); font-weight: 400; }
input[type=text], input[type=email], input[type=tel], textarea {
  width: 100%; font: inherit; color: var(--text); background: var(--field);
  border: 1px solid var(--field-line); border-radius: 6px; padding: 0.5rem 0.65rem;
}
textarea { min-height: 7rem; resize: vertical; }
input:focus-visible, textarea:focus-visible, button:focus-visible, a:focus-visible, .choice input:focus-visible + span, .error-summary:focus {
  outline: 3px solid var(--focus); outline-offset: 1px;
}
[aria-invalid=true] { border-color: var(--error); border-width: 2px; }
.error { display: block; color: var(--error); font-weight: 600; font-size: 0.9rem; margin: 0 0 0.3rem; }
.field.invalid { border-left: 4px solid var(--error); padding-left: 0.85rem; margin-left: -1.1rem; }
fieldset.invalid { border: 2px solid var(--error); }
.choices { display: grid; gap: 0.6rem; margin: 0.35rem 0 1rem; }
.choices.two { grid-template-columns: 1fr 1fr; }
@media (max-width: 38rem) { .choices.two { grid-template-columns: 1fr; } }
.choice { display: grid; grid-template-columns: auto 1fr; gap: 0 0.7rem; align-items: start; border: 1px solid var(--line); border-radius: 8px; padding: 0.75rem 0.9rem; cursor: pointer; font-weight: 400; margin: 0; }
.choice:has(input:checked) { border-color: var(--accent); background: var(--chosen); }
.choice input { margin: 0.3rem 0 0; width: 1.1rem; height: 1.1rem; accent-color: var(--accent); }
.choice strong { display: block; }
.choice .definition { display: block; font-size: 0.925rem; }
.choice .target { display: block; color: var(--muted); font-size: 0.85rem; margin-top: 0.3rem; }
.actions { display: flex; align-items: center; gap: 1rem; flex-wrap: wrap; margin-top: 0.5rem; }
button { font: inherit; font-weight: 650; color: var(--accent-text); background: var(--accent); border: 0; border-radius: 6px; padding: 0.7rem 1.4rem; cursor: pointer; }
button:hover { filter: brightness(1.08); }
a { color: var(--accent); }
.error-summary { border: 2px solid var(--error); background: var(--error-bg); border-radius: 10px; padding: 1rem 1.25rem; margin: 0 0 1.25rem; }
.error-summary h2 { color: var(--error); }
.error-summary ul { margin: 0.25rem 0 0; padding-left: 1.25rem; }
.error-summary a { color: var(--error); font-weight: 600; }
.done { border: 1px solid var(--ok); background: var(--ok-bg); border-radius: 10px; padding: 1.25rem; margin: 0 0 1.25rem; }
.done .number { margin: 0 0 0.5rem; font-size: 2rem; font-weight: 700; letter-spacing: 0.04em; color: var(--ok); font-variant-numeric: tabular-nums; }
.urgent { border-left: 4px solid var(--error); padding-left: 0.85rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.35rem 1.25rem; margin: 0 0 0.75rem; }
dt { color: var(--muted); }
dd { margin: 0; overflow-wrap: anywhere; white-space: pre-wrap; }
footer { color: var(--muted); font-size: 0.85rem; border-top: 1px solid var(--line); padding-top: 1rem; margin-top: 2rem; }
`;

/** The stylesheet's CSP source: the pages carry exactly this <style> and nothing else inline. */
export const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLESHEET).digest('base64')}'`;

function page(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${title} · Xecuritas Technical Support</title>
<style>${new SafeHtml(STYLESHEET)}</style>
</head>
<body>
<header class="masthead"><div><span class="brand">Xecuritas</span><span>Technical Support</span></div></header>
<main>
${body}
<footer>Phone ${SUPPORT_PHONE} · Email ${SUPPORT_EMAIL} · Severity-1 support around the clock, every day.</footer>
</main>
</body>
</html>
`.text;
}

// ---- The form ---------------------------------------------------------------------------------------------

export interface FormPageInput {
  policy: Policy;
  /** Now, by the server's clock: the targets shown beside each severity count from it. */
  now: number;
  values: FormValues;
  errors: FormErrors;
  csrfToken: string;
  submission: string;
  /** A message above the form that belongs to no one field. */
  notice?: string;
}

export function formPage(input: FormPageInput): string {
  const { values, errors } = input;
  const invalid = (Object.keys(FIELDS) as FieldName[]).filter((n) => errors[n]);
  const summary =
    invalid.length > 0 || input.notice
      ? html`<div class="error-summary" role="alert" tabindex="-1" autofocus aria-labelledby="error-summary-title">
<h2 id="error-summary-title">${invalid.length > 0 ? 'Please check these answers' : 'Your case has not been sent yet'}</h2>
${input.notice && html`<p>${input.notice}</p>`}
${invalid.length > 0 && html`<ul>${invalid.map((n) => html`<li><a href="#${anchorOf(n, input.policy)}">${FIELDS[n].label}: ${errors[n]}</a></li>`)}</ul>`}
</div>`
      : null;
  const field = (name: FieldName) => textInput(FIELDS[name], values[name], errors[name]);
  // `novalidate`: the server checks every answer and shows each error beside its field, the same in
  // every browser; `required` stays on the controls for assistive technology.
  const body = html`<h1>Open a support case</h1>
<p class="lead">Tell us what is wrong and we will be in touch. Cases sent here reach our engineers as soon as you send them — the fastest way to get help.</p>
<ul class="notes">
<li>This form is for problems with released, supported Xecuritas products. Requests for new functionality go to technical support or your sales contact, who forward them to product management.</li>
<li>Support hours are ${describeBusinessHours(input.policy, input.now)}. Severity-1 problems are handled around the clock, every day.</li>
<li>All fields are required unless marked optional.</li>
</ul>
${summary}
<form method="post" action="/" accept-charset="utf-8" enctype="multipart/form-data" novalidate>
<input type="hidden" name="_csrf" value="${input.csrfToken}">
<input type="hidden" name="submission" value="${input.submission}">
<fieldset>
<legend>Your company</legend>
<div class="row">${field('company')}${field('contractId')}</div>
</fieldset>
<fieldset>
<legend>Who we should contact</legend>
${field('contactName')}
<div class="row">${field('contactEmail')}${field('contactPhone')}</div>
</fieldset>
<fieldset>
<legend>The product</legend>
<div class="row">${field('product')}${field('softwareVersion')}</div>
<div class="row">${field('hardware')}${field('os')}</div>
</fieldset>
<fieldset>
<legend>The problem</legend>
${field('summary')}
${field('symptoms')}
${natureChoice(values.nature, errors.nature)}
${field('reproduction')}
${field('workarounds')}
</fieldset>
${severityChoice(input.policy, input.now, values.severity, errors.severity)}
<div class="field">
<label for="field-files">Log files or screenshots <span class="optional">(optional)</span></label>
<span class="hint" id="field-files-hint">Up to ${String(INTAKE_FILES)} files, ${sizeWords(INTAKE_FILE_BYTES)} each. Compress a large log (.gz) first.</span>
<input type="file" id="field-files" name="files" multiple aria-describedby="field-files-hint">
</div>
<div class="actions"><button type="submit">Open the case</button><span class="hint">You will get a case number at once.</span></div>
</form>`;
  return page(invalid.length > 0 ? 'Check your answers' : 'Open a support case', body);
}

/** The id a field's error links to: the input itself, or a choice's first option. */
function anchorOf(name: FieldName, policy: Policy): string {
  if (name === 'nature') return 'field-nature-functional';
  if (name === 'severity') return `field-severity-${policy.severities[0]?.level ?? 1}`;
  return `field-${name}`;
}

function textInput(spec: FieldSpec, value: string, error: string | undefined): SafeHtml {
  const id = `field-${spec.name}`;
  const describedBy = [spec.hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  const common = html`id="${id}" name="${spec.name}" maxlength="${spec.max}"${spec.required ? html` required aria-required="true"` : null}${
    spec.autocomplete ? html` autocomplete="${spec.autocomplete}"` : null
  }${describedBy ? html` aria-describedby="${describedBy}"` : null}${error ? html` aria-invalid="true"` : null}`;
  const control =
    spec.kind === 'textarea'
      ? html`<textarea ${common} rows="5">${value}</textarea>`
      : html`<input type="${spec.kind}" ${common} value="${value}"${spec.kind === 'email' ? html` spellcheck="false"` : null}>`;
  const label = spec.required ? spec.label : spec.label.replace(/ \(if any\)$/, '');
  return html`<div class="field${error ? ' invalid' : ''}">
<label for="${id}">${label}${!spec.required ? html` <span class="optional">(optional)</span>` : null}</label>
${spec.hint && html`<span class="hint" id="${id}-hint">${spec.hint}</span>`}
${error && html`<span class="error" id="${id}-error">${error}</span>`}
${control}
</div>`;
}

function natureChoice(value: string, error: string | undefined): SafeHtml {
  return html`<div class="field${error ? ' invalid' : ''}" role="radiogroup" aria-labelledby="field-nature-label"${error ? html` aria-describedby="field-nature-error"` : null}>
<span class="label" id="field-nature-label">${FIELDS.nature.label}</span>
${error && html`<span class="error" id="field-nature-error">${error}</span>`}
<div class="choices two">
${(Object.keys(NATURE_LABELS) as (keyof typeof NATURE_LABELS)[]).map(
  (n) => html`<label class="choice" for="field-nature-${n}"><input type="radio" id="field-nature-${n}" name="nature" value="${n}" required${value === n ? html` checked` : null}${error ? html` aria-invalid="true"` : null}><span><strong>${NATURE_LABELS[n].label}</strong><span class="definition">${NATURE_LABELS[n].hint}</span></span></label>`,
)}
</div>
</div>`;
}

function severityChoice(policy: Policy, now: number, value: string, error: string | undefined): SafeHtml {
  return html`<fieldset${error ? html` class="invalid" aria-describedby="field-severity-error"` : null}>
<legend>How severe is it?</legend>
<span class="hint">Choose the description that fits best. Our engineers may adjust it with you once they know more.</span>
${error && html`<span class="error" id="field-severity-error">${error}</span>`}
<div class="choices">
${[...policy.severities]
  .sort((a, b) => a.level - b.level)
  .map((s) => {
    const steps = nextSteps(policy, s.level, now);
    const target =
      s.calendar === '24x7'
        ? `Response within ${steps.response.within}, around the clock, ${steps.how}.${steps.paged ? ' Cases sent here page our on-call engineers at once.' : ''}`
        : `Response within ${steps.response.within}.`;
    return html`<label class="choice" for="field-severity-${s.level}"><input type="radio" id="field-severity-${s.level}" name="severity" value="${s.level}" required aria-describedby="field-severity-${s.level}-target"${value === String(s.level) ? html` checked` : null}${error ? html` aria-invalid="true"` : null}><span><strong>${s.name}</strong><span class="definition">${s.definition}</span><span class="target" id="field-severity-${s.level}-target">${target}</span></span></label>`;
  })}
</div>
</fieldset>`;
}

// ---- The confirmation -----------------------------------------------------------------------------------

export interface ConfirmationInput {
  number: string;
  values: FormValues;
  steps: NextSteps;
  /** The same form sent again: the case it opened the first time. */
  again: boolean;
  /** Who was paged for a Severity-1 case: [] when nobody could be (the customer must phone); null when not known (sent again) or not paged. */
  paged?: readonly string[] | null;
}

export function confirmationPage({ number, values, steps, again, paged = null }: ConfirmationInput): string {
  const pageFailed = paged !== null && paged.length === 0;
  const whoPaged = paged && paged.length > 0 ? html`<strong>We have paged ${paged.join(' and ')}, our on-call engineer${paged.length > 1 ? 's' : ''}.</strong>` : html`<strong>Our on-call technical staff have been paged.</strong>`;
  const { response, resolution } = steps;
  const respondBy = response.latest ? html`by ${response.by} (${response.latest} at the latest)` : html`by ${response.by}`;
  const body = html`<div class="done" role="status">
<h1>${again ? 'This case is already open' : 'Your case is open'}</h1>
<p>Your case number is</p>
<p class="number">${number}</p>
<p>Please quote it whenever you contact us about this problem.</p>
${again && html`<p>This form was sent before, and this is the case it opened. To report another problem, <a href="/">fill in a new form</a>.</p>`}
</div>
<section class="panel" aria-labelledby="next-title">
<h2 id="next-title">What happens next</h2>
${
  pageFailed
    ? html`<p class="urgent"><strong>Please call ${SUPPORT_PHONE} now and quote ${number}.</strong> Your case is stored, but our on-call staff could not be alerted automatically.</p>`
    : steps.paged
    ? html`<p class="urgent">${whoPaged} An engineer will phone you on ${values.contactPhone} within ${response.within}, ${respondBy}. Please keep that phone free and near you.</p>
<p>If you have not heard from us by then, or the situation changes, call ${SUPPORT_PHONE} and quote ${number}.</p>`
    : html`<p>An engineer will contact you ${steps.how} within ${response.within}, ${respondBy}. ${steps.openNow}</p>
<p>Our support hours are ${steps.supportHours}. If the problem gets worse, call ${SUPPORT_PHONE} and quote ${number}.</p>`
}
<p>Our target is to resolve the problem, or deliver an acceptable work-around or plan, within ${resolution.within}, by ${resolution.by}. If that cannot be met, the case is escalated to technical support management.</p>
</section>
<section class="panel" aria-labelledby="sent-title">
<h2 id="sent-title">What you sent</h2>
<dl>
<dt>Severity</dt><dd>${steps.severityName}</dd>
<dt>Company</dt><dd>${values.company}</dd>
<dt>Summary</dt><dd>${values.summary}</dd>
<dt>Contact</dt><dd>${values.contactName}, ${values.contactEmail}, ${values.contactPhone}</dd>
<dt>Product</dt><dd>${values.product} ${values.softwareVersion}</dd>
</dl>
</section>
<p><a href="/">Open another case</a></p>`;
  return page(`Case ${number} is open`, body);
}

// ---- Refusals and failures ---------------------------------------------------------------------------

export function problemPage(title: string, message: string, advice: string): string {
  return page(
    title,
    html`<div class="error-summary" role="alert"><h1>${title}</h1><p>${message}</p></div>
<p>${advice}</p>
<p><a href="/">Back to the form</a> · For an urgent problem, call ${SUPPORT_PHONE}.</p>`,
  );
}

