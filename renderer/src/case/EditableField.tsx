// A field edited in place, saved when it is left (a choice: when chosen). The edit in progress is
// kept in this browser's storage until it is saved — across a case switch, a reload, a closed
// window or a sync that changes the field underneath — with the value it started from, which goes
// with the save so the server can tell an edit made over someone else's. A restored edit is marked.
// The field holds its limit while typing (maxLength); a save the rules refuse is said at the
// field, and the edit stays.
import { useEffect, useId, useState, type ReactNode } from 'react';
import type { CaseFieldKind } from '../../../shared/cases/case-fields';
import { FieldError } from '../ui/FieldError';

interface Props {
  draftKey: string;
  label: string;
  value: string;
  kind: CaseFieldKind;
  /** A choice's options (an empty one is offered first). */
  options?: readonly string[];
  /** Save the value; a refusal is told to `onProblem`. */
  onSave: (v: string, base: string, onProblem: (message: string) => void) => Promise<boolean>;
  note?: ReactNode;
  /** The most characters the field takes. */
  maxLength?: number;
  readOnly?: boolean;
}

export function EditableField({ draftKey, label, value, kind, options, onSave, note, maxLength, readOnly = false }: Props) {
  const [problem, setProblem] = useState<string | null>(null);
  const errorId = useId();
  const baseKey = `${draftKey}.base`;
  const [draft, setDraft] = useState(() => localStorage.getItem(draftKey) ?? value);
  const restored = draft !== value && localStorage.getItem(draftKey) !== null;
  useEffect(() => {
    if (localStorage.getItem(draftKey) === null) setDraft(value);
  }, [value, draftKey]);
  const forget = () => {
    localStorage.removeItem(draftKey);
    localStorage.removeItem(baseKey);
  };
  const edit = (v: string) => {
    setProblem(null);
    if (localStorage.getItem(baseKey) === null) localStorage.setItem(baseKey, value);
    setDraft(v);
    if (v === value) forget();
    else localStorage.setItem(draftKey, v);
  };
  const save = async (v = draft) => {
    if (v === value) return forget();
    if (await onSave(v, localStorage.getItem(baseKey) ?? value, (message) => setProblem(message.startsWith(`${label}: `) ? message : `${label}: ${message}`))) {
      forget();
      setProblem(null);
    }
  };
  const common = {
    'aria-label': label,
    'aria-invalid': problem ? true : undefined,
    'aria-describedby': problem ? errorId : undefined,
    readOnly,
    disabled: readOnly && kind === 'choice',
  } as const;
  return (
    <div className={problem ? 'invalid' : undefined}>
      <dt>
        {label}
        {restored && <span className="draft"> (unsaved edit)</span>}
      </dt>
      <dd>
        {kind === 'choice' ? (
          <select {...common} value={draft} onChange={(e) => (edit(e.target.value), e.target.value && void save(e.target.value))}>
            {['', ...(options ?? [])].map((o) => (
              <option key={o} value={o}>
                {o || '—'}
              </option>
            ))}
          </select>
        ) : kind === 'text' ? (
          <textarea {...common} maxLength={maxLength} value={draft} rows={2} onChange={(e) => edit(e.target.value)} onBlur={() => void save()} />
        ) : (
          <input {...common} maxLength={maxLength} value={draft} onChange={(e) => edit(e.target.value)} onBlur={() => void save()} />
        )}
        <FieldError id={errorId} problem={problem} announce />
        {note}
      </dd>
    </div>
  );
}
