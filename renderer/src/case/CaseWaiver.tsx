// The modification waiver in the workspace: the case's waivers (in force, expired, revoked or
// superseded; each downloadable as the PDF recorded at signing), "Sign waiver…" — signatory,
// systems (from the servers table or named), changes, validity, and the signature drawn on the pad
// (signature_pad), typed, or a signed scan attached to the case — and "Log equipment access…",
// refused without a waiver that covers the system then, with the offer to start one for it.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import SignaturePad from 'signature_pad';
import type { CaseChange, CaseDetail, CasedeskApi } from '../../../shared/ipc/contract';
import type { Waiver } from '../../../shared/diagnostics/waivers';
import { displayName } from '../../../shared/files/file-names';
import { saveBlob } from '../files/save-blob';
import { FieldError } from '../ui/FieldError';
import { Moment } from '../ui/Moment';
import { ZonedTimeInput } from '../ui/ZonedTimeInput';
import { refusalOf } from './case-actions';

interface Props {
  api: CasedeskApi;
  detail: CaseDetail;
  change: (name: CaseChange, args: Record<string, unknown>, onProblem?: (message: string) => void) => Promise<boolean>;
  busy: boolean;
}

type SignatureKind = 'drawn' | 'typed' | 'scan';
const PAD = { width: 400, height: 150 };

function standing(w: Waiver, now: number): string {
  if (w.revoked && Date.parse(w.revoked.at) <= now) return `revoked (${w.revoked.reason})`;
  if (w.supersededBy) return `superseded by ${w.supersededBy}`;
  if (now < Date.parse(w.validFrom)) return 'not valid yet';
  if (now >= Date.parse(w.validTo)) return 'expired';
  return 'in force';
}

function newWaiverId(): string {
  return `W-${(typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : Math.random().toString(36).slice(2)).slice(0, 8)}`;
}

/** The pad: strokes drawn with mouse, pen or finger; kept as flat x,y lists to a tenth. */
function Pad({ onStrokes }: { onStrokes: (strokes: number[][]) => void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const pad = useRef<SignaturePad | null>(null);
  useEffect(() => {
    const element = canvas.current;
    if (!element || !element.getContext('2d')) return; // no canvas (a test's DOM): typed and scan remain
    const p = new SignaturePad(element, { penColor: getComputedStyle(element).color || '#000' });
    const tell = () => onStrokes(p.toData().map((group) => group.points.flatMap((pt) => [Math.round(pt.x * 10) / 10, Math.round(pt.y * 10) / 10])));
    p.addEventListener('endStroke', tell);
    pad.current = p;
    return () => {
      p.removeEventListener('endStroke', tell);
      p.off();
    };
  }, [onStrokes]);
  return (
    <div className="signature-pad">
      <canvas ref={canvas} width={PAD.width} height={PAD.height} aria-label="Signature pad: sign here" role="img" />
      <button
        type="button"
        onClick={() => {
          pad.current?.clear();
          onStrokes([]);
        }}
      >
        Clear
      </button>
    </div>
  );
}

function SignForm({ detail, change, busy, systems: preset, onDone }: Props & { systems: string[]; onDone: () => void }) {
  const servers = detail.diagnostics.rows.servers.map((r) => r.values.host);
  const [signatory, setSignatory] = useState({ name: '', title: '', company: String(detail.record.company ?? ''), email: String((detail.record.contact as { email?: string } | undefined)?.email ?? '') });
  const [systems, setSystems] = useState<string[]>(preset);
  const [other, setOther] = useState('');
  const [changes, setChanges] = useState('');
  const [validFrom, setValidFrom] = useState(new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString());
  const [validTo, setValidTo] = useState(new Date(Math.floor(Date.now() / 60_000) * 60_000 + 86_400_000).toISOString());
  const [kind, setKind] = useState<SignatureKind>('drawn');
  const [strokes, setStrokes] = useState<number[][]>([]);
  const [typed, setTyped] = useState('');
  const [scan, setScan] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const supersede = detail.diagnostics.waivers.filter((w) => !w.supersededBy && !w.revoked).at(-1);
  const [supersedes, setSupersedes] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const named = other.split(',').map((s) => s.trim()).filter(Boolean);
    const signature =
      kind === 'drawn' ? { kind, ...PAD, strokes } : kind === 'typed' ? { kind, name: typed } : { kind, sha256: scan };
    const args = { waiver: newWaiverId(), signatory, systems: [...systems, ...named], changes, validFrom, validTo, signature, ...(supersedes && supersede ? { supersedes: supersede.id } : {}) };
    if (await change('signWaiver', args, setProblem)) onDone();
  };
  const field = (key: keyof typeof signatory, label: string, type = 'text') => (
    <label>
      {label}
      <input type={type} value={signatory[key]} maxLength={key === 'email' ? 254 : 200} onChange={(e) => setSignatory({ ...signatory, [key]: e.target.value })} />
    </label>
  );
  return (
    <form aria-label="Sign waiver" className="waiver-form" onSubmit={(e) => void submit(e)}>
      <fieldset>
        <legend>Signatory (the customer)</legend>
        {field('name', 'Name')}
        {field('title', 'Title')}
        {field('company', 'Company')}
        {field('email', 'Email', 'email')}
      </fieldset>
      <fieldset>
        <legend>Systems covered</legend>
        {[...new Set([...servers, ...preset])].map((host) => (
          <label key={host}>
            <input type="checkbox" checked={systems.includes(host)} onChange={(e) => setSystems(e.target.checked ? [...systems, host] : systems.filter((s) => s !== host))} /> {host}
          </label>
        ))}
        <label>
          Other systems (comma-separated)
          <input value={other} onChange={(e) => setOther(e.target.value)} />
        </label>
      </fieldset>
      <label>
        Changes permitted
        <textarea value={changes} maxLength={4000} onChange={(e) => setChanges(e.target.value)} />
      </label>
      <ZonedTimeInput label="Valid from" value={validFrom} onChange={setValidFrom} policyZone={detail.policyZone} required />
      <ZonedTimeInput label="Valid until" value={validTo} onChange={setValidTo} policyZone={detail.policyZone} required />
      <fieldset>
        <legend>Signature</legend>
        {(['drawn', 'typed', 'scan'] as const).map((k) => (
          <label key={k}>
            <input type="radio" name="signature-kind" checked={kind === k} onChange={() => setKind(k)} /> {k === 'drawn' ? 'Draw' : k === 'typed' ? 'Type' : 'Signed scan'}
          </label>
        ))}
        {kind === 'drawn' && <Pad onStrokes={setStrokes} />}
        {kind === 'typed' && (
          <label>
            Typed signature
            <input value={typed} maxLength={200} onChange={(e) => setTyped(e.target.value)} />
          </label>
        )}
        {kind === 'scan' && (
          <label>
            The signed scan (attached to the case)
            <select value={scan} onChange={(e) => setScan(e.target.value)}>
              <option value="">— choose a file —</option>
              {detail.attachments.map((f) => (
                <option key={f.sha256} value={f.sha256}>
                  {displayName(f.name)}
                </option>
              ))}
            </select>
          </label>
        )}
      </fieldset>
      {supersede && (
        <label>
          <input type="checkbox" checked={supersedes} onChange={(e) => setSupersedes(e.target.checked)} /> Supersedes waiver {supersede.id} (a correction)
        </label>
      )}
      <button type="submit" disabled={busy}>
        Sign
      </button>
      <button type="button" onClick={onDone}>
        Cancel
      </button>
      <FieldError problem={problem} announce />
    </form>
  );
}

function AccessForm({ detail, change, busy, onStartWaiver, onDone }: Props & { onStartWaiver: (system: string) => void; onDone: () => void }) {
  const [system, setSystem] = useState(detail.diagnostics.waivers.flatMap((w) => w.systems)[0] ?? '');
  const [what, setWhat] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await change('logEquipmentAccess', { system, change: what }, setProblem)) onDone();
  };
  const refusedForWaiver = problem !== null && / refused: /.test(problem);
  return (
    <form aria-label="Log equipment access" onSubmit={(e) => void submit(e)} className="inline-form">
      <label>
        System
        <input value={system} maxLength={253} onChange={(e) => setSystem(e.target.value)} list="waiver-systems" />
      </label>
      <datalist id="waiver-systems">
        {[...new Set([...detail.diagnostics.rows.servers.map((r) => r.values.host), ...detail.diagnostics.waivers.flatMap((w) => w.systems)])].map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
      <label>
        What was changed
        <input value={what} maxLength={4000} onChange={(e) => setWhat(e.target.value)} />
      </label>
      <button type="submit" disabled={busy}>
        Log access
      </button>
      <button type="button" onClick={onDone}>
        Cancel
      </button>
      <FieldError problem={problem} announce />
      {refusedForWaiver && system.trim() && (
        <button type="button" onClick={() => onStartWaiver(system.trim())}>
          Start a waiver for {system.trim()}…
        </button>
      )}
    </form>
  );
}

export function CaseWaiver(props: Props) {
  const { api, detail } = props;
  const [open, setOpen] = useState<null | 'sign' | 'access'>(null);
  const [preset, setPreset] = useState<string[]>([]);
  const [saying, setSaying] = useState<string | null>(null);
  const { waivers, accesses } = detail.diagnostics;
  const now = Date.now();
  const download = async (w: Waiver) => {
    try {
      const pdf = await api['waiver:pdf']({ caseId: String(detail.record.id), waiver: w.id });
      const bytes = Uint8Array.from(atob(pdf.base64), (c) => c.charCodeAt(0));
      saveBlob(new Blob([bytes], { type: 'application/pdf' }), pdf.fileName);
      setSaying(null);
    } catch (err) {
      setSaying((err as Error).message);
    }
  };
  const signRefused = refusalOf(detail, 'signWaiver');
  return (
    <section aria-label="Modification waiver" className="waivers">
      <h4>Modification waiver</h4>
      {waivers.length === 0 ? (
        <p className="muted">No waiver signed: the customer signs one before their equipment is touched.</p>
      ) : (
        <ul>
          {waivers.map((w) => (
            <li key={w.id} aria-label={`Waiver ${w.id}`}>
              <strong>{w.id}</strong> — {w.signatory.name}, {w.signatory.title} ({w.signatory.company}) · {w.systems.join(', ')} · valid{' '}
              <Moment ms={Date.parse(w.validFrom)} policyZone={detail.policyZone} /> – <Moment ms={Date.parse(w.validTo)} policyZone={detail.policyZone} /> ·{' '}
              <span className="waiver-standing">{standing(w, now)}</span>{' '}
              <button type="button" onClick={() => void download(w)}>
                PDF
              </button>
              {!w.revoked && (
                <RevokeButton
                  onRevoke={(reason, onProblem) => props.change('revokeWaiver', { waiver: w.id, reason }, onProblem)}
                  busy={props.busy}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {accesses.length > 0 && (
        <ul aria-label="Accesses to customer equipment">
          {accesses.map((a) => (
            <li key={a.event}>
              {a.system}: {a.change} — {a.by}, <Moment ms={Date.parse(a.at)} policyZone={detail.policyZone} /> (waiver {a.waiver})
            </li>
          ))}
        </ul>
      )}
      <FieldError problem={saying} announce />
      {open === 'sign' ? (
        <SignForm {...props} systems={preset} onDone={() => setOpen(null)} />
      ) : open === 'access' ? (
        <AccessForm
          {...props}
          onDone={() => setOpen(null)}
          onStartWaiver={(system) => {
            setPreset([system]);
            setOpen('sign');
          }}
        />
      ) : (
        <p>
          <button type="button" disabled={props.busy || signRefused !== null} title={signRefused ?? undefined} onClick={() => (setPreset([]), setOpen('sign'))}>
            Sign waiver…
          </button>{' '}
          <button type="button" disabled={props.busy} onClick={() => setOpen('access')}>
            Log equipment access…
          </button>
        </p>
      )}
    </section>
  );
}

function RevokeButton({ onRevoke, busy }: { onRevoke: (reason: string, onProblem: (m: string) => void) => Promise<boolean>; busy: boolean }) {
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  if (!asking) {
    return (
      <button type="button" disabled={busy} onClick={() => setAsking(true)}>
        Revoke…
      </button>
    );
  }
  return (
    <form
      aria-label="Revoke waiver"
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        void onRevoke(reason, setProblem).then((ok) => ok && setAsking(false));
      }}
    >
      <label>
        Reason
        <input value={reason} maxLength={2000} autoFocus onChange={(e) => setReason(e.target.value)} />
      </label>
      <button type="submit" disabled={busy}>
        Revoke
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
      <FieldError problem={problem} announce />
    </form>
  );
}
