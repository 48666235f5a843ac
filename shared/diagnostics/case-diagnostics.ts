// A case's diagnosis as its history has it: the policy's troubleshooting steps with their state,
// the rows of the structured tables (servers, mail flow, components, changes) with their conflicts,
// the waivers and the accesses to customer equipment. Read from the case's events; an undone
// (retracted) checklist or row event counts for nothing.
import type { CaseRecord } from '../cases/case-format';
import { retractedEvents } from '../cases/case-timeline';
import type { DiagnosticStep } from '../policy/policy-schema';
import { DIAGNOSTIC_TABLES, type DiagnosticTable, type RowValues } from './diagnostic-tables';
import { waiversOf, type Waiver } from './waivers';

export const STEP_STATES = ['todo', 'done', 'not-applicable'] as const;
export type StepState = (typeof STEP_STATES)[number];

export interface ChecklistStep extends DiagnosticStep {
  state: StepState;
  /** Who set the state and when (absent: never touched). */
  by?: string;
  at?: string;
  note?: string;
  /** Why the step does not apply. */
  reason?: string;
  /** The case's files the step refers to (a log, a screenshot), by hash. */
  files: string[];
}

export interface DiagnosticRow<T extends DiagnosticTable = DiagnosticTable> {
  table: T;
  id: string;
  values: RowValues<T>;
  /** How many edits the row has had: what an edit made after seeing it sends as its `base`. */
  revision: number;
  addedBy?: string;
  addedAt: string;
  editedBy?: string;
  editedAt: string;
  /**
   * An edit made on another desktop without seeing the one before it: the row holds the later
   * values, and these are the ones they replaced, until someone saves the row again.
   */
  conflict?: { values: RowValues<T> | null; author?: string; at: string };
}

export interface EquipmentAccess {
  system: string;
  change: string;
  at: string;
  by?: string;
  /** The waiver that covered it. */
  waiver: string;
  event: number;
}

export type DiagnosticRows = { [T in DiagnosticTable]: DiagnosticRow<T>[] };

export interface CaseDiagnostics {
  steps: ChecklistStep[];
  /** Steps done or not applicable, of all. */
  progress: { settled: number; total: number };
  rows: DiagnosticRows;
  waivers: Waiver[];
  accesses: EquipmentAccess[];
}

const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
const strings = (v: unknown) => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);

/** The checklist of a case under the steps of its policy. */
export function checklistOf(record: Pick<CaseRecord, 'events'>, steps: readonly DiagnosticStep[]): ChecklistStep[] {
  const events = record.events ?? [];
  const retracted = retractedEvents(events);
  const byId = new Map<string, ChecklistStep>(steps.map((step) => [step.id, { ...step, state: 'todo', files: [] }]));
  events.forEach((e, index) => {
    if (e.type !== 'checklist' || retracted.has(index) || typeof e.step !== 'string') return;
    const step = byId.get(e.step);
    if (!step) return;
    const state = STEP_STATES.find((s) => s === e.state) ?? 'todo';
    const next: ChecklistStep = { ...step, state, at: e.at, files: strings(e.files) };
    delete next.by; delete next.note; delete next.reason;
    if (e.author !== undefined) next.by = e.author;
    if (text(e.note)) next.note = text(e.note);
    if (text(e.reason)) next.reason = text(e.reason);
    byId.set(step.id, next);
  });
  return [...byId.values()];
}

export function checklistProgress(steps: readonly ChecklistStep[]): { settled: number; total: number } {
  return { settled: steps.filter((s) => s.state !== 'todo').length, total: steps.length };
}

/**
 * The progress of a case's checklist, as checklistProgress(checklistOf(…)) says it, counted from
 * the last state of each step without building the steps (the store works it out for every case
 * it imports or changes).
 */
export function checklistProgressOf(record: Pick<CaseRecord, 'events'>, steps: readonly DiagnosticStep[]): { settled: number; total: number } {
  const events = record.events ?? [];
  if (!events.some((e) => e.type === 'checklist')) return { settled: 0, total: steps.length };
  const retracted = retractedEvents(events);
  const known = new Set(steps.map((step) => step.id));
  const last = new Map<string, unknown>();
  events.forEach((e, index) => {
    if (e.type === 'checklist' && !retracted.has(index) && typeof e.step === 'string' && known.has(e.step)) last.set(e.step, e.state);
  });
  let settled = 0;
  for (const state of last.values()) if (state !== 'todo' && STEP_STATES.includes(state as StepState)) settled++;
  return { settled, total: steps.length };
}

/** The rows of every table, in the order they were added (hops by their position in the flow). */
export function rowsOf(record: Pick<CaseRecord, 'events'>): DiagnosticRows {
  const events = record.events ?? [];
  const retracted = retractedEvents(events);
  const live = new Map<string, DiagnosticRow>();
  const revisions = new Map<string, { revision: number; values: RowValues | null; author?: string; at: string }>();
  events.forEach((e, index) => {
    if ((e.type !== 'diagnostic-row' && e.type !== 'diagnostic-row-removed') || retracted.has(index)) return;
    const table = DIAGNOSTIC_TABLES.find((t) => t === e.table);
    if (!table || typeof e.row !== 'string') return;
    const key = `${table}/${e.row}`;
    const before = revisions.get(key);
    const revision = (before?.revision ?? 0) + 1;
    const base = typeof e.base === 'number' ? e.base : revision - 1;
    // Made without seeing the edit before it, by someone else: a conflict the row shows.
    const concurrent = before !== undefined && base < before.revision && before.author !== e.author;
    const values = e.type === 'diagnostic-row' ? (e.values as RowValues) : null;
    revisions.set(key, { revision, values, ...(e.author !== undefined ? { author: e.author } : {}), at: e.at });
    const row = live.get(key);
    if (values === null) {
      live.delete(key);
      return;
    }
    const next: DiagnosticRow = {
      table,
      id: e.row,
      values,
      revision,
      ...(row?.addedBy !== undefined ? { addedBy: row.addedBy } : !row && e.author !== undefined ? { addedBy: e.author } : {}),
      addedAt: row?.addedAt ?? e.at,
      ...(e.author !== undefined ? { editedBy: e.author } : {}),
      editedAt: e.at,
    };
    if (concurrent) next.conflict = { values: before.values, ...(before.author !== undefined ? { author: before.author } : {}), at: before.at };
    live.set(key, next);
  });
  const rows = Object.fromEntries(DIAGNOSTIC_TABLES.map((t) => [t, [] as DiagnosticRow[]])) as Record<DiagnosticTable, DiagnosticRow[]>;
  for (const row of live.values()) rows[row.table].push(row);
  const sorted = rows as DiagnosticRows;
  sorted.hops.sort((a, b) => a.values.position - b.values.position);
  return sorted;
}

/** The row of a table as it stands (undefined: never added, or removed). */
export function rowOf(record: Pick<CaseRecord, 'events'>, table: DiagnosticTable, id: string): DiagnosticRow | undefined {
  return rowsOf(record)[table].find((row) => row.id === id);
}

/** How many edits a row has had, removals included (0: never written). */
export function rowRevision(record: Pick<CaseRecord, 'events'>, table: DiagnosticTable, id: string): number {
  const events = record.events ?? [];
  const retracted = retractedEvents(events);
  let n = 0;
  events.forEach((e, index) => {
    if ((e.type === 'diagnostic-row' || e.type === 'diagnostic-row-removed') && e.table === table && e.row === id && !retracted.has(index)) n++;
  });
  return n;
}

export function accessesOf(record: Pick<CaseRecord, 'events'>): EquipmentAccess[] {
  const out: EquipmentAccess[] = [];
  (record.events ?? []).forEach((e, index) => {
    if (e.type !== 'equipment-access' || typeof e.system !== 'string' || typeof e.waiver !== 'string') return;
    out.push({ system: e.system, change: text(e.change) ?? '', at: e.at, ...(e.author !== undefined ? { by: e.author } : {}), waiver: e.waiver, event: index });
  });
  return out;
}

export function diagnosticsOf(record: Pick<CaseRecord, 'events'>, steps: readonly DiagnosticStep[]): CaseDiagnostics {
  const checklist = checklistOf(record, steps);
  return { steps: checklist, progress: checklistProgress(checklist), rows: rowsOf(record), waivers: waiversOf(record), accesses: accessesOf(record) };
}
