// The case queue: saved views with their counts, search, filters, grouping, and the grid of cases
// with live SLA clocks — sorted and filtered by the core, a page at a time. Keyboard first: arrows
// move, Enter or a click opens, `/` searches, `n` starts a new case (the view layer opens what it asks for).
// Nothing here ticks: the clocks in the cells count down by themselves.
import type { SortingState } from '@tanstack/react-table';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CasedeskApi, QueueQuery, QueueSort, QueueView } from '../../../shared/ipc/contract';
import { useShortcuts } from '../keyboard/useShortcuts';
import { usePolicySeverities } from '../policy/usePolicySeverities';
import { PanelBoundary } from '../ui/PanelBoundary';
import { QueueFilters, NO_FILTERS, type FilterValues } from './QueueFilters';
import { QueueGrid } from './QueueGrid';
import { ROW_HEIGHT } from './queue-columns';
import { useQueueRows } from './useQueueRows';
import { ViewTabs } from './ViewTabs';

interface Props {
  api: CasedeskApi;
  me: string;
  /** Changes whenever cases changed (a sync, or a change made here): the rows and counts are fetched again. */
  dataVersion?: number;
  onOpenCase?: (id: string) => void;
  onNewCase?: () => void;
  /** Whether the queue has the keyboard (not while a case or a dialog is open). */
  keysActive?: boolean;
}

export const QueuePage = memo(function QueuePage({ api, me, dataVersion = 0, onOpenCase, onNewCase, keysActive = true }: Props) {
  const [view, setView] = useState<QueueView>('open');
  const [filters, setFilters] = useState<FilterValues>(NO_FILTERS);
  const [sorting, setSorting] = useState<SortingState>([{ id: 'nextBreach', desc: false }]);
  const [selected, setSelected] = useState(0);
  const [counts, setCounts] = useState<Record<string, number> | null>(null);
  const severities = usePolicySeverities(api);
  const searchRef = useRef<HTMLInputElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const visible = useRef({ first: 0, last: 0 });
  const { text, severity, clock, status, engineer, groupBy } = filters;

  const query: QueueQuery = useMemo(
    () => ({
      view,
      me,
      text: text.trim() || undefined,
      severity: severity ? [Number(severity)] : undefined,
      clock: (clock || undefined) as QueueQuery['clock'],
      status: status ? [status as NonNullable<QueueQuery['status']>[number]] : undefined,
      engineer: engineer.trim() || undefined,
      groupBy,
      sort: (sorting[0]?.id ?? 'nextBreach') as QueueSort,
      direction: sorting[0]?.desc ? 'desc' : 'asc',
    }),
    [view, me, text, severity, clock, status, engineer, groupBy, sorting],
  );
  const rows = useQueueRows(api, query);

  // The view counts, and the rows in view, are fetched again every 30 seconds (and after a change).
  const loadCounts = useCallback(() => void api['queue:counts']({ me }).then(setCounts).catch(() => undefined), [api, me]);
  useEffect(() => {
    loadCounts();
    const timer = setInterval(loadCounts, 30_000);
    return () => clearInterval(timer);
  }, [loadCounts]);
  useEffect(() => {
    const timer = setInterval(() => rows.refresh(visible.current.first, visible.current.last), 30_000);
    return () => clearInterval(timer);
  }, [rows]);

  // Cases changed (a sync brought them in, or a change was made here): show them.
  const shownVersion = useRef(dataVersion);
  useEffect(() => {
    if (dataVersion === shownVersion.current) return;
    shownVersion.current = dataVersion;
    rows.refresh(visible.current.first, visible.current.last);
    loadCounts();
  }, [dataVersion, rows, loadCounts]);

  useEffect(() => setSelected(0), [query]);

  const total = rows.total ?? 0;
  const move = (to: number) => {
    const next = Math.max(0, Math.min(total - 1, to));
    setSelected(next);
    // Keep the selected row in view (rows have a fixed height).
    const el = scrollRef.current;
    if (el) {
      const top = next * ROW_HEIGHT;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
    }
  };
  const open = useCallback((id: string) => onOpenCase?.(id), [onOpenCase]);

  useShortcuts(
    'queue',
    {
      move: (by) => move(selected + by),
      openSelected: () => {
        const row = rows.rowAt(selected);
        if (row) open(row.id);
      },
      search: () => {
        searchRef.current?.focus();
        searchRef.current?.select();
      },
      newCase: () => onNewCase?.(),
    },
    keysActive,
  );

  const onView = useCallback((id: QueueView) => {
    setView(id);
    setFilters((f) => ({ ...f, text: '' }));
  }, []);
  const onFilters = useCallback((patch: Partial<FilterValues>) => setFilters((f) => ({ ...f, ...patch })), []);

  return (
    <section className="queue">
      <div className="queue-top">
        <ViewTabs view={view} searching={text !== ''} counts={counts} onView={onView} />
        {onNewCase && (
          <button type="button" className="primary new-case" onClick={onNewCase} title="New case (n)" aria-keyshortcuts="n">
            New case
          </button>
        )}
      </div>
      <QueueFilters values={filters} onChange={onFilters} severities={severities} total={rows.total} searchRef={searchRef} />
      {rows.error && <p className="error" role="alert">{rows.error}</p>}
      <PanelBoundary name="Cases">
        <QueueGrid rows={rows} selected={selected} onSelect={setSelected} onOpen={open} sorting={sorting} onSortingChange={setSorting} groupBy={groupBy} scrollRef={scrollRef} visible={visible} />
      </PanelBoundary>
    </section>
  );
});
