// The saved views, each with its count of cases: one is chosen (none while a search runs over
// every case).
import { memo } from 'react';
import type { QueueView } from '../../../shared/ipc/contract';

export const VIEWS: { id: QueueView; label: string }[] = [
  { id: 'open', label: 'Open' },
  { id: 'mine', label: 'My cases' },
  { id: 'sev1', label: 'Severity 1' },
  { id: 'breaching-soon', label: 'Breaching within 2 hours' },
  { id: 'awaiting-customer', label: 'Awaiting customer' },
  { id: 'missing-info', label: 'Missing information' },
  { id: 'checklist-incomplete', label: 'Checklist incomplete' },
  { id: 'all', label: 'All' },
];

export const ViewTabs = memo(function ViewTabs({ view, searching, counts, onView }: { view: QueueView; searching: boolean; counts: Record<string, number> | null; onView: (view: QueueView) => void }) {
  return (
    <nav className="views" aria-label="Saved views">
      {VIEWS.map((v) => {
        const active = v.id === view && !searching;
        return (
          <button key={v.id} className={active ? 'view active' : 'view'} onClick={() => onView(v.id)} aria-pressed={active}>
            {v.label} <span className="count">{counts ? counts[v.id] : '…'}</span>
          </button>
        );
      })}
    </nav>
  );
});
