// The on-call rota: in the header who is on call now and until when ("On call: Ana Lima until
// 08:00"), and on a click the rota's screen — the week as a calendar, day by day in the policy's
// zone (overrides marked), the weeks before and after, and for a manager or an admin the editor:
// recurring shifts (days of the week, or any iCalendar rule), overrides for swaps and holidays,
// and the managers paged last. Put in use, it is in force here at once and goes to the team at the
// next sync (`rota:use`); a malformed entry is refused naming it, an edit made on an older
// revision than the team's saying who changed the rota.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CasedeskApi, RotaState } from '../../../shared/ipc/contract';
import type { Override, Rota, Shift } from '../../../shared/oncall/rota';
import { Moment } from '../ui/Moment';
import { useFocusTrap } from '../ui/useFocusTrap';
import { ZonedTimeInput } from '../ui/ZonedTimeInput';
import { moment } from '../time-format';

interface Props {
  api: CasedeskApi;
  me: string;
  /** The signed-in server user's role; null: this desktop works alone (it may edit, the server judges later). */
  role: string | null;
  /** Bumps when a sync brought something in (the team's rota may have changed). */
  dataVersion: number;
}

const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
const DAY_WORDS: Record<(typeof DAYS)[number], string> = { MO: 'Mon', TU: 'Tue', WE: 'Wed', TH: 'Thu', FR: 'Fri', SA: 'Sat', SU: 'Sun' };
const WEEKLY = /^FREQ=WEEKLY;BYDAY=((?:MO|TU|WE|TH|FR|SA|SU)(?:,(?:MO|TU|WE|TH|FR|SA|SU))*)$/;

/** The days of a plain weekly rule, or null for any other rule (edited as its text). */
export function weekdaysOf(repeat: string): Set<string> | null {
  const m = WEEKLY.exec(repeat.trim().toUpperCase());
  return m ? new Set(m[1]!.split(',')) : repeat.trim() === '' ? new Set() : null;
}

const weeklyRule = (days: Set<string>) => `FREQ=WEEKLY;BYDAY=${DAYS.filter((d) => days.has(d)).join(',')}`;

/** Hours and minutes of an instant in `zone`, 24-hour. */
function clockIn(ms: number, zone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);
}

function dayTitle(date: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' }).format(Date.parse(`${date}T00:00:00Z`));
}

let made = 0;
const newId = (kind: string) => `${kind}-${Date.now().toString(36)}-${(made++).toString(36)}`;

function blankShift(today: string): Shift {
  return { id: newId('shift'), name: '', repeat: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', starts: today, from: '18:00', to: '08:00', primary: '', secondary: null };
}

function blankOverride(): Override {
  return { id: newId('override'), from: '', to: '', primary: '', secondary: null, reason: '' };
}

/** The draft as the rota document: names trimmed, an empty secondary none. */
function documentOf(draft: Rota): Rota {
  const person = (s: string | null) => (s?.trim() ? s.trim() : null);
  return {
    format: draft.format,
    shifts: draft.shifts.map((s) => ({ ...s, name: s.name.trim(), repeat: s.repeat.trim(), primary: s.primary.trim(), secondary: person(s.secondary) })),
    overrides: draft.overrides.map((o) => ({ ...o, primary: o.primary.trim(), secondary: person(o.secondary), reason: o.reason.trim() })),
    management: draft.management.map((m) => m.trim()).filter(Boolean),
  };
}

/** "On call: Ana Lima until 08:00" — the header's part, which opens the rota. */
export function OnCallButton(props: Props) {
  const { api, dataVersion } = props;
  const [state, setState] = useState<RotaState | null>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const load = () => void api['rota:get']({}).then(setState).catch(() => undefined);
    load();
    // The cover changes at its `until`: read again each minute (and when a sync brought something).
    const timer = setInterval(load, 60_000);
    return () => clearInterval(timer);
  }, [api, dataVersion, open]);
  let label = 'On-call rota…';
  let title = 'Who is on call, and when: the on-call rota';
  if (state?.now) {
    label = `On call: ${state.now.primary}${state.now.until === null ? '' : ` until ${moment(state.now.until, state.zone)}`}`;
    title = `${state.now.primary} is on call now (${state.now.by})${state.now.secondary ? `; secondary ${state.now.secondary}` : ''}. Severity-1 pages go to them first.`;
  } else if (state?.nextCover) {
    label = `Nobody on call until ${moment(state.nextCover.at, state.zone)}`;
    title = `The rota leaves now uncovered; ${state.nextCover.primary} is on call from then. Severity-1 pages go to every on-call user meanwhile.`;
  } else if (state && (state.rota.shifts.length > 0 || state.rota.overrides.length > 0)) {
    label = 'Nobody on call';
  }
  return (
    <>
      <button type="button" className={`on-call-now${state?.now ? '' : ' uncovered'}`} onClick={() => setOpen(true)} title={title}>
        {label}
      </button>
      {open && <RotaDialog {...props} onClose={() => setOpen(false)} />}
    </>
  );
}

export function RotaDialog({ api, me, role, dataVersion, onClose }: Props & { onClose: () => void }) {
  const [state, setState] = useState<RotaState | null>(null);
  const [draft, setDraft] = useState<Rota | null>(null);
  const [week, setWeek] = useState(0);
  const [said, setSaid] = useState<{ text: string; error: boolean } | null>(null);
  const [saving, setSaving] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useFocusTrap(box);
  const mayEdit = role === null || role === 'manager' || role === 'admin';

  const load = useCallback(
    (keepDraft: boolean) =>
      api['rota:get']({ week }).then(
        (s) => {
          setState(s);
          if (!keepDraft) setDraft(structuredClone(s.rota));
        },
        (err: Error) => setSaid({ text: err.message, error: true }),
      ),
    [api, week],
  );
  const loaded = useRef(false);
  useEffect(() => {
    void load(loaded.current);
    loaded.current = true;
  }, [load, dataVersion]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);

  const changed = state !== null && draft !== null && JSON.stringify(documentOf(draft)) !== JSON.stringify(documentOf(state.rota));
  const setShift = (i: number, edit: Partial<Shift>) => draft && setDraft({ ...draft, shifts: draft.shifts.map((s, j) => (j === i ? { ...s, ...edit } : s)) });
  const setOverride = (i: number, edit: Partial<Override>) => draft && setDraft({ ...draft, overrides: draft.overrides.map((o, j) => (j === i ? { ...o, ...edit } : o)) });
  const today = state?.days[0]?.date ?? new Date().toISOString().slice(0, 10);

  const save = async () => {
    if (!state || !draft) return;
    setSaving(true);
    setSaid(null);
    try {
      const next = await api['rota:use']({ author: me || 'manager', rota: documentOf(draft), base: state.revision, week });
      setState(next);
      setDraft(structuredClone(next.rota));
      setSaid({ text: `Rota revision ${next.revision} is in use${next.pending ? '; it goes to the team at the next sync' : ''}.`, error: false });
    } catch (err) {
      setSaid({ text: (err as Error).message, error: true });
    } finally {
      setSaving(false);
    }
  };

  const zone = state?.zone ?? null;
  return (
    <div className="dialog-backdrop">
      <div ref={box} className="dialog rota" role="dialog" aria-modal="true" aria-label="On-call rota" tabIndex={-1}>
        <h2>On-call rota</h2>
        {state ? (
          <p className="hint">
            {state.now ? (
              <>
                On call now: <strong>{state.now.primary}</strong>
                {state.now.secondary ? `, secondary ${state.now.secondary}` : ''} ({state.now.by})
                {state.now.until !== null && (
                  <>
                    {' '}
                    until <Moment ms={state.now.until} policyZone={state.zone} />
                  </>
                )}
                .{' '}
              </>
            ) : (
              <>Nobody is on call by the rota now: a Severity-1 page goes to every on-call user, then the managers. </>
            )}
            Revision {state.revision}
            {state.by ? `, put in use by ${state.by}` : ''}
            {state.at ? (
              <>
                {' '}
                <Moment ms={state.at} />
              </>
            ) : null}
            . Hours are wall-clock hours in {state.zone}.{state.pending ? ' An edit made here waits to be sent to the team.' : ''}
          </p>
        ) : (
          <p className="hint">Reading the rota…</p>
        )}
        <div className="rota-week-nav">
          <button type="button" onClick={() => setWeek(week - 1)}>
            ← Previous week
          </button>
          <button type="button" disabled={week === 0} onClick={() => setWeek(0)}>
            This week
          </button>
          <button type="button" onClick={() => setWeek(week + 1)}>
            Next week →
          </button>
        </div>
        {state && (
          <div className="rota-calendar" aria-label={`Rota calendar, week of ${dayTitle(state.days[0]!.date)}`}>
            {state.days.map((day) => (
              <section key={day.date} className="rota-day" aria-label={dayTitle(day.date)}>
                <h3>{dayTitle(day.date)}</h3>
                {day.stretches.length === 0 ? (
                  <p className="muted">Nobody on call</p>
                ) : (
                  <ul>
                    {day.stretches.map((s) => (
                      <li key={s.from} className={s.override ? 'override' : undefined}>
                        <span className="rota-hours">
                          {clockIn(s.from, state.zone)}–{clockIn(s.to, state.zone).replace(/^00:00$/, '24:00')}
                        </span>{' '}
                        <strong>{s.primary}</strong>
                        {s.secondary ? <span className="muted"> · secondary {s.secondary}</span> : null}
                        <span className="rota-by"> {s.by}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            ))}
          </div>
        )}
        {!mayEdit && <p className="hint">Only a manager or an admin changes the rota; you are signed in as {role}.</p>}
        {mayEdit && draft && (
          <>
            <h3>Shifts</h3>
            <table className="rota-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Days</th>
                  <th scope="col">From</th>
                  <th scope="col">To</th>
                  <th scope="col">First day</th>
                  <th scope="col">Primary</th>
                  <th scope="col">Secondary</th>
                  <th scope="col">
                    <span className="visually-hidden">Remove</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {draft.shifts.map((shift, i) => {
                  const days = weekdaysOf(shift.repeat);
                  const what = shift.name || `shift ${i + 1}`;
                  return (
                    <tr key={shift.id}>
                      <td>
                        <input value={shift.name} maxLength={80} aria-label={`Name of ${what}`} placeholder="Weeknights" onChange={(e) => setShift(i, { name: e.target.value })} />
                      </td>
                      <td>
                        {days ? (
                          <span className="rota-days" role="group" aria-label={`Days of ${what}`}>
                            {DAYS.map((d) => (
                              <label key={d}>
                                <input
                                  type="checkbox"
                                  checked={days.has(d)}
                                  onChange={(e) => {
                                    const next = new Set(days);
                                    if (e.target.checked) next.add(d);
                                    else next.delete(d);
                                    setShift(i, { repeat: next.size === 0 ? '' : weeklyRule(next) });
                                  }}
                                />
                                {DAY_WORDS[d]}
                              </label>
                            ))}
                          </span>
                        ) : (
                          <input value={shift.repeat} maxLength={500} aria-label={`Repeat rule of ${what}`} title="An iCalendar RRULE (RFC 5545), at most daily" onChange={(e) => setShift(i, { repeat: e.target.value })} />
                        )}
                      </td>
                      <td>
                        <input type="time" value={shift.from} aria-label={`Start of ${what}`} onChange={(e) => setShift(i, { from: e.target.value })} />
                      </td>
                      <td>
                        <input type="time" value={shift.to} aria-label={`End of ${what}`} title="At or before the start: it ends the next day" onChange={(e) => setShift(i, { to: e.target.value })} />
                      </td>
                      <td>
                        <input type="date" value={shift.starts} aria-label={`First day of ${what}`} onChange={(e) => setShift(i, { starts: e.target.value })} />
                      </td>
                      <td>
                        <input value={shift.primary} maxLength={200} aria-label={`Primary of ${what}`} onChange={(e) => setShift(i, { primary: e.target.value })} />
                      </td>
                      <td>
                        <input value={shift.secondary ?? ''} maxLength={200} aria-label={`Secondary of ${what}`} onChange={(e) => setShift(i, { secondary: e.target.value })} />
                      </td>
                      <td>
                        <button type="button" aria-label={`Remove ${what}`} onClick={() => setDraft({ ...draft, shifts: draft.shifts.filter((_, j) => j !== i) })}>
                          ✕
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <button type="button" onClick={() => setDraft({ ...draft, shifts: [...draft.shifts, blankShift(today)] })}>
              Add shift
            </button>
            <h3>Overrides (swaps, holidays)</h3>
            {draft.overrides.length === 0 && <p className="muted">None. An override covers its hours whatever the shifts say; the last one listed wins.</p>}
            {draft.overrides.map((o, i) => {
              const what = o.reason || `override ${i + 1}`;
              return (
                <fieldset key={o.id} className="rota-override">
                  <legend>{what}</legend>
                  <ZonedTimeInput label="From" value={o.from} policyZone={zone} onChange={(iso) => setOverride(i, { from: iso })} />
                  <ZonedTimeInput label="To" value={o.to} policyZone={zone} onChange={(iso) => setOverride(i, { to: iso })} />
                  <label>
                    Primary
                    <input value={o.primary} maxLength={200} onChange={(e) => setOverride(i, { primary: e.target.value })} />
                  </label>
                  <label>
                    Secondary
                    <input value={o.secondary ?? ''} maxLength={200} onChange={(e) => setOverride(i, { secondary: e.target.value })} />
                  </label>
                  <label>
                    Reason
                    <input value={o.reason} maxLength={500} placeholder="swap: Ana at the dentist" onChange={(e) => setOverride(i, { reason: e.target.value })} />
                  </label>
                  <button type="button" onClick={() => setDraft({ ...draft, overrides: draft.overrides.filter((_, j) => j !== i) })}>
                    Remove override
                  </button>
                </fieldset>
              );
            })}
            <button type="button" onClick={() => setDraft({ ...draft, overrides: [...draft.overrides, blankOverride()] })}>
              Add override
            </button>
            <label className="rota-management">
              Management (paged last, together; comma-separated)
              <input value={draft.management.join(', ')} onChange={(e) => setDraft({ ...draft, management: e.target.value.split(',').map((m) => m.trimStart()) })} />
            </label>
          </>
        )}
        {said && (
          <p className={said.error ? 'error' : 'note'} role={said.error ? 'alert' : 'status'}>
            {said.text}
          </p>
        )}
        <div className="actions">
          {mayEdit && (
            <>
              <button type="button" className="primary" disabled={!changed || saving} onClick={() => void save()}>
                {saving ? 'Saving…' : 'Put in use'}
              </button>
              <button type="button" disabled={!changed || saving} onClick={() => state && (setDraft(structuredClone(state.rota)), setSaid(null))}>
                Discard edits
              </button>
            </>
          )}
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
