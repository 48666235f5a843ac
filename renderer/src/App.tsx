// The application frame. For now it shows whether support is open, from the policy engine; the
// case queue arrives with issue 4.
import { SupportHours } from './SupportHours';

export function App() {
  return (
    <main className="app">
      <header className="app-header">
        <h1>Casedesk</h1>
        <SupportHours />
      </header>
    </main>
  );
}
