// At first start, before anything can be edited: who the engineer is. Every change records its
// author, so the name is asked once, up front, and kept (the header's "I am" changes it later).
// Signed in to a server, its user is the name and this is never asked.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { FieldError } from '../ui/FieldError';
import { useFocusTrap } from '../ui/useFocusTrap';

/** The longest name a change takes as its author (shared/cases/case-mutations.ts). */
const NAME_MAX = 200;

export function WhoAmIDialog({ onName }: { onName: (name: string) => void }) {
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const input = useRef<HTMLInputElement>(null);
  useFocusTrap(form);
  useEffect(() => input.current?.focus(), []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setProblem('Type your name: every change you make records it.');
    onName(name.trim());
  };
  return (
    <div className="dialog-backdrop">
      <form ref={form} className="dialog who-am-i" role="dialog" aria-modal="true" aria-label="Who are you?" onSubmit={submit} noValidate tabIndex={-1}>
        <h2>Who are you?</h2>
        <p>Every change to a case records who made it. Casedesk keeps your name on this computer; change it any time under “I am”, top right.</p>
        <label>
          Your full name
          <input
            ref={input}
            value={name}
            maxLength={NAME_MAX}
            autoComplete="name"
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? 'who-am-i-problem' : undefined}
            onChange={(e) => (setName(e.target.value), setProblem(null))}
          />
        </label>
        <FieldError id="who-am-i-problem" problem={problem} announce />
        <div className="actions">
          <button type="submit" className="primary">
            Start working
          </button>
        </div>
      </form>
    </div>
  );
}
