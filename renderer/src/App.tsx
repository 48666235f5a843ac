// The application frame: support hours, who is on call, the sync state and who you are in the header; below,
// what is on screen (views/Screens.tsx: the queue, the open case, the dialogs).
import { useEffect, useMemo, useState } from 'react';
import { createApi } from './api/client';
import { AlertCentre } from './alerts/AlertCentre';
import { CaseFiles } from './files/CaseFiles';
import { SupportHours } from './SupportHours';
import { CatalogueButton } from './catalogue/CatalogueDialog';
import { OnCallButton } from './oncall/RotaDialog';
import { SyncIndicator } from './sync/SyncIndicator';
import { useSyncStatus } from './sync/useSyncStatus';
import { Screens } from './views/Screens';

export function App() {
  const api = useMemo(() => createApi(), []);
  const [linked, setLinked] = useState<{ id: string } | null>(null);
  const [alertsOpen, setAlertsOpen] = useState(false);
  const [me, setMe] = useState(() => localStorage.getItem('casedesk.me') ?? '');
  const rememberMe = (name: string) => {
    setMe(name);
    localStorage.setItem('casedesk.me', name);
  };
  useEffect(() => api.onCaseLink?.((id) => setLinked({ id })), [api]);
  const sync = useSyncStatus(api);
  // Signed in to a server, you are its user: your changes are made, and My cases found, in that name.
  const signedIn = sync.status?.user ?? null;
  const who = (signedIn ?? me).trim();
  // First start: no name kept and no server user (once the sync status says so) — asked before any
  // edit, once (clearing "I am" later does not ask again).
  const [firstStart, setFirstStart] = useState(() => !localStorage.getItem('casedesk.me')?.trim());
  const askName =
    // (A desk set up to sync is its server's user once it has reached it: asked only if it did not.)
    firstStart && sync.status !== null && signedIn === null && (!sync.status.configured || sync.status.lastError !== null)
      ? (name: string) => {
          rememberMe(name);
          setFirstStart(false);
        }
      : null;
  return (
    <main className="app">
      <header className="app-header">
        <h1>Casedesk</h1>
        <SupportHours api={api} />
        <OnCallButton api={api} me={who} role={sync.status?.role ?? null} dataVersion={sync.status?.version ?? 0} />
        <SyncIndicator api={api} status={sync.status} onStatus={sync.set} onOpenCase={(id) => setLinked({ id })} />
        <AlertCentre api={api} me={who} open={alertsOpen} onOpenChange={setAlertsOpen} onOpenCase={(id) => setLinked({ id })} />
        <CaseFiles api={api} />
        <CatalogueButton api={api} me={who} role={sync.status?.role ?? null} />
        <label className="me">
          I am
          {signedIn !== null ? (
            <input value={signedIn} readOnly aria-label="Your name" title="The server's user this Casedesk is signed in as: your changes are made in this name" />
          ) : (
            <input value={me} onChange={(e) => rememberMe(e.target.value)} placeholder="your name, for My cases" aria-label="Your name" />
          )}
        </label>
      </header>
      <Screens api={api} me={who} linkedCase={linked} dataVersion={sync.status?.version ?? 0} askName={askName} onToggleAlerts={() => setAlertsOpen((o) => !o)} />
    </main>
  );
}
