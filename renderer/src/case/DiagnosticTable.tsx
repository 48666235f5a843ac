// One of the diagnosis' structured tables (servers, mail flow, web servers and databases, recent
// changes; shared/diagnostics/diagnostic-tables.ts) in the workspace: its rows, each with Edit…
// (the form filled in with the row, saved with the revision seen when editing began, so an edit
// made meanwhile on another desktop shows as a conflict) and Remove (undone with u like any
// change), and "Add …" below. What a table shows beyond its columns (a server's support, a
// change's place against the first report) comes from the caller as extra columns.
import { useState, type FormEvent, type ReactNode } from 'react';
import type { CaseChange, CaseDetail } from '../../../shared/ipc/contract';
import type { DiagnosticRow } from '../../../shared/diagnostics/case-diagnostics';
import { COLUMN_LABELS, TABLE_LABELS, type DiagnosticTable as TableName } from '../../../shared/diagnostics/diagnostic-tables';
import { FieldError } from '../ui/FieldError';
import { refusalOf } from './case-actions';

export interface ColumnSpec {
  key: string;
  /** How it is typed: a line (the default), a whole number, one of `options`, or several lines. */
  input?: 'text' | 'number' | 'select' | 'textarea';
  /** A select's values with the words shown for them. */
  options?: readonly (readonly [value: string, words: string])[];
  required?: boolean;
  max?: number;
  placeholder?: string;
}

export interface TableSpec {
  table: TableName;
  /** The row as a word: "Add server…", "Edit hop relay1". */
  noun: string;
  columns: readonly ColumnSpec[];
  /** The row by the value that names it (a server's host, a hop's name…). */
  nameOf: (row: DiagnosticRow) => string;
  empty: string;
  /** Columns the table shows after its own, worked out by the caller. */
  extra?: readonly { header: string; cell: (row: DiagnosticRow) => ReactNode }[];
  rowClass?: (row: DiagnosticRow) => string | undefined;
  /** The rows in the order shown (default: as the diagnosis has them). */
  order?: (rows: readonly DiagnosticRow[]) => DiagnosticRow[];
  /** What a new row's form starts with. */
  defaults?: (rows: readonly DiagnosticRow[]) => Record<string, string>;
  /** The region's name when it must differ from the table's heading. */
  regionLabel?: string;
  /** The table element's class (beside `diagnostic-table`). */
  className?: string;
  /** What the table says as a whole, under its heading (the case's coverage, for the servers). */
  summary?: ReactNode;
}

interface Props {
  spec: TableSpec;
  detail: CaseDetail;
  change: (name: CaseChange, args: Record<string, unknown>, onProblem?: (message: string) => void) => Promise<boolean>;
  busy: boolean;
}

/** A new row's id: random, chosen here, so two desktops adding rows at once never collide. */
function newRowId(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : Math.random().toString(36).slice(2) + Date.now().toString(36);
}

/** A stored value as the table reads it: a select's value in its words. */
function shown(column: ColumnSpec, value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = String(value);
  return column.options?.find(([v]) => v === text)?.[1] ?? text;
}

/** What the form sends: the fields filled in, a whole number as a number (anything else as typed, for the core to refuse at its field). */
function valuesOf(columns: readonly ColumnSpec[], form: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const column of columns) {
    const text = form[column.key]?.trim() ?? '';
    if (text === '') continue;
    out[column.key] = column.input === 'number' && /^\d+$/.test(text) ? Number(text) : text;
  }
  return out;
}

/** A number field left empty: said here, in the words of the other refusals, rather than as a type error. */
function missingNumber(columns: readonly ColumnSpec[], form: Record<string, string>): string | null {
  const column = columns.find((c) => c.input === 'number' && c.required && !form[c.key]?.trim());
  return column ? `${COLUMN_LABELS[column.key] ?? column.key}: give a whole number` : null;
}

type Editing = { row: null } | { row: DiagnosticRow; base: number };

export function DiagnosticTable({ spec, detail, change, busy }: Props) {
  const { table, noun, columns } = spec;
  const all = detail.diagnostics.rows[table] as DiagnosticRow[];
  const rows = spec.order ? spec.order(all) : all;
  const [editing, setEditing] = useState<Editing | null>(null);
  const [form, setForm] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [said, setSaid] = useState<string | null>(null);
  const refused = refusalOf(detail, 'editDiagnosticRow');
  const removeRefused = refusalOf(detail, 'removeDiagnosticRow');
  const label = TABLE_LABELS[table];

  const close = () => {
    setEditing(null);
    setForm({});
    setProblem(null);
  };
  const startAdding = () => {
    setSaid(null);
    setProblem(null);
    setForm({ ...Object.fromEntries(columns.filter((c) => c.input === 'select').map((c) => [c.key, c.options?.[0]?.[0] ?? ''])), ...spec.defaults?.(all) });
    setEditing({ row: null });
  };
  const startEditing = (row: DiagnosticRow) => {
    setSaid(null);
    setProblem(null);
    const values = row.values as Record<string, unknown>;
    setForm(Object.fromEntries(columns.map((c) => [c.key, values[c.key] === undefined ? '' : String(values[c.key])])));
    // The revision seen now: an edit made elsewhere before this one is saved shows as a conflict.
    setEditing({ row, base: row.revision });
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!editing) return;
    const missing = missingNumber(columns, form);
    if (missing) return setProblem(missing);
    const target = editing.row ? { row: editing.row.id, base: editing.base } : { row: newRowId(), base: 0 };
    if (await change('editDiagnosticRow', { table, ...target, values: valuesOf(columns, form) }, setProblem)) close();
  };
  const remove = async (row: DiagnosticRow) => {
    setSaid(null);
    const ok = await change('removeDiagnosticRow', { table, row: row.id, base: row.revision }, setProblem);
    if (ok) {
      if (editing?.row?.id === row.id) close();
      setProblem(null);
      setSaid(`Removed ${noun} ${spec.nameOf(row)}: u undoes it`);
    }
  };
  const conflictText = (values: Record<string, unknown> | null) =>
    values
      ? columns
          .map((c) => shown(c, values[c.key]))
          .filter((v) => v !== '')
          .join(' · ')
      : 'removed';

  const formLabel = editing?.row ? `Edit ${noun} ${spec.nameOf(editing.row)}` : `Add ${noun}`;
  return (
    <section aria-label={spec.regionLabel ?? label} className="diagnostic-section">
      <h4>{label}</h4>
      {spec.summary}
      {rows.length === 0 ? (
        <p className="muted">{spec.empty}</p>
      ) : (
        <table className={`diagnostic-table${spec.className ? ` ${spec.className}` : ''}`}>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.key} scope="col">
                  {COLUMN_LABELS[c.key]}
                </th>
              ))}
              {spec.extra?.map((x) => (
                <th key={x.header} scope="col">
                  {x.header}
                </th>
              ))}
              <th scope="col">
                <span className="visually-hidden">Changes to the row</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const values = row.values as Record<string, unknown>;
              const name = spec.nameOf(row);
              return (
                <tr key={row.id} className={spec.rowClass?.(row)}>
                  {columns.map((c) => (
                    <td key={c.key} className={c.input === 'textarea' ? 'long-text' : undefined}>
                      {shown(c, values[c.key])}
                    </td>
                  ))}
                  {spec.extra?.map((x) => (
                    <td key={x.header}>{x.cell(row)}</td>
                  ))}
                  <td className="row-actions">
                    {row.conflict && (
                      <span className="conflict">
                        Edited at once by {row.conflict.author ?? 'someone'}: {conflictText(row.conflict.values as Record<string, unknown> | null)}{' '}
                      </span>
                    )}
                    {/* The buttons are named with the row (in hidden text: the row shows it), never by an aria-label: a label holding a host or a hop's name would answer a search for a field by its label. */}
                    <button type="button" disabled={busy || refused !== null} title={refused ?? undefined} onClick={() => startEditing(row)}>
                      <span aria-hidden="true">Edit…</span>
                      <span className="visually-hidden">{`Edit ${noun} ${name}…`}</span>
                    </button>
                    <button type="button" disabled={busy || removeRefused !== null} title={removeRefused ?? undefined} onClick={() => void remove(row)}>
                      <span aria-hidden="true">Remove</span>
                      <span className="visually-hidden">{`Remove ${noun} ${name}`}</span>
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {said && (
        <p className="muted" role="status">
          {said}
        </p>
      )}
      {editing ? (
        <form aria-label={formLabel} onSubmit={(e) => void submit(e)} className="row-form">
          {columns.map((c, i) => {
            const common = {
              value: form[c.key] ?? '',
              autoFocus: i === 0,
              'aria-invalid': problem?.startsWith(`${COLUMN_LABELS[c.key]}:`) ? true : undefined,
            };
            const set = (value: string) => setForm({ ...form, [c.key]: value });
            return (
              <label key={c.key} className={c.input === 'textarea' ? 'wide' : undefined}>
                {COLUMN_LABELS[c.key]}
                {c.required ? ' *' : ''}
                {c.input === 'select' ? (
                  <select {...common} onChange={(e) => set(e.target.value)}>
                    {c.options?.map(([value, words]) => (
                      <option key={value} value={value}>
                        {words}
                      </option>
                    ))}
                  </select>
                ) : c.input === 'textarea' ? (
                  <textarea {...common} rows={4} maxLength={c.max ?? 200} onChange={(e) => set(e.target.value)} />
                ) : c.input === 'number' ? (
                  <input {...common} type="number" min={1} max={c.max ?? 100} step={1} onChange={(e) => set(e.target.value)} />
                ) : (
                  <input {...common} maxLength={c.max ?? 200} placeholder={c.placeholder} onChange={(e) => set(e.target.value)} />
                )}
              </label>
            );
          })}
          <button type="submit" disabled={busy}>
            {editing.row ? 'Save' : 'Add'}
          </button>
          <button type="button" onClick={close}>
            Cancel
          </button>
          <FieldError problem={problem} announce />
        </form>
      ) : (
        <>
          <button type="button" disabled={busy || refused !== null} title={refused ?? undefined} onClick={startAdding}>
            Add {noun}…
          </button>
          <FieldError problem={problem} announce />
        </>
      )}
    </section>
  );
}
