// The header's sync state: online or offline, changes waiting, the last sync, changes the server
// refused (each with its case and reason, until acknowledged), and Severity-1 pages as a banner
// that opens the case and acknowledges the page (which stops its escalation; an acknowledgement
// made anywhere takes the page off every desktop). Clicking the state opens the connection dialog.
import { useEffect, useRef, useState } from 'react';
import type { CasedeskApi, SyncStatusView } from '../../../shared/ipc/contract';
import { moment } from '../time-format';
import { ConnectDialog } from './ConnectDialog';

const time = (ms: number | null) => (ms === null ? 'never' : moment(ms));

function summary(s: SyncStatusView): { label: string; tone: 'ok' | 'warn' | 'muted' } {
  const waiting = s.pending > 0 ? ` · ${s.pending} change${s.pending === 1 ? '' : 's'} waiting` : '';
  if (!s.configured) return { label: s.server ? 'Not signed in to the server' : 'Local only', tone: 'muted' };
  if (s.syncing) return { label: `Syncing…${waiting}`, tone: 'ok' };
  if (s.online && !s.lastError) return { label: `Online · synced ${time(s.lastSyncAt)}${waiting}`, tone: 'ok' };
  return { label: `Offline · last sync ${time(s.lastSyncAt)}${waiting}`, tone: 'warn' };
}

/** "updateCase on case 9RW-12: why", the case a link that opens it. */
function ChangeOnCase({ change, onOpen }: { change: { name: string; caseId: string | null; number: string | null; error: string }; onOpen: (caseId: string) => void }) {
  return (
    <>
      <strong>{change.name}</strong> on case{' '}
      {change.caseId ? (
        <button className="link" onClick={() => onOpen(change.caseId!)}>
          {change.number ?? change.caseId}
        </button>
      ) : (
        '?'
      )}
      : {change.error}
    </>
  );
}

export function SyncIndicator({ api, status, onStatus, onOpenCase }: { api: CasedeskApi; status: SyncStatusView | null; onStatus: (s: SyncStatusView) => void; onOpenCase: (caseId: string) => void }) {
  const [connecting, setConnecting] = useState(false);
  const [showRejected, setShowRejected] = useState(false);
  const [showNotApplied, setShowNotApplied] = useState(false);
  const [restoreError, setRestoreError] = useState<string | null>(null);
  // A page stays until dismissed here, even across a reload of the page.
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(() => new Set(JSON.parse(sessionStorage.getItem('casedesk.pages.dismissed') ?? '[]') as string[]));
  const seenPages = useRef(new Set<string>());
  const shownPages = useRef(new Map<string, Notification>());
  const [acking, setAcking] = useState<string | null>(null);
  const [ackError, setAckError] = useState<string | null>(null);
  const acknowledge = (caseId: string) => {
    setAcking(caseId);
    setAckError(null);
    void api['page:ack']({ caseId })
      .then(onStatus, (err: Error) => setAckError(err.message))
      .finally(() => setAcking(null));
  };
  const pageKey = (p: { caseId: string; receivedAt: number }) => `${p.caseId}@${p.receivedAt}`;
  const pages = (status?.pages ?? []).filter((p) => !dismissed.has(pageKey(p)));
  const dismiss = () => {
    const next = new Set([...dismissed, ...pages.map(pageKey)]);
    sessionStorage.setItem('casedesk.pages.dismissed', JSON.stringify([...next].slice(-50)));
    setDismissed(next);
  };

  // A page also asks the browser for a notification where the browser host runs (the desktop
  // app shows a native one from the main process).
  useEffect(() => {
    for (const page of pages) {
      const key = pageKey(page);
      if (seenPages.current.has(key)) continue;
      seenPages.current.add(key);
      if (typeof Notification !== 'undefined' && Notification.permission === 'granted' && !('casedesk' in window)) {
        shownPages.current.get(page.caseId)?.close();
        shownPages.current.set(page.caseId, new Notification(`Severity 1: case ${page.number}`, { body: [page.company, page.summary].filter(Boolean).join(' — '), requireInteraction: true }));
      }
    }
    // A page acknowledged (here or on another desktop) takes its notification with it.
    const waiting = new Set((status?.pages ?? []).map((p) => p.caseId));
    for (const [caseId, notification] of shownPages.current) {
      if (waiting.has(caseId)) continue;
      notification.close();
      shownPages.current.delete(caseId);
    }
  }, [pages, status?.pages]);

  if (!status) return null;
  const { label, tone } = summary(status);
  return (
    <>
      <div className="sync">
        <button className={`sync-state ${tone}`} onClick={() => setConnecting(true)} title={status.lastError ?? (status.server ? `Server: ${status.server}` : 'Connect to a Casedesk server to share cases with your team')}>
          <span className="dot" aria-hidden="true" />
          {label}
        </button>
        {status.notApplied.length > 0 && (
          <button className="sync-rejected" onClick={() => setShowNotApplied(true)} title="The server could not take these changes because of a fault on its side; they are kept here and sent again">
            {status.notApplied.length} change{status.notApplied.length === 1 ? '' : 's'} not taken by the server
          </button>
        )}
        {status.unseenRejected > 0 && (
          <button className="sync-rejected" onClick={() => setShowRejected(true)}>
            {status.unseenRejected} change{status.unseenRejected === 1 ? '' : 's'} refused
          </button>
        )}
      </div>
      {pages.length > 0 && (
        <div className="page-banner" role="alert">
          {pages.map((p) => (
            <p key={pageKey(p)}>
              <strong>{`Severity 1 page${p.step === 'primary' ? '' : p.step === 'secondary' ? ' (escalated to you as secondary)' : ' (escalated to management)'}:`}</strong> case {p.number}{' '}
              {p.company && `— ${p.company}`} {p.summary && `— ${p.summary}`}{' '}
              <button className="primary" disabled={acking === p.caseId} onClick={() => acknowledge(p.caseId)}>
                {acking === p.caseId ? 'Acknowledging…' : 'Acknowledge'}
              </button>{' '}
              <button onClick={() => onOpenCase(p.caseId)}>Open case</button>
            </p>
          ))}
          {ackError && <p className="error">Not acknowledged: {ackError}</p>}
          <button className="dismiss" onClick={dismiss} aria-label="Dismiss pages">
            Dismiss
          </button>
        </div>
      )}
      {showRejected && (
        <div className="dialog-backdrop" onKeyDown={(e) => e.key === 'Escape' && setShowRejected(false)}>
          <div className="dialog" role="dialog" aria-label="Changes the server refused">
            <h2>Changes the server refused</h2>
            <p className="hint">These changes were made here but the server refused them, so they are not part of the case. Each says why; make the change again if it still applies.</p>
            <ul className="rejected-list">
              {status.rejected.map((r) => (
                <li key={r.seq}>
                  <ChangeOnCase change={r} onOpen={(id) => { setShowRejected(false); onOpenCase(id); }} />
                  {r.restorable && r.caseId && (
                    <>
                      {' '}
                      <span className="hint">The case was taken out of the queue; a copy is kept.</span>{' '}
                      <button
                        onClick={() => {
                          setRestoreError(null);
                          void api['sync:restore-refused']({ caseId: r.caseId! }).then(onStatus, (err: Error) => setRestoreError(err.message));
                        }}
                      >
                        Restore the case
                      </button>
                    </>
                  )}
                </li>
              ))}
            </ul>
            {restoreError && <p className="error" role="alert">{restoreError}</p>}
            <div className="actions">
              <button
                className="primary"
                autoFocus
                onClick={() => {
                  setShowRejected(false);
                  void api['sync:ack-rejected']({}).then(onStatus, () => undefined);
                }}
              >
                Understood
              </button>
            </div>
          </div>
        </div>
      )}
      {showNotApplied && (
        <div className="dialog-backdrop" onKeyDown={(e) => e.key === 'Escape' && setShowNotApplied(false)}>
          <div className="dialog" role="dialog" aria-label="Changes the server could not take">
            <h2>Changes the server could not take</h2>
            <p className="hint">
              The server could not apply these changes because of a fault on its side (not because of a rule). They are kept here, shown on their cases, and sent again
              automatically; nothing is lost. If this lasts, tell your admin what it says.
            </p>
            <ul className="rejected-list">
              {status.notApplied.map((r) => (
                <li key={r.seq}>
                  <ChangeOnCase change={r} onOpen={(id) => { setShowNotApplied(false); onOpenCase(id); }} /> — tried {r.attempts} time{r.attempts === 1 ? '' : 's'}, next try at {time(r.retryAt)}
                </li>
              ))}
            </ul>
            <div className="actions">
              <button onClick={() => void api['sync:now']({}).then(onStatus, () => undefined)}>Try again now</button>
              <button className="primary" autoFocus onClick={() => setShowNotApplied(false)}>
                Close
              </button>
            </div>
          </div>
        </div>
      )}
      {connecting && <ConnectDialog api={api} status={status} onStatus={onStatus} onClose={() => setConnecting(false)} />}
    </>
  );
}
