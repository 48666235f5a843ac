// The cases as an ARIA grid: a sortable header (react-table keeps the sort state) and a virtual
// list of rows (@tanstack/react-virtual) fetched a page at a time as they come into view. The grid
// takes the focus; the selected row is its active descendant, and a polite live region says which
// case is selected ("Case 2011-0042, Severity 1, Acme — 3 of 120").
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type OnChangeFn, type SortingState } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useId, useMemo, type RefObject } from 'react';
import type { QueueRow } from '../../../shared/ipc/contract';
import type { FilterValues } from './QueueFilters';
import { cellContent, cellTitle, COLUMNS, ROW_HEIGHT } from './queue-columns';
import type { QueueRows } from './useQueueRows';

interface RowProps {
  id: string;
  row: QueueRow | undefined;
  index: number;
  start: number;
  selected: boolean;
  group: string | null;
  onSelect: (index: number) => void;
  onOpen: (id: string) => void;
}

/**
 * One row of the virtual list; memoised, so scrolling renders only the rows that come into view.
 * A click opens the case (as in the mail and issue tools engineers use); the arrows and j/k only
 * move the selection. A row not fetched yet shows a skeleton of its cells, marked busy.
 */
const QueueRowView = memo(function QueueRowView({ id, row, index, start, selected, group, onSelect, onOpen }: RowProps) {
  return (
    <div
      id={id}
      className={`grid-row${selected ? ' selected' : ''}${group !== null ? ' group-start' : ''}${row ? '' : ' skeleton-row'}`}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      aria-busy={row ? undefined : true}
      style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${start}px)` }}
      onClick={() => {
        onSelect(index);
        if (row) onOpen(row.id);
      }}
    >
      {group !== null && (
        <span className="group-label" aria-hidden="true">
          {group}
        </span>
      )}
      {COLUMNS.map((c) =>
        row ? (
          <div key={c.id} className={`cell col-${c.id}`} role="gridcell" title={cellTitle(c.id, row)}>
            {cellContent(c.id, row)}
          </div>
        ) : (
          <div key={c.id} className={`cell col-${c.id}`} role="gridcell">
            <span className="skeleton" />
          </div>
        ),
      )}
    </div>
  );
});

const NO_ROWS: QueueRow[] = [];

/** What a screen reader says of the selected case. */
export function selectionText(row: QueueRow | undefined, index: number, total: number): string {
  return row ? `Case ${row.number}, Severity ${row.severity}, ${row.company ?? 'no company'} — ${index + 1} of ${total.toLocaleString()}` : '';
}

interface Props {
  rows: QueueRows;
  selected: number;
  onSelect: (index: number) => void;
  onOpen: (id: string) => void;
  sorting: SortingState;
  onSortingChange: OnChangeFn<SortingState>;
  groupBy: FilterValues['groupBy'];
  scrollRef: RefObject<HTMLDivElement | null>;
  /** Kept up to date with the rows in view (what a refresh fetches again). */
  visible: { current: { first: number; last: number } };
}

export const QueueGrid = memo(function QueueGrid({ rows, selected, onSelect, onOpen, sorting, onSortingChange, groupBy, scrollRef, visible }: Props) {
  const ids = useId();
  const rowId = (index: number) => `${ids}-row-${index}`;
  const columns = useMemo<ColumnDef<QueueRow>[]>(() => COLUMNS.map((c) => ({ id: c.id, accessorFn: c.value, header: c.header })), []);
  const table = useReactTable({
    data: NO_ROWS,
    columns,
    state: { sorting },
    onSortingChange,
    manualSorting: true,
    enableSortingRemoval: false,
    sortDescFirst: false,
    getCoreRowModel: getCoreRowModel(),
  });

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

  const groupOf = (row: QueueRow) => (groupBy === 'severity' ? `Severity ${row.severity}` : groupBy === 'engineer' ? (row.engineer ?? 'Unassigned') : null);
  // Engineers are grouped as the core orders them: without regard to case.
  const sameGroup = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  const selectedShown = items.some((item) => item.index === selected) && rows.rowAt(selected) !== undefined;

  return (
    <>
      <div className="grid" role="grid" aria-label="Cases" aria-rowcount={total + 1} aria-colcount={COLUMNS.length} tabIndex={0} aria-activedescendant={selectedShown ? rowId(selected) : undefined}>
        <div className="grid-head" role="rowgroup">
          {table.getHeaderGroups().map((group) => (
            <div key={group.id} className="grid-row head" role="row" aria-rowindex={1}>
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
                  id={rowId(item.index)}
                  row={row}
                  index={item.index}
                  start={item.start}
                  selected={item.index === selected}
                  group={newGroup ? group : null}
                  onSelect={onSelect}
                  onOpen={onOpen}
                />
              );
            })}
          </div>
          {rows.total === 0 && <p className="empty">No cases here.</p>}
        </div>
      </div>
      <div className="visually-hidden" aria-live="polite" aria-atomic="true">
        {selectionText(rows.rowAt(selected), selected, total)}
      </div>
    </>
  );
});
