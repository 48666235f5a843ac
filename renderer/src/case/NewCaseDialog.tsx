// A new case, as a phone call goes: the fields in the order an engineer asks for them, with
// suggestions from the cases already known (companies, their contracts, products, their versions),
// the policy's own severity definitions beside the choice, and the first report time — now
// unless set back for a call taken earlier. Only company and summary are needed to save; the
// rest is named as missing until it is filled in. What was typed and not saved — closed with
// Esc, a reload — is kept in this browser's storage and comes back the next time, until it is
// saved or discarded. A dialog: Tab stays in it, and the focus goes
// back where it was when it closes.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { editOfNamed, FIELD_BY_NAME, type CaseFieldName } from '../../../shared/cases/case-fields';
import { inputLabel, newCaseInput, type CasedeskApi, type NewCaseInput } from '../../../shared/ipc/contract';
import { fieldProblems } from '../../../shared/validation/user-words';
import { usePolicySeverities } from '../policy/usePolicySeverities';
import { usePolicyZone } from '../policy/usePolicyZone';
import { FieldError } from '../ui/FieldError';
import { ZonedTimeInput } from '../ui/ZonedTimeInput';
import { useFocusTrap } from '../ui/useFocusTrap';

type Lookup = 'company' | 'contractId' | 'product' | 'softwareVersion';

/** The form's inputs, each the declared field it fills (its label, its limit, its path in the call). */
const FORM_FIELDS = {
  company: 'company', contactName: 'contactName', phone: 'contactPhone', email: 'contactEmail', contractId: 'contractId', product: 'product',
  softwareVersion: 'softwareVersion', hardware: 'hardware', os: 'os', summary: 'summary', symptoms: 'symptoms', nature: 'nature',
  reproduction: 'reproduction', engineer: 'engineer',
} as const satisfies Record<string, CaseFieldName>;
type FormField = keyof typeof FORM_FIELDS;
const TOP_LEVEL: readonly CaseFieldName[] = ['company', 'summary', 'engineer'];
/** The form fields that go in `case:create`'s `details`. */
const DETAIL_FIELDS = (Object.keys(FORM_FIELDS) as FormField[]).filter((key) => !TOP_LEVEL.includes(FORM_FIELDS[key]));
/** Where a form field's value goes in `case:create`'s input: the top-level ones by name, the rest in `details`. */
const inputPath = (key: FormField): string => {
  const name = FORM_FIELDS[key];
  return TOP_LEVEL.includes(name) ? name : `details.${FIELD_BY_NAME[name].path}`;
};

function useSuggestions(api: CasedeskApi, field: Lookup, prefix: string, scope: { company?: string; product?: string }): string[] {
  const [values, setValues] = useState<string[]>([]);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      api['intake:lookup']({ field, prefix, ...scope }).then((v) => live && setValues(v), () => undefined);
    }, 120);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, field, prefix, scope.company, scope.product]);
  return values;
}

function Suggested({ api, field, label, value, onChange, scope = {}, required, problem }: { api: CasedeskApi; field: Lookup; label: string; value: string; onChange: (v: string) => void; scope?: { company?: string; product?: string }; required?: boolean; problem?: string }) {
  const list = useId();
  const errorId = useId();
  const suggestions = useSuggestions(api, field, value, scope);
  return (
    <label className={problem ? 'invalid' : undefined} data-field={field}>
      {label}
      <input aria-label={label} list={list} value={value} onChange={(e) => onChange(e.target.value)} required={required} maxLength={FIELD_BY_NAME[field].max} autoComplete="off" aria-invalid={problem ? true : undefined} aria-describedby={problem ? errorId : undefined} />
      <FieldError id={errorId} problem={problem} />
      <datalist id={list}>
        {suggestions.map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
    </label>
  );
}

const NEW_CASE_DRAFT = 'casedesk.draft.new-case';

function readDraft(): Record<string, unknown> {
  try {
    const draft = JSON.parse(localStorage.getItem(NEW_CASE_DRAFT) ?? 'null') as unknown;
    return draft && typeof draft === 'object' && !Array.isArray(draft) ? (draft as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function NewCaseDialog({ api, me, onDone, onCancel }: { api: CasedeskApi; me: string; onDone: (created: { id: string; number: string }) => void; onCancel: () => void }) {
  const severities = usePolicySeverities(api);
  const policyZone = usePolicyZone(api);
  const blank = () => ({
    company: '', contactName: '', phone: '', email: '', contractId: '', product: '', softwareVersion: '', hardware: '', os: '',
    summary: '', symptoms: '', nature: '', reproduction: '', severity: 2, channel: 'phone' as 'phone' | 'email' | 'online',
    reportedAt: new Date().toISOString(), engineer: me,
  });
  // What was typed and not saved (Esc, a reload, a closed window) comes back the next time.
  const [restored] = useState(() => readDraft());
  const [f, setF] = useState(() => ({ ...blank(), ...restored }));
  const [opened] = useState(() => Date.now());
  const created = useRef(false);
  useEffect(() => {
    if (created.current) return; // saved: nothing left to keep
    const typed = Object.fromEntries(Object.entries(f).filter(([k, v]) => typeof v === 'string' && v.trim() !== '' && !(k === 'engineer' && v === me) && k !== 'reportedAt'));
    // The first report is kept when it was set back (not the "now" the form opened with).
    const setBack = Math.abs(Date.parse(f.reportedAt) - opened) > 60_000 ? { reportedAt: f.reportedAt } : {};
    if (Object.keys(typed).length === 0) localStorage.removeItem(NEW_CASE_DRAFT);
    else localStorage.setItem(NEW_CASE_DRAFT, JSON.stringify({ ...typed, ...setBack, severity: f.severity, channel: f.channel }));
  }, [f, me, opened]);
  const discard = () => {
    localStorage.removeItem(NEW_CASE_DRAFT);
    setF(blank());
    setProblems({});
    setError(null);
  };
  const set = (patch: Partial<typeof f>) => {
    setF((old) => ({ ...old, ...patch }));
    setProblems((old) => Object.fromEntries(Object.entries(old).filter(([k]) => !(k in patch))));
  };
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const errorBase = useId();
  useEffect(() => form.current?.querySelector('input')?.focus(), []);
  useFocusTrap(form);
  // A policy without severity 2 starts a new case at its least urgent severity.
  useEffect(() => {
    if (severities.length && !severities.some((s) => s.level === f.severity)) set({ severity: severities.at(-1)!.level });
  }, [severities, f.severity]);

  /** Each form field's problem, in words, from the call's own schema: every one at once. */
  const [problems, setProblems] = useState<Partial<Record<FormField, string>>>({});
  const inputOf = (loggedAt: string | undefined): NewCaseInput => {
    const opt = (v: string) => (v.trim() ? v.trim() : undefined);
    return {
      severity: f.severity,
      channel: f.channel,
      loggedAt,
      company: f.company,
      summary: f.summary,
      engineer: opt(f.engineer),
      // The other declared fields, each at its place (contact.name, problem.symptoms…).
      details: editOfNamed(Object.fromEntries(DETAIL_FIELDS.map((key) => [FORM_FIELDS[key], opt(f[key])]))),
    };
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // An ISO instant with its zone's offset (ui/ZonedTimeInput.tsx), '' when there is none.
    if (!f.reportedAt) return setError('The first report time is not a date and time.');
    const input = inputOf(f.reportedAt);
    const checked = newCaseInput.safeParse(input);
    if (!checked.success) {
      const found = fieldProblems(checked.error.issues, inputLabel);
      const at: Partial<Record<FormField, string>> = {};
      for (const key of Object.keys(FORM_FIELDS) as FormField[]) {
        const problem = found.find((p) => p.path === inputPath(key));
        if (problem) at[key] = problem.message;
      }
      const elsewhere = found.filter((p) => !(Object.keys(FORM_FIELDS) as FormField[]).some((k) => inputPath(k) === p.path));
      setProblems(at);
      setError(elsewhere.length ? elsewhere.map((p) => `${p.label}: ${p.message}`).join('; ') : null);
      const first = (Object.keys(FORM_FIELDS) as FormField[]).find((k) => at[k]);
      if (first) form.current?.querySelector<HTMLElement>(`[data-field="${first}"] input`)?.focus();
      return;
    }
    setProblems({});
    setSaving(true);
    try {
      const done = await api['case:create'](input);
      created.current = true;
      localStorage.removeItem(NEW_CASE_DRAFT);
      onDone(done);
    } catch (err) {
      setError((err as Error).message);
      setSaving(false);
    }
  };

  const chosen = severities.find((s) => s.level === f.severity);
  const [coverage, setCoverage] = useState<string | null>(null);
  useEffect(() => {
    if (!f.product.trim()) return setCoverage(null);
    let live = true;
    const timer = setTimeout(() => {
      api['policy:coverage']({ product: f.product, version: f.softwareVersion }).then((c) => live && setCoverage(c.covered ? null : (c.why ?? c.status)), () => undefined);
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, f.product, f.softwareVersion]);
  const text = (label: string, key: FormField, extra: { type?: string; required?: boolean } = {}) => (
    <label className={problems[key] ? 'invalid' : undefined} data-field={key}>
      {label}
      <input
        aria-label={label}
        type={extra.type ?? 'text'}
        value={String(f[key])}
        required={extra.required}
        maxLength={FIELD_BY_NAME[FORM_FIELDS[key]].max}
        aria-invalid={problems[key] ? true : undefined}
        aria-describedby={problems[key] ? `${errorBase}-${key}` : undefined}
        onChange={(e) => set({ [key]: e.target.value } as Partial<typeof f>)}
      />
      <FieldError id={`${errorBase}-${key}`} problem={problems[key]} />
    </label>
  );
  return (
    <div className="dialog-backdrop">
      <form ref={form} className="dialog intake" role="dialog" aria-modal="true" aria-label="New case" onSubmit={submit} noValidate>
        <h2>New case</h2>
        {Object.keys(restored).length > 0 && (
          <p className="hint restored" role="status">
            The new case you had started, as you left it.{' '}
            <button type="button" onClick={discard}>
              Discard it
            </button>
          </p>
        )}
        <div className="intake-grid">
          <Suggested problem={problems.company} api={api} field="company" label="Company" value={f.company} onChange={(v) => set({ company: v })} required />
          {text('Contact name', 'contactName')}
          {text('Contact phone', 'phone', { type: 'tel' })}
          {text('Contact email', 'email', { type: 'email' })}
          <Suggested problem={problems.contractId} api={api} field="contractId" label="Contract ID" value={f.contractId} onChange={(v) => set({ contractId: v })} scope={{ company: f.company || undefined }} />
          <Suggested problem={problems.product} api={api} field="product" label="Product" value={f.product} onChange={(v) => set({ product: v })} />
          <Suggested problem={problems.softwareVersion} api={api} field="softwareVersion" label="Software version" value={f.softwareVersion} onChange={(v) => set({ softwareVersion: v })} scope={{ product: f.product || undefined }} />
          {text('Hardware', 'hardware')}
          {text('Operating system', 'os')}
        </div>
        {coverage && (
          <p className="warning" role="status" aria-label="Coverage">
            Not covered by the support policy: {coverage}
          </p>
        )}
        {text('Summary', 'summary', { required: true })}
        {text('Symptoms', 'symptoms')}
        <div className="intake-grid">
          <label>
            Nature
            <select value={f.nature} onChange={(e) => set({ nature: e.target.value })}>
              <option value="">—</option>
              {FIELD_BY_NAME.nature.options.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          </label>
          {text('How to re-create it', 'reproduction')}
        </div>
        <label>
          Severity
          <select value={f.severity} onChange={(e) => set({ severity: Number(e.target.value) })}>
            {severities.map((s) => (
              <option key={s.level} value={s.level}>
                {s.name}
              </option>
            ))}
          </select>
          {chosen?.definition && <span className="hint definition">{chosen.definition}</span>}
        </label>
        <div className="intake-grid">
          <label>
            Reported by
            <select value={f.channel} onChange={(e) => set({ channel: e.target.value as typeof f.channel })}>
              <option value="phone">phone</option>
              <option value="email">email</option>
              <option value="online">online form</option>
            </select>
          </label>
          <ZonedTimeInput
            label="First report"
            value={f.reportedAt}
            onChange={(v) => set({ reportedAt: v })}
            policyZone={policyZone}
            hint={<span className="hint">The clocks start here: set it back for a call taken earlier.</span>}
          />
          {text('Engineer', 'engineer')}
        </div>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="button" onClick={onCancel} title="What you typed is kept for the next new case">
            Cancel (Esc)
          </button>
          <button type="submit" className="primary" disabled={saving}>
            {saving ? 'Saving…' : 'Create case'}
          </button>
        </div>
      </form>
    </div>
  );
}
