// The case workspace: every field the policy requires, edited in place (saved when the field is
// left), what is still missing, both SLA clocks with their deadlines explained, the timeline, and
// the actions that carry out the policy — each one a named change the core checks and records.
import { DateTime } from 'luxon';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { lastEventInForce } from '../../../shared/cases/case-timeline';
import type { FieldConflict } from '../../../shared/cases/field-conflicts';
import type { CaseChange, CaseDetail, CasedeskApi } from '../../../shared/ipc/contract';
import { ClockCell } from '../queue/ClockCell';

interface Fields {
  company?: string;
  contractId?: string;
  summary?: string;
  engineer?: string;
  contact?: { name?: string; email?: string; phone?: string };
  product?: string;
  softwareVersion?: string;
  hardware?: string;
  os?: string;
  problem?: { symptoms?: string; nature?: string; reproduction?: string };
  workarounds?: string;
  recommendation?: string;
}

/** The editable fields, in the order an engineer asks for them. */
const FIELDS: { path: string; label: string; get: (f: Fields) => string | undefined; set: (v: string) => Fields; long?: boolean; options?: string[] }[] = [
  { path: 'company', label: 'Company', get: (f) => f.company, set: (v) => ({ company: v }) },
  { path: 'contractId', label: 'Contract ID', get: (f) => f.contractId, set: (v) => ({ contractId: v }) },
  { path: 'contact.name', label: 'Contact name', get: (f) => f.contact?.name, set: (v) => ({ contact: { name: v } }) },
  { path: 'contact.email', label: 'Contact email', get: (f) => f.contact?.email, set: (v) => ({ contact: { email: v } }) },
  { path: 'contact.phone', label: 'Contact phone', get: (f) => f.contact?.phone, set: (v) => ({ contact: { phone: v } }) },
  { path: 'product', label: 'Product', get: (f) => f.product, set: (v) => ({ product: v }) },
  { path: 'softwareVersion', label: 'Software version', get: (f) => f.softwareVersion, set: (v) => ({ softwareVersion: v }) },
  { path: 'hardware', label: 'Hardware', get: (f) => f.hardware, set: (v) => ({ hardware: v }) },
  { path: 'os', label: 'Operating system', get: (f) => f.os, set: (v) => ({ os: v }) },
  { path: 'summary', label: 'Summary', get: (f) => f.summary, set: (v) => ({ summary: v }) },
  { path: 'problem.symptoms', label: 'Symptoms', get: (f) => f.problem?.symptoms, set: (v) => ({ problem: { symptoms: v } }), long: true },
  { path: 'problem.nature', label: 'Nature', get: (f) => f.problem?.nature, set: (v) => ({ problem: { nature: v } }), options: ['', 'functional', 'performance'] },
  { path: 'problem.reproduction', label: 'How to re-create it', get: (f) => f.problem?.reproduction, set: (v) => ({ problem: { reproduction: v } }), long: true },
  { path: 'workarounds', label: 'Work-arounds', get: (f) => f.workarounds, set: (v) => ({ workarounds: v }), long: true },
  { path: 'recommendation', label: 'Initial recommendation', get: (f) => f.recommendation, set: (v) => ({ recommendation: v }), long: true },
  { path: 'engineer', label: 'Engineer', get: (f) => f.engineer, set: (v) => ({ engineer: v }) },
];

type Field = { name: string; label: string; options?: string[]; placeholder?: string; optional?: boolean; datetime?: boolean };
interface Action {
  change: CaseChange;
  label: string;
  fields: Field[];
  /** The mutation's arguments from the form's values. */
  args: (v: Record<string, string>) => Record<string, unknown>;
}

const ACTIONS: Action[] = [
  { change: 'logContact', label: 'Log contact', fields: [{ name: 'channel', label: 'How', options: ['phone', 'email', 'onsite', 'remote'] }, { name: 'note', label: 'Note', optional: true }], args: (v) => ({ channel: v.channel, ...(v.note ? { note: v.note } : {}) }) },
  { change: 'recordCustomerReply', label: 'Customer replied', fields: [{ name: 'note', label: 'Note', optional: true }], args: (v) => ({ ...(v.note ? { note: v.note } : {}) }) },
  { change: 'deliverWorkaround', label: 'Work-around delivered', fields: [{ name: 'note', label: 'Work-around or plan' }], args: (v) => ({ note: v.note }) },
  { change: 'addNote', label: 'Note', fields: [{ name: 'text', label: 'Note' }], args: (v) => ({ text: v.text }) },
  { change: 'changeStatus', label: 'Status', fields: [{ name: 'status', label: 'New status', options: ['in-progress', 'awaiting-customer', 'resolved'] }, { name: 'reason', label: 'Reason', optional: true }], args: (v) => ({ status: v.status, ...(v.reason ? { reason: v.reason } : {}) }) },
  { change: 'changeSeverity', label: 'Severity', fields: [{ name: 'severity', label: 'New severity', options: ['1', '2', '3'] }, { name: 'reason', label: 'Reason' }], args: (v) => ({ severity: Number(v.severity), reason: v.reason }) },
  { change: 'holdAutoClose', label: 'Hold auto-close', fields: [{ name: 'note', label: 'Arrangement made' }], args: (v) => ({ note: v.note }) },
  { change: 'escalate', label: 'Escalate', fields: [{ name: 'to', label: 'To', options: ['support-management', 'account-manager'] }, { name: 'reason', label: 'Reason' }], args: (v) => ({ to: v.to, reason: v.reason }) },
  { change: 'flagThirdParty', label: 'Third-party cause', fields: [{ name: 'vendor', label: 'Vendor' }, { name: 'reason', label: 'Reason', optional: true }], args: (v) => ({ vendor: v.vendor, ...(v.reason ? { reason: v.reason } : {}) }) },
  { change: 'markFeatureRequest', label: 'Feature request', fields: [{ name: 'note', label: 'Note', optional: true }], args: (v) => ({ ...(v.note ? { note: v.note } : {}) }) },
  {
    change: 'closeCase',
    label: 'Close',
    fields: [
      { name: 'by', label: 'Agreed by (customer)' },
      { name: 'how', label: 'How', options: ['phone', 'email', 'onsite', 'remote', 'online'] },
      { name: 'when', label: 'Agreed at (empty: now)', optional: true, datetime: true },
    ],
    args: (v) => {
      const when = v.when ? DateTime.fromISO(v.when) : null;
      return { agreement: { by: v.by, how: v.how, ...(when?.isValid ? { at: when.toISO({ suppressMilliseconds: true }) } : {}) } };
    },
  },
  { change: 'reopenCase', label: 'Reopen', fields: [{ name: 'reason', label: 'Reason' }], args: (v) => ({ reason: v.reason }) },
];

function both(ms: number | null, policyZone: string): string {
  if (ms === null) return '—';
  const mine = DateTime.fromMillis(ms);
  const theirs = DateTime.fromMillis(ms, { zone: policyZone });
  const text = mine.toFormat('ccc d LLL HH:mm ZZZZ');
  return mine.offset === theirs.offset ? text : `${text} (${theirs.toFormat('HH:mm ZZZZ')})`;
}

/** Before a severity change is saved: the deadlines it would give, next to the ones in force. */
function SeverityPreview({ api, detail, severity }: { api: CasedeskApi; detail: CaseDetail; severity: number }) {
  const [preview, setPreview] = useState<{ response: CaseDetail['clocks']['response']; resolution: CaseDetail['clocks']['resolution'] } | null>(null);
  useEffect(() => {
    let live = true;
    api['case:preview-severity']({ idOrNumber: String(detail.record.id), severity }).then((p) => live && setPreview(p), () => live && setPreview(null));
    return () => {
      live = false;
    };
  }, [api, detail, severity]);
  if (!preview) return null;
  const line = (k: 'response' | 'resolution') => {
    const c = preview[k];
    const state = c.state === 'running' ? `due ${both(c.dueAt, detail.policyZone)}, breach ${both(c.breachAt, detail.policyZone)}` : c.state;
    return `${k === 'response' ? 'Response' : 'Resolution'}: ${state}`;
  };
  return (
    <p className="preview" role="status" aria-label="New deadlines">
      At severity {severity}: {line('response')} · {line('resolution')}
    </p>
  );
}

function ActionForm({ action, onSubmit, busy, preview }: { action: Action; onSubmit: (values: Record<string, string>) => void; busy: boolean; preview?: (values: Record<string, string>) => ReactNode }) {
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(action.fields.map((f) => [f.name, f.options?.[0] ?? ''])));
  const first = useRef<HTMLFormElement>(null);
  useEffect(() => first.current?.querySelector<HTMLElement>('input, select, button')?.focus(), []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit(values);
  };
  return (
    <form ref={first} className="action-form" onSubmit={submit} aria-label={action.label}>
      {action.fields.map((f) => (
        <label key={f.name}>
          {f.label}
          {f.options ? (
            <select value={values[f.name]} onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}>
              {f.options.map((o) => (
                <option key={o}>{o}</option>
              ))}
            </select>
          ) : (
            <input
              type={f.datetime ? 'datetime-local' : 'text'}
              value={values[f.name]}
              required={!f.optional}
              onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
            />
          )}
        </label>
      ))}
      <button type="submit" className="primary" disabled={busy}>
        {action.label}
      </button>
      {preview?.(values)}
    </form>
  );
}

/** The message asking the customer for what the case still lacks: ready to copy or to mail. */
export function missingInfoMessage(detail: CaseDetail): { subject: string; body: string; to: string } {
  const r = detail.record as Fields & { id?: string };
  const name = r.contact?.name ? `Dear ${r.contact.name},` : 'Hello,';
  const body = [
    name,
    '',
    `To work on your case ${detail.number} (${r.summary ?? 'your support request'}), we need the following information:`,
    '',
    ...detail.missing.map((m) => `  - ${m.label}`),
    '',
    'Please reply to this message with these details. If we do not hear from you within 10 days, the case will be closed; let us know if you need more time.',
    '',
    `Regards,`,
    r.engineer ?? 'Xecuritas technical support',
  ].join('\n');
  return { subject: `Case ${detail.number}: information needed`, body, to: r.contact?.email ?? '' };
}

function MissingInfoRequest({ detail, onRecord, busy }: { detail: CaseDetail; onRecord: () => void; busy: boolean }) {
  const message = missingInfoMessage(detail);
  const mailto = `mailto:${encodeURIComponent(message.to)}?subject=${encodeURIComponent(message.subject)}&body=${encodeURIComponent(message.body)}`;
  const [copied, setCopied] = useState(false);
  return (
    <section className="action-form request" aria-label="Request missing information">
      <textarea aria-label="Message to the customer" readOnly value={message.body} rows={Math.min(16, message.body.split('\n').length + 1)} />
      <div className="request-actions">
        <button type="button" onClick={() => void navigator.clipboard?.writeText(message.body).then(() => setCopied(true))}>
          {copied ? 'Copied' : 'Copy'}
        </button>
        <a href={mailto}>Open in mail</a>
        <button type="button" className="primary" disabled={busy} onClick={onRecord}>
          Record request and await the customer
        </button>
      </div>
    </section>
  );
}

export function CaseWorkspace({ api, id, me, onClose, onChanged, dataVersion = 0 }: { api: CasedeskApi; id: string; me: string; onClose: () => void; onChanged: () => void; dataVersion?: number }) {
  const [detail, setDetail] = useState<CaseDetail | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [action, setAction] = useState<Action | null>(null);
  const [requesting, setRequesting] = useState(false);
  const [busy, setBusy] = useState(false);
  const close = useRef<HTMLButtonElement>(null);
  const undoRef = useRef<HTMLButtonElement>(null);
  useEffect(() => close.current?.focus(), []);
  // Shortcuts for the frequent actions (listed by `?`), when no field has the keyboard.
  useEffect(() => {
    const keys: Record<string, CaseChange> = { u: 'undoLastChange', c: 'logContact', r: 'recordCustomerReply', w: 'deliverWorkaround', t: 'addNote', s: 'changeStatus', v: 'changeSeverity', e: 'escalate' };
    const onKey = (e: KeyboardEvent) => {
      const t = e.target;
      if (t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement || e.ctrlKey || e.metaKey || e.altKey || e.repeat) return;
      if (document.querySelector('[aria-label="Keyboard shortcuts"]')) return; // the help overlay is up
      if (e.key === 'm') {
        e.preventDefault();
        setAction(null);
        setRequesting(true);
      } else if (e.key === 'u') {
        e.preventDefault();
        undoRef.current?.click();
      } else if (keys[e.key]) {
        e.preventDefault();
        setRequesting(false);
        setAction(ACTIONS.find((a) => a.change === keys[e.key]) ?? null);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  useEffect(() => {
    setDetail(undefined);
    api['case:get']({ idOrNumber: id }).then(setDetail, (err: Error) => setError(err.message));
  }, [api, id]);
  // A sync brought changes in: show the case as it now stands (drafts of fields being edited stay).
  const shownVersion = useRef(dataVersion);
  useEffect(() => {
    if (dataVersion === shownVersion.current) return;
    shownVersion.current = dataVersion;
    api['case:get']({ idOrNumber: id }).then((d) => d && setDetail(d), () => undefined);
  }, [api, id, dataVersion]);

  const change = async (name: CaseChange, args: Record<string, unknown>): Promise<boolean> => {
    if (!me) {
      setError('Say who you are first (top right: "I am"): every change records its author.');
      return false;
    }
    setBusy(true);
    try {
      setDetail(await api['case:change']({ name, args: { caseId: String(detail!.record.id), author: me, ...args } }));
      setError(null);
      onChanged();
      return true;
    } catch (err) {
      setError((err as Error).message);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const record = (detail?.record ?? {}) as Fields & Record<string, unknown>;
  const raw = (detail?.record.events as Record<string, unknown>[] | undefined) ?? [];
  const retracted = new Set(raw.filter((e) => e.type === 'retraction').map((e) => e.retracts as number));
  const events = raw.map((e, i) => ({ e, i }));
  // The last change still in force, if it is mine: it can be undone (the core checks the rest).
  const lastIndex = lastEventInForce(raw as { type: string; retracts?: unknown }[]);
  const undoable = lastIndex >= 0 && raw[lastIndex]!.author === me && me !== '' ? raw[lastIndex]! : null;

  return (
    <aside className="details" role="dialog" aria-modal="true" aria-label={`Case ${detail?.number ?? id}`}>
      <header>
        <h2>{detail ? `${detail.number} · ${String(record.summary ?? record.id)}` : id}</h2>
        <button ref={close} onClick={onClose} aria-label="Close (Esc)">
          ×
        </button>
      </header>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {detail === null && <p>No such case.</p>}
      {detail && (
        <>
          <p className="status">
            <span className={`sev sev-${detail.severity}`}>{detail.severity}</span> {detail.status} · first report {both(Date.parse(String(record.loggedAt)), detail.policyZone)} · policy {detail.policy.id} v
            {detail.policy.version}
          </p>
          {detail.missing.length > 0 && <p className="missing">Missing: {detail.missing.map((m) => m.label).join(', ')}</p>}
          <section className="sla" aria-label="SLA clocks">
            {(['response', 'resolution'] as const).map((k) => (
              <div key={k} className="sla-clock">
                <h3>
                  {k === 'response' ? 'Response' : 'Resolution'}: <ClockCell clock={detail.clocks[k]} now={Date.now()} />
                </h3>
                <p>
                  due {both(detail.clocks[k].dueAt, detail.policyZone)} · breach {both(detail.clocks[k].breachAt, detail.policyZone)}
                  {detail.clocks[k].metAt !== null ? ` · stopped ${both(detail.clocks[k].metAt, detail.policyZone)}` : ''}
                </p>
                <details>
                  <summary>How this deadline was reached</summary>
                  <pre className="explanation">{detail.explanation[k]}</pre>
                </details>
              </div>
            ))}
            {detail.clocks.autoCloseAt !== null && (
              <p className="autoclose">Closes by itself {both(detail.clocks.autoCloseAt, detail.policyZone)} unless the customer answers or a hold is recorded.</p>
            )}
          </section>
          {undoable && (
            <p className="undo">
              <button ref={undoRef} disabled={busy} onClick={() => void change('undoLastChange', {})}>
                Undo {String(undoable.type)} (u)
              </button>
            </p>
          )}
          <nav className="actions-bar" aria-label="Actions">
            {detail.missing.length > 0 && (
              <button className={requesting ? 'active' : ''} onClick={() => (setRequesting(!requesting), setAction(null))}>
                Request missing information
              </button>
            )}
            {ACTIONS.map((a) => (
              <button key={a.change} className={action?.change === a.change ? 'active' : ''} onClick={() => (setAction(action?.change === a.change ? null : a), setRequesting(false))}>
                {a.label}
              </button>
            ))}
          </nav>
          {requesting && detail.missing.length > 0 && (
            <MissingInfoRequest
              detail={detail}
              busy={busy}
              onRecord={async () => {
                const reason = `requested: ${detail.missing.map((m) => m.label).join(', ')}`.slice(0, 2000);
                if (await change('changeStatus', { status: 'awaiting-customer', reason })) setRequesting(false);
              }}
            />
          )}
          {action && (
            <ActionForm
              key={action.change}
              action={action}
              busy={busy}
              preview={action.change === 'changeSeverity' ? (v) => <SeverityPreview api={api} detail={detail} severity={Number(v.severity)} /> : undefined}
              onSubmit={async (values) => {
                if (await change(action.change, action.args(values))) setAction(null);
              }}
            />
          )}
          <h3>Fields</h3>
          <dl className="fields">
            {FIELDS.map((f) => {
              const conflict = detail.conflicts.find((c) => c.field === f.path);
              return (
                <EditableField
                  key={`${String(record.id)}:${f.label}`}
                  draftKey={`casedesk.draft.${String(record.id)}.${f.label}`}
                  label={f.label}
                  value={f.get(record) ?? ''}
                  long={f.long}
                  options={f.options}
                  onSave={(v, base) => change('updateCase', { fields: f.set(v), base: { [f.path]: base || null } })}
                  note={conflict && <ConflictNote conflict={conflict} busy={busy} onKeep={(v) => void change('updateCase', { fields: f.set(v ?? ''), resolves: [f.path] })} />}
                />
              );
            })}
          </dl>
          <h3>Timeline</h3>
          <ol className="timeline">
            {events.map(({ e, i }) => (
              <li key={i} className={retracted.has(i) ? 'retracted' : undefined}>
                <time>{both(Date.parse(String(e.at)), detail.policyZone)}</time> <strong>{e.type === 'retraction' ? `undid the ${String(e.undoes)}` : String(e.type)}</strong>
                {timelineDetails(e)}
                {e.author ? <span className="author"> — {String(e.author)}</span> : null}
              </li>
            ))}
            {detail.clocks.escalations.map((x) => (
              <li key={`esc-${x.clock}`} className="auto">
                <time>{both(x.at, detail.policyZone)}</time> <strong>escalated to support management</strong> · {x.clock} clock breached (automatic)
              </li>
            ))}
          </ol>
        </>
      )}
    </aside>
  );
}

function timelineDetails(e: Record<string, unknown>): ReactNode {
  const parts = ['channel', 'status', 'severity', 'vendor', 'to', 'note', 'text', 'reason']
    .filter((k) => e[k] !== undefined)
    .map((k) => `${k === 'reason' ? 'reason: ' : ''}${String(e[k])}`);
  const agreement = e.agreement as { by?: string; how?: string } | undefined;
  if (agreement) parts.push(`agreed by ${agreement.by} (${agreement.how})`);
  return parts.length ? ` · ${parts.join(' · ')}` : null;
}

/**
 * A field edited in place, saved when it is left. What is typed is also kept in this browser's
 * storage until it is saved, so an edit in progress survives switching cases, a reload or a
 * closed window: it comes back, marked, the next time the case is opened.
 */
/**
 * A field two desktops edited at once. Free text shows both versions until an engineer keeps one
 * (or saves a merge in the field); a short field says what value the later edit replaced.
 */
function ConflictNote({ conflict, busy, onKeep }: { conflict: FieldConflict; busy: boolean; onKeep: (value: string | null) => void }) {
  const other = conflict.otherAuthor ?? 'another desktop';
  if (conflict.kind === 'overwritten') {
    return (
      <p className="conflict overwritten">
        Changed at the same time: “{conflict.other ?? '(empty)'}” ({other}) was replaced by this value ({conflict.author}).
      </p>
    );
  }
  return (
    <div className="conflict text" role="group" aria-label="Two versions">
      <p>
        <strong>Edited on two desktops at once.</strong> Shown above: {conflict.author}’s version. The other, by {other}:
      </p>
      <blockquote>{conflict.other ?? '(empty)'}</blockquote>
      <div className="conflict-actions">
        <button disabled={busy} onClick={() => onKeep(conflict.value)}>
          Keep the version above
        </button>
        <button disabled={busy} onClick={() => onKeep(conflict.other)}>
          Use {other}’s version
        </button>
        <span className="hint">or merge them in the field, then keep the version above</span>
      </div>
    </div>
  );
}

/**
 * A field edited in place, saved when left. The edit in progress is kept (localStorage) across a
 * case switch, a reload or a sync that changes the field underneath — with the value it started
 * from, which goes with the save so the server can tell an edit made over someone else's.
 */
function EditableField({ draftKey, label, value, long, options, onSave, note }: { draftKey: string; label: string; value: string; long?: boolean; options?: string[]; onSave: (v: string, base: string) => Promise<boolean>; note?: ReactNode }) {
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
    if (localStorage.getItem(baseKey) === null) localStorage.setItem(baseKey, value);
    setDraft(v);
    if (v === value) forget();
    else localStorage.setItem(draftKey, v);
  };
  const save = async (v = draft) => {
    if (v === value) return forget();
    if (await onSave(v, localStorage.getItem(baseKey) ?? value)) forget();
  };
  return (
    <div>
      <dt>
        {label}
        {restored && <span className="draft"> (unsaved edit)</span>}
      </dt>
      <dd>
        {options ? (
          <select aria-label={label} value={draft} onChange={(e) => (edit(e.target.value), e.target.value && void save(e.target.value))}>
            {options.map((o) => (
              <option key={o} value={o}>
                {o || '—'}
              </option>
            ))}
          </select>
        ) : long ? (
          <textarea aria-label={label} value={draft} rows={2} onChange={(e) => edit(e.target.value)} onBlur={() => void save()} />
        ) : (
          <input aria-label={label} value={draft} onChange={(e) => edit(e.target.value)} onBlur={() => void save()} />
        )}
        {note}
      </dd>
    </div>
  );
}
