// The case's diagnosis in the workspace: the policy's troubleshooting checklist (each step to do,
// done, or not applicable with a reason; a note and the case's files it refers to; its progress at
// a glance) and the structured tables — the customer's servers, each checked against what the
// policy covers (a discontinued, unsupported or beta version is flagged with what the policy says
// of it), the mail flow hop by hop, the web servers and databases, and the recent changes, each
// marked before or after the first report. Every click is a named change (undone with u).
import { useState, type FormEvent } from 'react';
import type { CaseChange, CaseDetail, CasedeskApi } from '../../../shared/ipc/contract';
import type { ChecklistStep, DiagnosticRow } from '../../../shared/diagnostics/case-diagnostics';
import { COMPONENT_KINDS, HOP_ROLES } from '../../../shared/diagnostics/diagnostic-tables';
import { displayName } from '../../../shared/files/file-names';
import { FieldError } from '../ui/FieldError';
import { Moment } from '../ui/Moment';
import { refusalOf } from './case-actions';
import { CaseWaiver } from './CaseWaiver';
import { changeTiming, chronological } from './change-timing';
import { DiagnosticTable, type TableSpec } from './DiagnosticTable';

interface Props {
  api: CasedeskApi;
  detail: CaseDetail;
  change: (name: CaseChange, args: Record<string, unknown>, onProblem?: (message: string) => void) => Promise<boolean>;
  busy: boolean;
}

const STATE_TEXT: Record<ChecklistStep['state'], string> = { todo: 'to do', done: 'done', 'not-applicable': 'not applicable' };

const HOP_ROLE_WORDS: Record<(typeof HOP_ROLES)[number], string> = {
  mx: 'MX (receives from the internet)', gateway: 'Gateway', filter: 'Filter', relay: 'Relay', 'mail-store': 'Mail store', other: 'Other',
};
const COMPONENT_KIND_WORDS: Record<(typeof COMPONENT_KINDS)[number], string> = { 'web-server': 'Web server', database: 'Database', directory: 'Directory', other: 'Other' };

/** The case's files a step links to, as names (a file taken off the case since: said so). */
function linkedFiles(step: ChecklistStep, detail: CaseDetail): string[] {
  return step.files.map((hash) => {
    const file = detail.attachments.find((a) => a.sha256 === hash);
    return file ? displayName(file.name) : `a file no longer attached (${hash.slice(0, 12)}…)`;
  });
}

function Step({ step, detail, change, busy }: { step: ChecklistStep } & Props) {
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [noting, setNoting] = useState(false);
  const [note, setNote] = useState('');
  const [files, setFiles] = useState<string[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const refused = refusalOf(detail, 'setChecklistStep');
  const attached = new Set(detail.attachments.map((a) => a.sha256));
  // The note and the linked files stay with the step when its state changes (a file taken off the
  // case since is dropped: the core refuses a link to a file the case does not hold).
  const kept = (links: readonly string[]) => links.filter((hash) => attached.has(hash));
  const set = async (state: ChecklistStep['state'], extra: Record<string, unknown> = {}) => {
    const keepFiles = kept(step.files);
    const keep = { ...(step.note ? { note: step.note } : {}), ...(keepFiles.length ? { files: keepFiles } : {}) };
    if (await change('setChecklistStep', { step: step.id, state, ...keep, ...extra }, setProblem)) {
      setAsking(false);
      setNoting(false);
      setProblem(null);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void set('not-applicable', reason.trim() ? { reason } : {});
  };
  const openNote = () => {
    setNote(step.note ?? '');
    setFiles(kept(step.files));
    setProblem(null);
    setNoting(true);
  };
  const saveNote = async (e: FormEvent) => {
    e.preventDefault();
    const args = {
      step: step.id,
      state: step.state,
      ...(step.state === 'not-applicable' && step.reason ? { reason: step.reason } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
      ...(files.length ? { files } : {}),
    };
    if (await change('setChecklistStep', args, setProblem)) {
      setNoting(false);
      setProblem(null);
    }
  };
  const reasonId = `na-${step.id}`;
  const noteId = `note-${step.id}`;
  const names = linkedFiles(step, detail);
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
        {!noting && (
          <button type="button" disabled={busy || refused !== null} title={refused ?? undefined} onClick={openNote}>
            Note…
          </button>
        )}
      </span>
      {(step.note || names.length > 0) && (
        <div className="step-details">
          {step.note && <p className="step-note">{step.note}</p>}
          {names.length > 0 && (
            <p className="step-files">
              Files:{' '}
              {names.map((name, i) => (
                <span key={step.files[i]} className="step-file">
                  {i > 0 ? ', ' : ''}
                  {name}
                </span>
              ))}
            </p>
          )}
        </div>
      )}
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
      {noting && (
        <form aria-label={`Note on ${step.name}`} onSubmit={(e) => void saveNote(e)} className="note-form">
          <label htmlFor={noteId}>Note</label>
          <textarea id={noteId} value={note} rows={3} maxLength={4000} autoFocus onChange={(e) => setNote(e.target.value)} />
          {detail.attachments.length === 0 ? (
            <p className="muted">No files on the case to link yet.</p>
          ) : (
            <fieldset>
              <legend>The case’s files it refers to</legend>
              {detail.attachments.map((file) => (
                <label key={file.sha256}>
                  <input
                    type="checkbox"
                    value={file.sha256}
                    checked={files.includes(file.sha256)}
                    onChange={(e) => setFiles(e.target.checked ? [...files, file.sha256] : files.filter((h) => h !== file.sha256))}
                  />
                  {displayName(file.name)}
                </label>
              ))}
            </fieldset>
          )}
          <span className="form-buttons">
            <button type="submit" disabled={busy}>
              Save note
            </button>
            <button type="button" onClick={() => (setNoting(false), setProblem(null))}>
              Cancel
            </button>
          </span>
        </form>
      )}
      <FieldError problem={problem} announce />
    </li>
  );
}

/** A server's support as the policy has it (by the server's coverage, keyed by row id): the one place it is worded. */
function supportOf(detail: CaseDetail, row: DiagnosticRow) {
  const coverage = detail.diagnostics.coverage[row.id];
  const flagged = coverage && !coverage.covered;
  return {
    flagged,
    cell: flagged ? (
      <strong className="warn">⚠ {coverage.why}</strong>
    ) : coverage?.status === 'supported' ? (
      coverage.note ? `supported (${coverage.note})` : 'supported'
    ) : (
      'not in the catalogue'
    ),
  };
}

/** The case's coverage, from its servers' (the catalogue judges each on the day of the first report). */
function caseCoverageOf(detail: CaseDetail) {
  const { caseCoverage } = detail.diagnostics;
  return caseCoverage.covered ? null : (
    <p className="warn case-coverage" role="note">
      ⚠ {caseCoverage.why}
    </p>
  );
}

const text = (row: DiagnosticRow, key: string) => String((row.values as Record<string, unknown>)[key] ?? '');
const clip = (words: string, max = 60) => (words.length > max ? `${words.slice(0, max - 1)}…` : words);

function tableSpecs(detail: CaseDetail): TableSpec[] {
  const firstReport = String(detail.record.loggedAt);
  return [
    {
      table: 'servers',
      noun: 'server',
      className: 'servers',
      columns: [
        { key: 'host', required: true, max: 253 },
        { key: 'role' },
        { key: 'product' },
        { key: 'version', max: 100 },
        { key: 'patch', max: 100 },
        { key: 'os' },
        { key: 'hardware' },
      ],
      nameOf: (row) => text(row, 'host'),
      empty: 'No servers recorded yet.',
      extra: [{ header: 'Support', cell: (row) => supportOf(detail, row).cell }],
      rowClass: (row) => (supportOf(detail, row).flagged ? 'flagged' : undefined),
      summary: caseCoverageOf(detail),
    },
    {
      table: 'hops',
      noun: 'hop',
      columns: [
        { key: 'position', input: 'number', required: true, max: 100 },
        { key: 'name', required: true },
        { key: 'role', input: 'select', options: HOP_ROLES.map((r) => [r, HOP_ROLE_WORDS[r]] as const), required: true },
        { key: 'address', max: 253 },
        { key: 'software' },
        { key: 'version', max: 100 },
      ],
      nameOf: (row) => text(row, 'name'),
      empty: 'No hops recorded yet: the mail flow from the internet inwards, one hop a row.',
      // The next hop inwards, by default.
      defaults: (rows) => ({ position: String(Math.min(100, Math.max(0, ...rows.map((r) => Number(text(r, 'position')) || 0)) + 1)) }),
    },
    {
      table: 'components',
      noun: 'component',
      // Not "… servers …": the region would answer a search for the Servers region by a part of its name.
      regionLabel: 'Web and database components',
      columns: [
        { key: 'kind', input: 'select', options: COMPONENT_KINDS.map((k) => [k, COMPONENT_KIND_WORDS[k]] as const), required: true },
        { key: 'name', required: true },
        { key: 'software' },
        { key: 'version', max: 100 },
        { key: 'configuration', input: 'textarea', max: 4000 },
      ],
      nameOf: (row) => text(row, 'name'),
      empty: 'No web servers or databases recorded yet.',
    },
    {
      table: 'changes',
      noun: 'change',
      columns: [
        { key: 'when', required: true, placeholder: '2026-12-01 or 2026-12-01T14:00-05:00' },
        { key: 'what', required: true, max: 2000 },
        { key: 'by' },
      ],
      nameOf: (row) => clip(text(row, 'what')),
      empty: 'No changes recorded yet: what changed in the customer’s environment, and when.',
      order: (rows) => chronological(rows, (row) => text(row, 'when'), detail.policyZone),
      extra: [
        {
          header: 'Against the first report',
          cell: (row) => {
            const timing = changeTiming(text(row, 'when'), firstReport, detail.policyZone);
            return timing ? <span className={`report-mark ${timing}`}>{timing === 'before' ? 'before first report' : 'after first report'}</span> : '';
          },
        },
      ],
      // Those before the first report are the likely causes: highlighted (and said in words).
      rowClass: (row) => (changeTiming(text(row, 'when'), firstReport, detail.policyZone) === 'before' ? 'before-report' : undefined),
    },
  ];
}

export function CaseDiagnosis(props: Props) {
  const { steps, progress } = props.detail.diagnostics;
  const specs = tableSpecs(props.detail);
  const table = (spec: TableSpec) => <DiagnosticTable key={spec.table} spec={spec} detail={props.detail} change={props.change} busy={props.busy} />;
  // The servers, then the waiver that names which of them may be changed, then the other tables.
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
      {specs.slice(0, 1).map(table)}
      <CaseWaiver {...props} />
      {specs.slice(1).map(table)}
    </section>
  );
}
