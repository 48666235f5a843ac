// A date and time a person types, said in a zone: a datetime-local beside the zone it is read in
// (the policy's by default; also the engineer's own and UTC), and a live line saying the instant
// it will record in the one convention ("records Fri 4 Dec 08:00 EST (14:00 CET)"). It gives the
// form an ISO 8601 instant with that zone's offset, or '' while there is none: empty, or a time
// the zone's clocks skip (said under it, and the input refuses the form until it is changed).
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { momentText } from '../../../shared/time/moment-text';
import { readWallTime, wallTimeOf } from '../../../shared/time/wall-time';
import { viewerZone } from '../time-format';

interface Props {
  label: ReactNode;
  /** An ISO 8601 instant with offset, or '' for none. */
  value: string;
  onChange: (iso: string) => void;
  /** The zone of the case's policy: the default, until the person picks another (null while not known). */
  policyZone: string | null;
  required?: boolean;
  hint?: ReactNode;
}

function zonesOffered(policyZone: string | null, mine: string): { zone: string; label: string }[] {
  const offered: { zone: string; label: string }[] = [];
  const add = (zone: string, label: string) => {
    const same = offered.find((o) => o.zone === zone);
    if (same) same.label = `${same.label}, ${label}`;
    else offered.push({ zone, label });
  };
  if (policyZone) add(policyZone, 'the policy’s');
  add(mine, 'yours');
  add('UTC', 'UTC');
  return offered.map((o) => ({ zone: o.zone, label: o.zone === 'UTC' && o.label === 'UTC' ? 'UTC' : `${o.zone} (${o.label})` }));
}

export function ZonedTimeInput({ label, value, onChange, policyZone, required, hint }: Props) {
  const id = useId();
  const mine = viewerZone();
  const [chosen, setChosen] = useState<string | null>(null);
  const [typed, setTyped] = useState<string | null>(null);
  const zone = chosen ?? policyZone ?? mine;
  const given = value ? Date.parse(value) : Number.NaN;
  // Until the person types, the input shows the value given, in the zone chosen.
  const wall = typed ?? (Number.isFinite(given) ? wallTimeOf(given, zone) : '');
  const reading = wall ? readWallTime(wall, zone) : null;
  const input = useRef<HTMLInputElement>(null);
  const emit = useRef({ onChange, value, wall });
  emit.current = { onChange, value, wall };
  // The wall time shown is read in the zone in force, again when the zone changes (picked, or the
  // policy's arriving): the form is given that instant, written with the zone's offset.
  useEffect(() => {
    const { onChange: tell, value: was, wall: shown } = emit.current;
    if (!shown && typed === null) return;
    const r = shown ? readWallTime(shown, zone) : null;
    const iso = r?.ok ? r.iso : '';
    if (iso !== was) tell(iso);
  }, [typed, zone]);
  const problem = reading && !reading.ok ? `No such time: ${reading.error}.` : '';
  useEffect(() => input.current?.setCustomValidity(problem), [problem]);
  const other = zone === mine ? (policyZone ?? undefined) : mine;
  return (
    <div className="zoned-time">
      <label htmlFor={id}>{label}</label>
      <span className="zoned-time-inputs">
        <input ref={input} id={id} type="datetime-local" value={wall} required={required} onChange={(e) => setTyped(e.target.value)} aria-invalid={problem ? true : undefined} />
        <select aria-label="Time zone" value={zone} onChange={(e) => {
            // The wall time shown stays what it is: it is read in the zone picked.
            if (typed === null) setTyped(wall);
            setChosen(e.target.value);
          }}>
          {zonesOffered(policyZone, mine).map((o) => (
            <option key={o.zone} value={o.zone}>
              {o.label}
            </option>
          ))}
        </select>
      </span>
      <span className={`hint records${problem ? ' error' : ''}`} aria-live="polite">
        {reading === null
          ? `Wall-clock time in ${zone}`
          : reading.ok
            ? `records ${momentText(reading.ms, { zone, alsoZone: other, now: Date.now() })}${reading.twice ? ' (the first of the two: the clocks go back that night)' : ''}`
            : problem}
      </span>
      {hint}
    </div>
  );
}
