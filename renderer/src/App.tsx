// The application frame: support hours in the header, the case queue below.
import { useEffect, useMemo, useState } from 'react';
import { createApi } from './api/client';
import { QueuePage } from './queue/QueuePage';
import { SupportHours } from './SupportHours';

export function App() {
  const api = useMemo(() => createApi(), []);
  const [linked, setLinked] = useState<{ id: string } | null>(null);
  useEffect(() => api.onCaseLink?.((id) => setLinked({ id })), [api]);
  return (
    <main className="app">
      <header className="app-header">
        <h1>Casedesk</h1>
        <SupportHours api={api} />
      </header>
      <QueuePage api={api} me={localStorage.getItem('casedesk.me') ?? ''} linkedCase={linked} />
    </main>
  );
}
