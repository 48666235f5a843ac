// Connecting this Casedesk to the team's server: its address and the token an admin gave you
// (`casedesk server user add`). The token is checked with the server before it is kept — by the
// OS keychain in the desktop app, for this session only where there is none. Also: sync now,
// and disconnect (the local cases stay).
import { useState, type FormEvent } from 'react';
import type { CasedeskApi, SyncStatusView } from '../../../shared/ipc/contract';

export function ConnectDialog({ api, status, onStatus, onClose }: { api: CasedeskApi; status: SyncStatusView; onStatus: (s: SyncStatusView) => void; onClose: () => void }) {
  const [server, setServer] = useState(status.server ?? 'http://');
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (work: () => Promise<SyncStatusView>, close = false) => {
    setBusy(true);
    setError(null);
    try {
      onStatus(await work());
      if (close) onClose();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(() => api['sync:connect']({ server, token }), true);
  };
  return (
    <div className="dialog-backdrop" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <form className="dialog" role="dialog" aria-label="Team server" onSubmit={submit}>
        <h2>Team server</h2>
        {status.configured ? (
          <p>
            Signed in to <strong>{status.server}</strong> as <strong>{status.user}</strong> ({status.role}).{' '}
            {status.pending > 0 ? `${status.pending} change(s) wait to be sent.` : 'Nothing waits to be sent.'}
            {status.lastError && <span className="error"> Last attempt: {status.lastError}</span>}
          </p>
        ) : (
          <p className="hint">Casedesk works on this computer alone until it is connected. Connected, your changes go to the team's server and everyone's come here; offline, you keep working and it catches up.</p>
        )}
        <label>
          Server address
          <input value={server} onChange={(e) => setServer(e.target.value)} placeholder="http://casedesk.example:7480" autoFocus={!status.configured} required />
        </label>
        <label>
          Your token
          <input type="password" value={token} onChange={(e) => setToken(e.target.value)} placeholder={status.configured ? 'to sign in again: the token from your admin' : 'from your admin'} autoComplete="off" />
        </label>
        {status.pending > 0 && (
          <p className="hint">
            {status.pending} change(s) made here wait to be sent: they go to the server in the name of whoever connects (the server records every change as its signed-in user's).
          </p>
        )}
        {status.tokenKeptForSessionOnly && <p className="hint warning">No OS keychain is available here: the token is kept only until Casedesk closes, never written to disk.</p>}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          {status.configured && (
            <>
              <button type="button" disabled={busy} onClick={() => void run(() => api['sync:disconnect']({}))}>
                Disconnect
              </button>
              <button type="button" disabled={busy} onClick={() => void run(() => api['sync:now']({}))}>
                Sync now
              </button>
            </>
          )}
          <button type="button" onClick={onClose}>
            Close
          </button>
          <button className="primary" type="submit" disabled={busy || !token.trim()}>
            {busy ? 'Checking…' : 'Connect'}
          </button>
        </div>
      </form>
    </div>
  );
}
