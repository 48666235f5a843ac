// The case queue: saved views with their counts, search, filters, grouping, and a virtual list of
// cases with live SLA clocks — sorted and filtered by the core, a page at a time. Keyboard first:
// arrows move, Enter opens, `/` searches.
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type SortingState } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { CasedeskApi, QueueQuery, QueueRow, QueueSort, QueueView } from '../../../shared/ipc/contract';
import { CaseWorkspace } from '../case/CaseWorkspace';
import { NewCaseDialog } from '../case/NewCaseDialog';
import { ShortcutHelp } from '../ShortcutHelp';
import { relative } from '../time-format';
import { ClockCell } from './ClockCell';
import { useQueueRows } from './useQueueRows';

const VIEWS: { id: QueueView; label: string }[] = [
  { id: 'open', label: 'Open' },
  { id: 'mine', label: 'My cases' },
  { id: 'sev1', label: 'Severity 1' },
  { id: 'breaching-soon', label: 'Breaching within 2 hours' },
  { id: 'awaiting-customer', label: 'Awaiting customer' },
  { id: 'missing-info', label: 'Missing information' },
  { id: 'all', label: 'All' },
];

const ROW_HEIGHT = 34;

const COLUMNS: { id: QueueSort; header: string; value: (r: QueueRow) => unknown }[] = [
  { id: 'number', header: 'Number', value: (r) => r.number },
  { id: 'severity', header: 'Sev', value: (r) => r.severity },
  { id: 'company', header: 'Company', value: (r) => r.company },
  { id: 'summary', header: 'Summary', value: (r) => r.summary },
  { id: 'status', header: 'Status', value: (r) => r.status },
  { id: 'engineer', header: 'Engineer', value: (r) => r.engineer },
  { id: 'response', header: 'Response', value: (r) => r.response.breachAt },
  { id: 'resolution', header: 'Resolution', value: (r) => r.resolution.breachAt },
  { id: 'missing', header: 'Missing', value: (r) => r.missingCount },
  { id: 'lastActivity', header: 'Last activity', value: (r) => r.lastActivityAt },
];

function cellContent(id: QueueSort, r: QueueRow, now: number): ReactNode {
  switch (id) {
    case 'severity':
      return <span className={`sev sev-${r.severity}`}>{r.severity}</span>;
    case 'company':
      return r.company ?? '—';
    case 'summary':
      return r.summary ?? '—';
    case 'engineer':
      return r.engineer ?? 'unassigned';
    case 'response':
      return <ClockCell clock={r.response} now={now} />;
    case 'resolution':
      return <ClockCell clock={r.resolution} now={now} />;
    case 'missing':
      return r.missingCount ? `${r.missingCount} field${r.missingCount === 1 ? '' : 's'}` : '—';
    case 'lastActivity':
      return r.lastActivityAt !== null ? relative(r.lastActivityAt, now) : '—';
    case 'status':
      return r.status;
    default:
      return r.number;
  }
}

interface RowProps {
  row: QueueRow | undefined;
  index: number;
  start: number;
  selected: boolean;
  group: string | null;
  now: number;
  onSelect: (index: number) => void;
  onOpen: (id: string) => void;
}

/** One row of the virtual list; memoised, so scrolling renders only the rows that come into view. */
const QueueRowView = memo(function QueueRowView({ row, index, start, selected, group, now, onSelect, onOpen }: RowProps) {
  return (
    <div
      className={`grid-row${selected ? ' selected' : ''}${group !== null ? ' group-start' : ''}`}
      role="row"
      aria-rowindex={index + 1}
      aria-selected={selected}
      data-group={group ?? undefined}
      style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${start}px)` }}
      onClick={() => onSelect(index)}
      onDoubleClick={() => row && onOpen(row.id)}
    >
      {row ? (
        COLUMNS.map((c) => (
          <div key={c.id} className={`cell col-${c.id}`} role="cell">
            {cellContent(c.id, row, now)}
          </div>
        ))
      ) : (
        <div className="cell loading" role="cell">
          …
        </div>
      )}
    </div>
  );
});

const NO_ROWS: QueueRow[] = [];

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function QueuePage({ api, me, linkedCase = null, dataVersion = 0 }: { api: CasedeskApi; me: string; linkedCase?: { id: string } | null; dataVersion?: number }) {
  const [view, setView] = useState<QueueView>('open');
  const [text, setText] = useState('');
  const [severity, setSeverity] = useState('');
  const [clock, setClock] = useState('');
  const [status, setStatus] = useState('');
  const [engineer, setEngineer] = useState('');
  const [groupBy, setGroupBy] = useState<'none' | 'severity' | 'engineer'>('none');
  const [sorting, setSorting] = useState<SortingState>([{ id: 'nextBreach', desc: false }]);
  const [selected, setSelected] = useState(0);
  const [openCase, setOpenCase] = useState<string | null>(null);
  const [counts, setCounts] = useState<Record<string, number> | null>(null);
  const [creating, setCreating] = useState(false);
  const [helping, setHelping] = useState(false);
  const [toast, setToast] = useState<string | null>(null);
  const now = useNow(1000);
  const searchRef = useRef<HTMLInputElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);

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
  const visible = useRef({ first: 0, last: 0 });
  useEffect(() => {
    const timer = setInterval(() => rows.refresh(visible.current.first, visible.current.last), 30_000);
    return () => clearInterval(timer);
  }, [rows]);

  // A sync brought changes in: show them.
  const shownVersion = useRef(dataVersion);
  useEffect(() => {
    if (dataVersion === shownVersion.current) return;
    shownVersion.current = dataVersion;
    rows.refresh(visible.current.first, visible.current.last);
    loadCounts();
  }, [dataVersion, rows, loadCounts]);

  useEffect(() => setSelected(0), [query]);
  // A followed casedesk:// link opens its case (a new object each time, so the same link twice works).
  useEffect(() => {
    if (linkedCase) setOpenCase(linkedCase.id);
  }, [linkedCase]);

  // react-table keeps the header and the sort state; the rows are the core's, drawn by QueueRowView.
  const columns = useMemo<ColumnDef<QueueRow>[]>(() => COLUMNS.map((c) => ({ id: c.id, accessorFn: c.value, header: c.header })), []);

  const total = rows.total ?? 0;
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
    // Rows to show before the list is first measured (and where nothing is laid out, as in tests).
    initialRect: { width: 1200, height: 600 },
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  visible.current = { first, last };
  useEffect(() => rows.want(first, last), [first, last, rows]);

  const table = useReactTable({
    data: NO_ROWS,
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    manualSorting: true,
    enableSortingRemoval: false,
    sortDescFirst: false,
    getCoreRowModel: getCoreRowModel(),
  });

  const move = useCallback(
    (to: number) => {
      const next = Math.max(0, Math.min(total - 1, to));
      setSelected(next);
      // Keep the selected row in view (rows have a fixed height).
      const el = scrollRef.current;
      if (el) {
        const top = next * ROW_HEIGHT;
        if (top < el.scrollTop) el.scrollTop = top;
        else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
      }
    },
    [total],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement || e.target instanceof HTMLTextAreaElement;
      if (e.key === '?' && !typing) {
        e.preventDefault();
        setHelping((h) => !h);
        return;
      }
      if (helping) {
        if (e.key === 'Escape') setHelping(false);
        return;
      }
      // An open dialog or panel owns the keyboard: Esc closes it, nothing reaches the queue behind.
      if (creating || openCase) {
        // Esc in a field leaves the field first (which saves it); the next Esc closes.
        if (e.key === 'Escape' && typing && openCase) {
          (e.target as HTMLElement).blur();
          return;
        }
        if (e.key === 'Escape') {
          setCreating(false);
          setOpenCase(null);
        }
        return;
      }
      // Enter on a focused button (a view, a column header) is that button's, not "open the case".
      const onControl = e.target instanceof HTMLButtonElement || (typing && e.target !== searchRef.current);
      if (e.key === 'n' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        setCreating(true);
      } else if (e.key === '/' && !typing) {
        e.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      } else if (e.key === 'Escape') {
        if (typing) (e.target as HTMLElement).blur();
      } else if (!onControl) {
        if (e.key === 'ArrowDown') {
          e.preventDefault();
          move(selected + 1);
        } else if (e.key === 'ArrowUp') {
          e.preventDefault();
          move(selected - 1);
        } else if (e.key === 'Enter') {
          // Else the same keystroke goes on to "press" the panel's close button, focused as it opens.
          e.preventDefault();
          const row = rows.rowAt(selected);
          if (row) setOpenCase(row.id);
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [move, selected, rows, openCase, creating, helping]);

  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast(null), 4000);
    return () => clearTimeout(timer);
  }, [toast]);

  const groupOf = (row: QueueRow) => (groupBy === 'severity' ? `Severity ${row.severity}` : groupBy === 'engineer' ? (row.engineer ?? 'Unassigned') : null);
  // Engineers are grouped as the core orders them: without regard to case.
  const sameGroup = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

  return (
    <section className="queue">
      <nav className="views" aria-label="Saved views">
        {VIEWS.map((v) => (
          <button key={v.id} className={v.id === view && !text ? 'view active' : 'view'} onClick={() => { setView(v.id); setText(''); }} aria-pressed={v.id === view && !text}>
            {v.label} <span className="count">{counts ? counts[v.id] : '…'}</span>
          </button>
        ))}
      </nav>
      <div className="filters">
        <input
          ref={searchRef}
          className="search"
          type="search"
          placeholder="Search number, id, company, summary (press /)"
          aria-label="Search cases"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <select aria-label="Severity" value={severity} onChange={(e) => setSeverity(e.target.value)}>
          <option value="">Any severity</option>
          <option value="1">Severity 1</option>
          <option value="2">Severity 2</option>
          <option value="3">Severity 3</option>
        </select>
        <select aria-label="Clock" value={clock} onChange={(e) => setClock(e.target.value)}>
          <option value="">Any clock</option>
          <option value="breached">Breached</option>
          <option value="due-soon">Breaching within 2 hours</option>
          <option value="paused">Paused</option>
          <option value="running">Running</option>
        </select>
        <select aria-label="Status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">Any status</option>
          <option value="new">new</option>
          <option value="in-progress">in progress</option>
          <option value="awaiting-customer">awaiting customer</option>
          <option value="resolved">resolved</option>
          <option value="closed">closed</option>
        </select>
        <input className="engineer" aria-label="Engineer" placeholder="Engineer" value={engineer} onChange={(e) => setEngineer(e.target.value)} />
        <select aria-label="Group by" value={groupBy} onChange={(e) => setGroupBy(e.target.value as typeof groupBy)}>
          <option value="none">No grouping</option>
          <option value="severity">Group by severity</option>
          <option value="engineer">Group by engineer</option>
        </select>
        <span className="total" role="status">
          {rows.total === null ? 'Loading…' : `${rows.total.toLocaleString()} case${rows.total === 1 ? '' : 's'}`}
          {text ? (severity || clock || status || engineer.trim() ? ' found in all cases (filters apply)' : ' found in all cases') : ''}
        </span>
      </div>
      {rows.error && <p className="error" role="alert">{rows.error}</p>}
      <div className="grid" role="table" aria-label="Cases" aria-rowcount={total}>
        <div className="grid-head" role="rowgroup">
          {table.getHeaderGroups().map((group) => (
            <div key={group.id} className="grid-row head" role="row">
              {group.headers.map((header) => (
                <button
                  key={header.id}
                  className={`cell col-${header.column.id}`}
                  role="columnheader"
                  aria-sort={header.column.getIsSorted() === 'asc' ? 'ascending' : header.column.getIsSorted() === 'desc' ? 'descending' : 'none'}
                  onClick={header.column.getToggleSortingHandler()}
                >
                  {flexRender(header.column.columnDef.header, header.getContext())}
                  {header.column.getIsSorted() === 'asc' ? ' ▲' : header.column.getIsSorted() === 'desc' ? ' ▼' : ''}
                </button>
              ))}
            </div>
          ))}
        </div>
        <div className="grid-body" ref={scrollRef} role="rowgroup">
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const row = rows.rowAt(item.index);
              const previous = item.index > 0 ? rows.rowAt(item.index - 1) : undefined;
              const group = row ? groupOf(row) : null;
              // A group starts where the previous row's group differs; unknown while that row is not loaded.
              const newGroup = group !== null && (item.index === 0 || (previous !== undefined && !sameGroup(groupOf(previous)!, group)));
              return (
                <QueueRowView
                  key={item.key}
                  row={row}
                  index={item.index}
                  start={item.start}
                  selected={item.index === selected}
                  group={newGroup ? group : null}
                  now={now}
                  onSelect={setSelected}
                  onOpen={setOpenCase}
                />
              );
            })}
          </div>
          {rows.total === 0 && <p className="empty">No cases here.</p>}
        </div>
      </div>
      {openCase && (
        <CaseWorkspace
          api={api}
          id={openCase}
          me={me}
          dataVersion={dataVersion}
          onClose={() => setOpenCase(null)}
          onChanged={() => {
            rows.refresh(visible.current.first, visible.current.last);
            loadCounts();
          }}
        />
      )}
      {creating && (
        <NewCaseDialog
          api={api}
          me={me}
          onCancel={() => setCreating(false)}
          onDone={(number) => {
            setCreating(false);
            setToast(`Case ${number} created`);
            rows.refresh(visible.current.first, visible.current.last);
            loadCounts();
          }}
        />
      )}
      {toast && <div className="toast" role="status">{toast}</div>}
      {helping && <ShortcutHelp onClose={() => setHelping(false)} />}
    </section>
  );
}
