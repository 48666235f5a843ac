// What alerts reach the engineer: each kind on or off, whose cases, quiet hours (no pop-up nor
// sound then, except for a Severity-1) and sound. Each change is saved as it is made.
import { useState } from 'react';
import type { AlertPreferences, CaseScope } from '../../../shared/alerts/alert-audience';
import { ALERT_KINDS, type AlertKind } from '../../../shared/alerts/alert-plan';

const KIND_LABEL: Record<AlertKind, string> = {
  reminder: 'Reminders before a response or resolution is due',
  due: 'When it is due',
  breach: 'When it breaches',
  'auto-close-warning': 'Before a case closes by itself',
  'auto-close': 'When a case closed by itself',
};

const SCOPE_LABEL: Record<CaseScope, string> = {
  mine: 'My cases only',
  'mine-and-unassigned': 'My cases and unassigned ones',
  all: "Every case of the team's",
};

export function AlertPreferencesForm({ preferences, onChange }: { preferences: AlertPreferences; onChange: (patch: Partial<AlertPreferences>) => void }) {
  // Quiet hours keep their last times while switched off.
  const [quiet, setQuiet] = useState(preferences.quietHours ?? { from: '22:00', to: '07:00' });
  const setQuietHours = (next: { from: string; to: string } | null) => {
    if (next) setQuiet(next);
    // A time field being typed is empty or partial: nothing is saved until it is a time.
    if (next && (!/^\d\d:\d\d$/.test(next.from) || !/^\d\d:\d\d$/.test(next.to) || next.from === next.to)) return;
    onChange({ quietHours: next });
  };
  return (
    <div className="alert-preferences">
      <fieldset>
        <legend>Tell me</legend>
        {ALERT_KINDS.map((kind) => (
          <label key={kind} className="check">
            <input type="checkbox" checked={preferences.kinds[kind]} onChange={(e) => onChange({ kinds: { ...preferences.kinds, [kind]: e.target.checked } })} />
            {KIND_LABEL[kind]}
          </label>
        ))}
      </fieldset>
      <label>
        About
        <select value={preferences.cases} onChange={(e) => onChange({ cases: e.target.value as CaseScope })}>
          {(Object.keys(SCOPE_LABEL) as CaseScope[]).map((scope) => (
            <option key={scope} value={scope}>
              {SCOPE_LABEL[scope]}
            </option>
          ))}
        </select>
        <span className="hint">Every Severity-1 reaches whoever is on call, and every breach the managers, whatever is chosen here.</span>
      </label>
      <label className="check">
        <input type="checkbox" checked={preferences.quietHours !== null} onChange={(e) => setQuietHours(e.target.checked ? quiet : null)} />
        Quiet hours (no pop-up nor sound; a Severity-1 always gets through)
      </label>
      {preferences.quietHours !== null && (
        <div className="quiet-hours">
          <label>
            From
            <input type="time" value={quiet.from} onChange={(e) => setQuietHours({ ...quiet, from: e.target.value })} />
          </label>
          <label>
            To
            <input type="time" value={quiet.to} onChange={(e) => setQuietHours({ ...quiet, to: e.target.value })} />
          </label>
        </div>
      )}
      <label className="check">
        <input type="checkbox" checked={preferences.sound} onChange={(e) => onChange({ sound: e.target.checked })} />
        Sound
      </label>
    </div>
  );
}
