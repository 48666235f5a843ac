// A case, read-only for now (the workspace arrives with issue 5): its fields, what is missing,
// its timeline and how each deadline was reached.
import { useEffect, useRef, useState } from 'react';
import type { CaseDetail, CasedeskApi } from '../../../shared/ipc/contract';

interface Shown {
  loggedAt?: string;
  severity?: number;
  type?: string;
  channel?: string;
  company?: string;
  contractId?: string;
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

const FIELDS: [string, (r: Shown) => unknown][] = [
  ['First report', (r) => r.loggedAt],
  ['Severity at first report', (r) => r.severity],
  ['Type', (r) => r.type],
  ['Reported by', (r) => r.channel],
  ['Company', (r) => r.company],
  ['Contract', (r) => r.contractId],
  ['Engineer', (r) => r.engineer],
  ['Contact', (r) => [r.contact?.name, r.contact?.email, r.contact?.phone].filter(Boolean).join(', ')],
  ['Product', (r) => [r.product, r.softwareVersion].filter(Boolean).join(' ')],
  ['Hardware / OS', (r) => [r.hardware, r.os].filter(Boolean).join(' / ')],
  ['Symptoms', (r) => r.problem?.symptoms],
  ['Nature', (r) => r.problem?.nature],
  ['Re-creation', (r) => r.problem?.reproduction],
  ['Work-arounds', (r) => r.workarounds],
  ['Recommendation', (r) => r.recommendation],
];

export function CaseDetails({ api, id, onClose }: { api: CasedeskApi; id: string; onClose: () => void }) {
  const [detail, setDetail] = useState<CaseDetail | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => close.current?.focus(), []);
  useEffect(() => {
    setDetail(undefined);
    api['case:get']({ idOrNumber: id }).then(setDetail, (err: Error) => setError(err.message));
  }, [api, id]);

  return (
    <aside className="details" role="dialog" aria-modal="true" aria-label={`Case ${detail?.number ?? id}`}>
      <header>
        <h2>{detail ? `${detail.number} · ${String(detail.record.summary ?? detail.record.id)}` : id}</h2>
        <button ref={close} onClick={onClose} aria-label="Close (Esc)">×</button>
      </header>
      {error && <p className="error" role="alert">{error}</p>}
      {detail === null && <p>No such case.</p>}
      {detail && (
        <>
          <p className="status">
            {detail.status} · policy {detail.policy.id} v{detail.policy.version} · id {String(detail.record.id)}
          </p>
          {detail.missing.length > 0 && (
            <p className="missing">Missing: {detail.missing.map((m) => m.label).join(', ')}</p>
          )}
          <dl>
            {FIELDS.map(([label, get]) => {
              const value = get(detail.record as Shown);
              return (
                <div key={label}>
                  <dt>{label}</dt>
                  <dd>{value === undefined || value === null || value === '' ? '—' : String(value)}</dd>
                </div>
              );
            })}
          </dl>
          <h3>Timeline</h3>
          <ol className="timeline">
            {((detail.record.events as Record<string, unknown>[] | undefined) ?? []).map((e, i) => (
              <li key={i}>
                <time>{String(e.at)}</time> {String(e.type)}
                {['channel', 'status', 'severity', 'vendor', 'note', 'text', 'reason'].map((k) => (e[k] !== undefined ? ` · ${String(e[k])}` : ''))}
                {e.author ? ` — ${String(e.author)}` : ''}
              </li>
            ))}
          </ol>
          <h3>How the deadlines were reached</h3>
          <pre className="explanation">{detail.explanation.response}</pre>
          <pre className="explanation">{detail.explanation.resolution}</pre>
        </>
      )}
    </aside>
  );
}
