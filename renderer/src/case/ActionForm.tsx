// The form of one action: its fields (a choice, a text, a date and time), focused as it opens,
// and what it would change shown beside it where there is a preview.
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ZonedTimeInput } from '../ui/ZonedTimeInput';
import type { Action } from './case-actions';

interface Props {
  action: Action;
  onSubmit: (values: Record<string, string>) => void;
  busy: boolean;
  preview?: (values: Record<string, string>) => ReactNode;
  /** The case's policy's zone: a date and time field is read in it unless the engineer picks another. */
  zone?: string;
}

export function ActionForm({ action, onSubmit, busy, preview, zone }: Props) {
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(action.fields.map((f) => [f.name, f.options?.[0]?.value ?? ''])));
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => form.current?.querySelector<HTMLElement>('input, select, button')?.focus(), []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit(values);
  };
  const set = (name: string, value: string) => setValues((old) => ({ ...old, [name]: value }));
  return (
    <form ref={form} className="action-form" onSubmit={submit} aria-label={action.label}>
      {action.fields.map((f) =>
        f.datetime ? (
          <ZonedTimeInput key={f.name} label={f.label} value={values[f.name] ?? ''} onChange={(v) => set(f.name, v)} policyZone={zone ?? null} required={!f.optional} />
        ) : (
        <label key={f.name}>
          {f.label}
          {f.options ? (
            <select value={values[f.name]} onChange={(e) => set(f.name, e.target.value)}>
              {f.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          ) : (
            <input type="text" value={values[f.name]} required={!f.optional} onChange={(e) => set(f.name, e.target.value)} />
          )}
        </label>
        ),
      )}
      <button type="submit" className="primary" disabled={busy}>
        {action.label}
      </button>
      {preview?.(values)}
    </form>
  );
}
