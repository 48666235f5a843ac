// A new case, quickly (`n` in the queue): severity, how it was reported, when (now unless set
// back), company and a one-line summary. The full intake arrives with the case workspace.
import { DateTime } from 'luxon';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { CasedeskApi } from '../../../shared/ipc/contract';

const SEVERITIES = [
  { level: 1, text: 'Severity 1 — major breach or mail outage for many users (24×7, phone within 1 hour)' },
  { level: 2, text: 'Severity 2 — some users lose significant productivity (4–6 business hours)' },
  { level: 3, text: 'Severity 3 — intermittent or minor (1 business day)' },
];

export function NewCaseDialog({ api, me, onDone, onCancel }: { api: CasedeskApi; me: string; onDone: (number: string) => void; onCancel: () => void }) {
  const [severity, setSeverity] = useState(2);
  const [channel, setChannel] = useState<'phone' | 'email' | 'online'>('phone');
  const [reportedAt, setReportedAt] = useState(() => DateTime.now().toFormat("yyyy-LL-dd'T'HH:mm"));
  const [company, setCompany] = useState('');
  const [summary, setSummary] = useState('');
  const [engineer, setEngineer] = useState(me);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const when = DateTime.fromISO(reportedAt);
    if (!when.isValid) return setError('The first report time is not a date and time.');
    setSaving(true);
    try {
      const created = await api['case:create']({
        severity,
        channel,
        loggedAt: when.toISO({ suppressMilliseconds: true }) ?? undefined,
        company,
        summary,
        engineer: engineer || undefined,
      });
      onDone(created.number);
    } catch (err) {
      setError((err as Error).message);
      setSaving(false);
    }
  };

  return (
    <div className="dialog-backdrop">
      <form className="dialog" role="dialog" aria-modal="true" aria-label="New case" onSubmit={submit}>
        <h2>New case</h2>
        <label>
          Severity
          <select ref={first} value={severity} onChange={(e) => setSeverity(Number(e.target.value))}>
            {SEVERITIES.map((s) => (
              <option key={s.level} value={s.level}>
                {s.text}
              </option>
            ))}
          </select>
        </label>
        <label>
          Reported by
          <select value={channel} onChange={(e) => setChannel(e.target.value as typeof channel)}>
            <option value="phone">phone</option>
            <option value="email">email</option>
            <option value="online">online form</option>
          </select>
        </label>
        <label>
          First report
          <input type="datetime-local" value={reportedAt} onChange={(e) => setReportedAt(e.target.value)} />
          <span className="hint">The clocks start here: set it back for a call taken earlier.</span>
        </label>
        <label>
          Company
          <input value={company} onChange={(e) => setCompany(e.target.value)} required maxLength={200} />
        </label>
        <label>
          Summary
          <input value={summary} onChange={(e) => setSummary(e.target.value)} required maxLength={300} />
        </label>
        <label>
          Engineer
          <input value={engineer} onChange={(e) => setEngineer(e.target.value)} maxLength={200} />
        </label>
        {error && <p className="error" role="alert">{error}</p>}
        <div className="actions">
          <button type="button" onClick={onCancel}>Cancel (Esc)</button>
          <button type="submit" className="primary" disabled={saving}>{saving ? 'Saving…' : 'Create case'}</button>
        </div>
      </form>
    </div>
  );
}
