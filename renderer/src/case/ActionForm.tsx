// The form of one action: its fields (a choice, a text, a date and time), focused as it opens,
// each text held to its limit while typing; what it would change shown beside it where there is a
// preview. Submitting checks every field at once and shows each problem at its field; a change
// that needs a second thought (closing with fields still missing) asks for it, naming why, before
// it is sent.
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { FieldProblem } from '../../../shared/validation/user-words';
import { FieldError } from '../ui/FieldError';
import { ZonedTimeInput } from '../ui/ZonedTimeInput';
import { maxLengthOf, type Action } from './case-actions';

export interface Confirmation {
  question: string;
  /** The confirming button: "Close anyway". */
  button: string;
}

interface Props {
  action: Action;
  onSubmit: (values: Record<string, string>) => void;
  busy: boolean;
  preview?: (values: Record<string, string>) => ReactNode;
  /** Every problem of the values, each at its field's argument path (none: they can be sent). */
  validate?: (values: Record<string, string>) => FieldProblem[];
  /** What the engineer must confirm before the change is sent, and the button that does (null: nothing). */
  confirm?: (values: Record<string, string>) => Confirmation | null;
  /** The case's policy's zone: a date and time field is read in it unless the engineer picks another. */
  zone?: string;
}

export function ActionForm({ action, onSubmit, busy, preview, validate, confirm, zone }: Props) {
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(action.fields.map((f) => [f.name, f.options?.[0]?.value ?? ''])));
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [asking, setAsking] = useState<Confirmation | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const id = useId();
  useEffect(() => form.current?.querySelector<HTMLElement>('input, select, button')?.focus(), []);
  const argOf = (name: string) => action.fields.find((f) => f.name === name)?.arg ?? name;
  const problemOf = (name: string) => problems.find((p) => p.path === argOf(name));
  const elsewhere = problems.filter((p) => !action.fields.some((f) => argOf(f.name) === p.path));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // A time the zone's clocks skip is refused by its input (ZonedTimeInput says why under it).
    const skipped = [...(form.current?.querySelectorAll('input') ?? [])].find((i) => i.validity.customError);
    if (skipped) return skipped.focus();
    const found = validate?.(values) ?? [];
    setProblems(found);
    if (found.length) {
      const first = action.fields.find((f) => found.some((p) => p.path === argOf(f.name)));
      if (first) form.current?.querySelector<HTMLElement>(`[name="${first.name}"]`)?.focus();
      return;
    }
    const question = confirm?.(values) ?? null;
    if (question && asking === null) return setAsking(question);
    setAsking(null);
    onSubmit(values);
  };
  const set = (name: string, value: string) => {
    setValues((old) => ({ ...old, [name]: value }));
    setProblems((old) => old.filter((p) => p.path !== argOf(name)));
    setAsking(null);
  };
  return (
    <form ref={form} className="action-form" onSubmit={submit} aria-label={action.label} noValidate>
      {action.fields.map((f) => {
        const problem = problemOf(f.name);
        const errorId = `${id}-${f.name}-error`;
        const common = { name: f.name, 'aria-label': f.label, 'aria-invalid': problem ? true : undefined, 'aria-describedby': problem ? errorId : undefined } as const;
        if (f.datetime) {
          return <ZonedTimeInput key={f.name} label={f.label} value={values[f.name] ?? ''} onChange={(v) => set(f.name, v)} policyZone={zone ?? null} required={!f.optional} hint={<FieldError problem={problem?.message} />} />;
        }
        return (
          <label key={f.name} className={problem ? 'invalid' : undefined}>
            {f.label}
            {f.options ? (
              <select {...common} value={values[f.name]} onChange={(e) => set(f.name, e.target.value)}>
                {f.options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            ) : (
              <input {...common} type="text" value={values[f.name]} required={!f.optional} maxLength={maxLengthOf(action.change, f)} onChange={(e) => set(f.name, e.target.value)} />
            )}
            <FieldError id={errorId} problem={problem?.message} />
          </label>
        );
      })}
      {elsewhere.length > 0 && (
        <p className="error" role="alert">
          {elsewhere.map((p) => `${p.label}: ${p.message}`).join('; ')}
        </p>
      )}
      {asking ? (
        <div className="confirm" role="alertdialog" aria-label={`${action.label}?`}>
          <p>{asking.question}</p>
          <button type="submit" className="primary" disabled={busy} autoFocus>
            {asking.button}
          </button>
          <button type="button" onClick={() => setAsking(null)}>
            Go back
          </button>
        </div>
      ) : (
        <button type="submit" className="primary" disabled={busy}>
          {action.label}
        </button>
      )}
      {preview?.(values)}
    </form>
  );
}
