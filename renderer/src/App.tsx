// The application frame: support hours and the sync state in the header, the case queue below.
import { useEffect, useMemo, useState } from 'react';
import { createApi } from './api/client';
import { QueuePage } from './queue/QueuePage';
import { SupportHours } from './SupportHours';
import { SyncIndicator } from './sync/SyncIndicator';
import { useSyncStatus } from './sync/useSyncStatus';

export function App() {
  const api = useMemo(() => createApi(), []);
  const [linked, setLinked] = useState<{ id: string } | null>(null);
  const [me, setMe] = useState(() => localStorage.getItem('casedesk.me') ?? '');
  const rememberMe = (name: string) => {
    setMe(name);
    localStorage.setItem('casedesk.me', name);
  };
  useEffect(() => api.onCaseLink?.((id) => setLinked({ id })), [api]);
  const sync = useSyncStatus(api);
  return (
    <main className="app">
      <header className="app-header">
        <h1>Casedesk</h1>
        <SupportHours api={api} />
        <SyncIndicator api={api} status={sync.status} onStatus={sync.set} onOpenCase={(id) => setLinked({ id })} />
        <label className="me">
          I am
          <input value={me} onChange={(e) => rememberMe(e.target.value)} placeholder="your name, for My cases" aria-label="Your name" />
        </label>
      </header>
      <QueuePage api={api} me={me.trim()} linkedCase={linked} dataVersion={sync.status?.version ?? 0} />
    </main>
  );
}
