// The case queue: pages, sorts, filters and counts 100,000 cases in SQL, from the clock columns
// the store keeps beside each case. Only "breached yet?" depends on the time of the query; SQL
// answers it from the stored breach instants.
import type { QueueQuery, QueueRow, QueueSort, QueueView } from '../../../shared/ipc/contract';
import { queueQuery, QUEUE_VIEWS } from '../../../shared/ipc/contract';
import { refreshStaleClocks } from './case-clocks';
import { type CaseStore, connectionOf, statementOf } from './case-store';

/** How close a breach must be for "due soon" and the "Breaching within 2 hours" view. */
export const SOON_MS = 2 * 3_600_000;

const RESP_STATE = `CASE WHEN resp_final IS NOT NULL THEN resp_final WHEN resp_breach_at <= @now THEN 'breached' ELSE 'running' END`;
const RES_STATE = `CASE WHEN res_final IS NOT NULL THEN res_final WHEN res_breach_at IS NOT NULL AND res_breach_at <= @now THEN 'breached'
  WHEN res_paused = 1 THEN 'paused' ELSE 'running' END`;

// A clock still open whose breach is still to come, within SOON_MS: each clock on its own (a case
// whose response clock breached long ago can still have its resolution clock breaching soon).
const BREACHING_SOON = `(resp_final IS NULL AND resp_breach_at > @now AND resp_breach_at <= @soon)
  OR (res_final IS NULL AND res_breach_at > @now AND res_breach_at <= @soon)`;

const VIEW_WHERE: Record<QueueView, string> = {
  open: `effective_status <> 'closed'`,
  mine: `effective_status <> 'closed' AND engineer = @me`,
  sev1: `effective_status <> 'closed' AND current_severity = 1`,
  'breaching-soon': BREACHING_SOON,
  'awaiting-customer': `effective_status = 'awaiting-customer'`,
  'missing-info': `effective_status <> 'closed' AND missing_count > 0`,
  'checklist-incomplete': `effective_status <> 'closed' AND checklist_settled < checklist_total`,
  all: '1',
};

/** What each sort orders by; the values of all but `seq` may be missing (NULL). */
const SORT_SQL: Record<QueueSort, string> = {
  number: 'seq',
  severity: 'current_severity',
  company: 'company COLLATE NOCASE',
  summary: 'summary COLLATE NOCASE',
  status: 'effective_status',
  engineer: 'engineer COLLATE NOCASE',
  response: 'resp_breach_at',
  resolution: 'res_breach_at',
  missing: 'missing_count',
  checklist: 'checklist_settled * 1.0 / max(checklist_total, 1)',
  lastActivity: 'last_activity_at',
  nextBreach: 'next_breach_at',
};

/**
 * The index (migration 9) whose order is each sort's, named in the page query: the first page is
 * then the first rows of the index that pass the filters, not a sort of every case that does
 * (the planner would rather search the severity or status index and sort what it finds). `null`:
 * the table's own order (seq).
 */
const SORT_INDEX: Record<QueueSort, string | null> = {
  number: null,
  severity: 'cases_by_severity',
  company: 'cases_by_company',
  summary: 'cases_by_summary',
  status: 'cases_effective_status',
  engineer: 'cases_by_engineer',
  response: 'cases_by_response',
  resolution: 'cases_by_resolution',
  missing: 'cases_by_missing',
  checklist: 'cases_by_checklist',
  lastActivity: 'cases_by_last_activity',
  nextBreach: 'cases_next_breach',
};

const CLOCK_WHERE = {
  breached: `(${RESP_STATE}) = 'breached' OR (${RES_STATE}) = 'breached'`,
  'due-soon': BREACHING_SOON,
  paused: `(${RES_STATE}) = 'paused'`,
  running: `(${RESP_STATE}) = 'running' OR (${RES_STATE}) = 'running'`,
} as const;

/** `text` for a LIKE pattern with ESCAPE '\': its own %, _ and \ match literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

type Params = Record<string, string | number>;

function whereOf(q: ReturnType<typeof queueQuery.parse>, now: number): { where: string; params: Params } {
  const params: Params = { now, soon: now + SOON_MS, me: q.me ?? '' };
  const parts: string[] = [];
  if (q.text && q.text.trim()) {
    // Search reaches every case, resolved and closed ones included, whatever the view.
    params.text = `%${escapeLike(q.text.trim())}%`;
    parts.push(`(number LIKE @text ESCAPE '\\' OR id LIKE @text ESCAPE '\\' OR company LIKE @text ESCAPE '\\' OR summary LIKE @text ESCAPE '\\')`);
  } else {
    parts.push(VIEW_WHERE[q.view]);
  }
  if (q.severity?.length) parts.push(`current_severity IN (${q.severity.map((n) => Number(n)).join(', ')})`);
  if (q.status?.length) {
    q.status.forEach((s, i) => (params[`status${i}`] = s));
    parts.push(`effective_status IN (${q.status.map((_, i) => `@status${i}`).join(', ')})`);
  }
  if (q.engineer) {
    params.engineer = q.engineer;
    parts.push('engineer = @engineer');
  }
  if (q.clock) parts.push(`(${CLOCK_WHERE[q.clock]})`);
  return { where: parts.map((p) => `(${p})`).join(' AND '), params };
}

/** The INDEXED BY clause of an ungrouped page query. */
function indexFor(q: ReturnType<typeof queueQuery.parse>): string {
  // The partial index holds only the view's cases: usable when the view's condition is in force.
  if (q.sort === 'checklist' && q.view === 'checklist-incomplete' && !q.text?.trim()) return 'INDEXED BY cases_checklist_incomplete';
  const index = SORT_INDEX[q.sort];
  return index ? `INDEXED BY ${index}` : 'NOT INDEXED';
}

interface Row {
  id: string;
  number: string;
  current_severity: number;
  company: string | null;
  summary: string | null;
  effective_status: string;
  engineer: string | null;
  resp_state: QueueRow['response']['state'];
  resp_due_at: number | null;
  resp_breach_at: number | null;
  resp_met_at: number | null;
  res_state: QueueRow['resolution']['state'];
  res_due_at: number | null;
  res_breach_at: number | null;
  res_met_at: number | null;
  auto_close_at: number | null;
  missing_count: number;
  checklist_settled: number;
  checklist_total: number;
  last_activity_at: number | null;
}

/**
 * The SQL of one page of the queue and of its count, with their parameters. Ungrouped, the page
 * reads the index of its sort in order and stops at the page's last row: no sort of every case.
 */
export function queueStatements(input: QueueQuery, now: number): { page: string; pageParams: Params; count: string; params: Params } {
  const q = queueQuery.parse(input);
  const { where, params } = whereOf(q, now);
  const direction = q.direction === 'desc' ? 'DESC' : 'ASC';
  const group = q.groupBy === 'severity' ? 'current_severity, ' : q.groupBy === 'engineer' ? 'engineer IS NULL, engineer COLLATE NOCASE, ' : '';
  // Cases without the sorted value (no deadline, no company…) come last either way; cases with
  // the same value follow their numbers in the sort's direction (as the index holds them).
  const order = `${group}${SORT_SQL[q.sort]} ${direction} NULLS LAST, seq ${direction}`;
  return {
    page: `SELECT id, number, current_severity, company, summary, effective_status, engineer,
         ${RESP_STATE} AS resp_state, resp_due_at, resp_breach_at, resp_met_at,
         ${RES_STATE} AS res_state, res_due_at, res_breach_at, res_met_at, auto_close_at, missing_count, checklist_settled, checklist_total, last_activity_at
       FROM cases ${group ? '' : indexFor(q)} WHERE ${where} ORDER BY ${order} LIMIT @limit OFFSET @offset`,
    pageParams: { ...params, limit: q.limit, offset: q.offset },
    count: `SELECT count(*) FROM cases WHERE ${where}`,
    params,
  };
}

/** One page of the queue at `now`. Stale stored clocks are brought up to date first. */
export function queuePageOf(store: CaseStore, input: QueueQuery, now: number): { rows: QueueRow[]; total: number; now: number } {
  if (!store.readonly) refreshStaleClocks(store, now);
  const { page, pageParams, count, params } = queueStatements(input, now);
  const rows = connectionOf(store).prepare(page).all(pageParams) as Row[];
  const total = connectionOf(store).prepare(count).pluck().get(params) as number;
  return {
    now,
    total,
    rows: rows.map((r) => ({
      id: r.id,
      number: r.number,
      severity: r.current_severity,
      company: r.company,
      summary: r.summary,
      status: r.effective_status,
      engineer: r.engineer,
      response: { state: r.resp_state, dueAt: r.resp_due_at, breachAt: r.resp_breach_at, metAt: r.resp_met_at },
      resolution: { state: r.res_state, dueAt: r.res_due_at, breachAt: r.res_breach_at, metAt: r.res_met_at },
      autoCloseAt: r.auto_close_at,
      missingCount: r.missing_count,
      checklist: { settled: r.checklist_settled, total: r.checklist_total },
      lastActivityAt: r.last_activity_at,
    })),
  };
}

/** How many cases each saved view holds at `now`. */
export function queueCounts(store: CaseStore, me: string | undefined, now: number): Record<QueueView, number> {
  if (!store.readonly) refreshStaleClocks(store, now);
  const params = { now, soon: now + SOON_MS, me: me ?? '' };
  const columns = QUEUE_VIEWS.map((v) => `coalesce(sum(CASE WHEN ${VIEW_WHERE[v]} THEN 1 ELSE 0 END), 0) AS "${v}"`).join(', ');
  return connectionOf(store).prepare(`SELECT ${columns} FROM cases`).get(params) as Record<QueueView, number>;
}

// An open clock breached or breaching within SOON_MS: what the tray and the badge count.
const AT_RISK = `effective_status <> 'closed' AND ((resp_final IS NULL AND resp_breach_at <= @soon) OR (res_final IS NULL AND res_breach_at <= @soon))`;

/**
 * How many open cases are at risk at `now` — a clock breached, or breaching within SOON_MS — and
 * the next instant that count can grow by time alone (a breach entering the window), or null.
 * Read from the covering index of the queue's filters, not the cases.
 */
export function casesAtRisk(store: CaseStore, now: number): { count: number; changesAt: number | null } {
  if (!store.readonly) refreshStaleClocks(store, now);
  const params = { soon: now + SOON_MS };
  const count = statementOf(store, `SELECT count(*) FROM cases INDEXED BY cases_queue_filters WHERE ${AT_RISK}`, 'pluck').get(params) as number;
  const next = statementOf(
    store,
    `SELECT min(at) FROM (
         SELECT min(resp_breach_at) AS at FROM cases WHERE resp_final IS NULL AND resp_breach_at > @soon AND effective_status <> 'closed'
         UNION ALL
         SELECT min(res_breach_at) FROM cases WHERE res_final IS NULL AND res_breach_at > @soon AND effective_status <> 'closed')`,
    'pluck',
  ).get(params) as number | null;
  return { count, changesAt: next === null ? null : next - SOON_MS };
}
