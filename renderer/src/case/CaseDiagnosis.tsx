// The case's diagnosis in the workspace: the policy's troubleshooting checklist (each step to do,
// done, or not applicable with a reason; its progress at a glance) and the customer's servers,
// each checked against what the policy covers — a discontinued, unsupported or beta version is
// flagged with what the policy says of it. Every click is a named change (undone with u).
import { useState, type FormEvent } from 'react';
import type { CaseChange, CaseDetail, CasedeskApi } from '../../../shared/ipc/contract';
import type { ChecklistStep } from '../../../shared/diagnostics/case-diagnostics';
import { COLUMN_LABELS } from '../../../shared/diagnostics/diagnostic-tables';
import { FieldError } from '../ui/FieldError';
import { Moment } from '../ui/Moment';
import { refusalOf } from './case-actions';
import { CaseWaiver } from './CaseWaiver';

interface Props {
  api: CasedeskApi;
  detail: CaseDetail;
  change: (name: CaseChange, args: Record<string, unknown>, onProblem?: (message: string) => void) => Promise<boolean>;
  busy: boolean;
}

const STATE_TEXT: Record<ChecklistStep['state'], string> = { todo: 'to do', done: 'done', 'not-applicable': 'not applicable' };
const SERVER_COLUMNS = ['host', 'role', 'product', 'version', 'patch', 'os', 'hardware'] as const;

/** A new row's id: random, chosen here, so two desktops adding rows at once never collide. */
function newRowId(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : Math.random().toString(36).slice(2) + Date.now().toString(36);
}

function Step({ step, detail, change, busy }: { step: ChecklistStep } & Props) {
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const refused = refusalOf(detail, 'setChecklistStep');
  const set = async (state: ChecklistStep['state'], extra: Record<string, unknown> = {}) => {
    const keep = step.note ? { note: step.note } : {};
    if (await change('setChecklistStep', { step: step.id, state, ...keep, ...extra }, setProblem)) {
      setAsking(false);
      setProblem(null);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void set('not-applicable', reason.trim() ? { reason } : {});
  };
  const reasonId = `na-${step.id}`;
  return (
    <li className={`step step-${step.state}`}>
      <span className="step-mark" aria-hidden>
        {step.state === 'done' ? '✓' : step.state === 'not-applicable' ? '–' : '○'}
      </span>
      <span className="step-name" title={step.hint}>
        {step.name}
      </span>{' '}
      <span className="step-state">{STATE_TEXT[step.state]}</span>
      {step.by && step.at && (
        <span className="muted">
          {' '}
          — {step.by}, <Moment ms={Date.parse(step.at)} policyZone={detail.policyZone} />
        </span>
      )}
      {step.reason && <span className="muted"> ({step.reason})</span>}
      <span className="step-actions">
        {step.state !== 'done' && (
          <button type="button" disabled={busy || refused !== null} title={refused ?? undefined} onClick={() => void set('done')}>
            Done
          </button>
        )}
        {step.state !== 'todo' && (
          <button type="button" disabled={busy || refused !== null} onClick={() => void set('todo')}>
            To do
          </button>
        )}
        {step.state !== 'not-applicable' && !asking && (
          <button type="button" disabled={busy || refused !== null} onClick={() => setAsking(true)}>
            Not applicable…
          </button>
        )}
      </span>
      {asking && (
        <form aria-label={`Why "${step.name}" does not apply`} onSubmit={submit} className="inline-form">
          <label htmlFor={reasonId}>Reason</label>
          <input id={reasonId} value={reason} maxLength={2000} autoFocus onChange={(e) => setReason(e.target.value)} aria-invalid={problem ? true : undefined} />
          <button type="submit" disabled={busy}>
            Save
          </button>
          <button type="button" onClick={() => (setAsking(false), setProblem(null))}>
            Cancel
          </button>
        </form>
      )}
      <FieldError problem={problem} announce />
    </li>
  );
}

function Servers({ detail, change, busy }: Props) {
  const rows = detail.diagnostics.rows.servers;
  const [adding, setAdding] = useState(false);
  const [values, setValues] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const refused = refusalOf(detail, 'editDiagnosticRow');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const given = Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ''));
    if (await change('editDiagnosticRow', { table: 'servers', row: newRowId(), base: 0, values: given }, setProblem)) {
      setValues({});
      setAdding(false);
      setProblem(null);
    }
  };
  return (
    <section aria-label="Servers">
      <h4>Servers</h4>
      {rows.length === 0 ? (
        <p className="muted">No servers recorded yet.</p>
      ) : (
        <table className="servers">
          <thead>
            <tr>
              {SERVER_COLUMNS.map((c) => (
                <th key={c} scope="col">
                  {COLUMN_LABELS[c]}
                </th>
              ))}
              <th scope="col">Support</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const coverage = detail.diagnostics.coverage[row.id];
              const flagged = coverage && !coverage.covered;
              return (
                <tr key={row.id} className={flagged ? 'flagged' : undefined}>
                  {SERVER_COLUMNS.map((c) => (
                    <td key={c}>{row.values[c] ?? ''}</td>
                  ))}
                  <td>
                    {flagged ? <strong className="warn">⚠ {coverage.why}</strong> : coverage?.status === 'supported' ? 'supported' : 'not in the catalogue'}
                    {row.conflict && (
                      <span className="conflict">
                        {' '}
                        Edited at once by {row.conflict.author ?? 'someone'}: {row.conflict.values ? Object.values(row.conflict.values).join(' · ') : 'removed'}
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {adding ? (
        <form aria-label="Add server" onSubmit={(e) => void submit(e)} className="row-form">
          {SERVER_COLUMNS.map((c) => (
            <label key={c}>
              {COLUMN_LABELS[c]}
              {c === 'host' ? ' *' : ''}
              <input value={values[c] ?? ''} maxLength={c === 'host' ? 253 : 200} onChange={(e) => setValues({ ...values, [c]: e.target.value })} />
            </label>
          ))}
          <button type="submit" disabled={busy}>
            Add
          </button>
          <button type="button" onClick={() => (setAdding(false), setProblem(null))}>
            Cancel
          </button>
          <FieldError problem={problem} announce />
        </form>
      ) : (
        <button type="button" disabled={busy || refused !== null} title={refused ?? undefined} onClick={() => setAdding(true)}>
          Add server…
        </button>
      )}
    </section>
  );
}

export function CaseDiagnosis(props: Props) {
  const { steps, progress } = props.detail.diagnostics;
  return (
    <section aria-label="Diagnosis" className="diagnosis">
      <h3>
        Checklist{' '}
        <span className={progress.settled === progress.total ? 'ok' : 'muted'} aria-label={`${progress.settled} of ${progress.total} steps settled`}>
          {progress.settled}/{progress.total}
        </span>
      </h3>
      <ol className="checklist">
        {steps.map((step) => (
          <Step key={step.id} step={step} {...props} />
        ))}
      </ol>
      <Servers {...props} />
      <CaseWaiver {...props} />
    </section>
  );
}
