// The desktop's case store: one typed interface over the SQLite file. Reads give records in the
// `casedesk.cases/1` shape, timelines for the SLA engine, and the outbox; writes go through
// named mutations (apply-mutation.ts) or the bulk import, each in one transaction.
import type { Database, Statement } from 'better-sqlite3';
import BetterSqlite3 from 'better-sqlite3';
import { randomInt } from 'node:crypto';
import type { CaseEventRecord, CaseRecord, ParsedCases } from '../../../shared/cases/case-format';
import type { MutationName } from '../../../shared/cases/case-mutations';
import type { FieldConflict } from '../../../shared/cases/field-conflicts';
import { EVENT_TYPES_WITH_FIELDS, timelineEvent, withoutRetracted, type CaseTimeline, type TimelineEvent } from '../../../shared/cases/case-timeline';
import { defaultPolicy, parsePolicy } from '../../../shared/policy/load-policy';
import { instantOrThrow } from '../../../shared/time/instant';
import type { Policy } from '../../../shared/policy/policy-schema';
import { storeClocks } from './case-clocks';
import { CASE_COLUMNS, caseColumns, caseColumnsOf, caseRecord, eventColumns, eventRecord, FIELD_COLUMNS, type CaseColumns, type EventColumns } from './case-rows';
import { openDatabase, StoreError, type OpenOptions } from './database';
import { newId } from './ids';

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export interface StoredCase {
  seq: number;
  number: string;
  status: string;
  currentSeverity: number;
  policyId: string;
  policyVersion: number;
  origin: 'import' | 'local';
  record: CaseRecord;
  /** The last change made to the case (for undo), or null (a case from before schema 4). */
  lastChange: { id: string; name: MutationName } | null;
  /** Fields two desktops edited at once, as the server last said. */
  conflicts: FieldConflict[];
}

/** A stored case as the SLA engine sees it, with the number and policy it was logged under. */
export interface TimelineCase {
  number: string;
  policyId: string;
  policyVersion: number;
  timeline: CaseTimeline;
}

/** Cases by their local seq, both ends included. */
export interface SeqRange {
  from: number;
  to: number;
}

export interface OutboxEntry {
  seq: number;
  mutationId: string;
  name: string;
  caseId: string | null;
  args: unknown;
  createdAt: number;
}

/** An outbox row as stored (arguments as JSON text). */
export interface OutboxRow {
  seq: number;
  mutation_id: string;
  name: string;
  case_id: string | null;
  args: string;
  created_at: number;
}

interface CaseRow {
  seq: number;
  number: string;
  columns: CaseColumns;
  status: string;
  current_severity: number;
  policy_id: string;
  policy_version: number;
  origin: 'import' | 'local';
  last_change_id: string | null;
  last_change_name: MutationName | null;
  conflicts: string;
}

const ALL: SeqRange = { from: 1, to: Number.MAX_SAFE_INTEGER };

type EventRow = [number, string, string, string | null, string | null, string];

// The columns of a case row, in the order caseRowOf reads them: its seq and number, the columns that
// describe the case, then the bookkeeping.
const CASE_SELECT = ['seq', 'number', ...CASE_COLUMNS, 'status', 'current_severity', 'policy_id', 'policy_version', 'origin', 'last_change_id', 'last_change_name', 'conflicts'].join(', ');
const AFTER = 2 + CASE_COLUMNS.length;

/** A raw row (array, in CASE_SELECT order) as an object: one literal, so every row has one shape. */
function caseRowOf(v: unknown[]): CaseRow {
  return {
    seq: v[0] as number,
    number: v[1] as string,
    columns: caseColumnsOf(v, 2),
    status: v[AFTER] as string,
    current_severity: v[AFTER + 1] as number,
    policy_id: v[AFTER + 2] as string,
    policy_version: v[AFTER + 3] as number,
    origin: v[AFTER + 4] as 'import' | 'local',
    last_change_id: v[AFTER + 5] as string | null,
    last_change_name: v[AFTER + 6] as MutationName | null,
    conflicts: v[AFTER + 7] as string,
  };
}

// The columns an inserted case row sets, and where each value comes from.
const INSERT_COLUMNS = [
  'id', 'number', 'severity', 'type', 'channel', 'logged_at', 'logged_at_text', ...FIELD_COLUMNS, 'status', 'current_severity', 'extra',
  'policy_id', 'policy_version', 'origin', 'created_at', 'updated_at', 'last_change_id', 'last_change_name',
];
const INSERT_CASE = `INSERT INTO cases (${INSERT_COLUMNS.join(', ')}) VALUES (${INSERT_COLUMNS.map(() => '?').join(', ')})`;

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The `meta` key of the role of the server user this desktop is signed in as (written by the sync). */
export const SIGNED_IN_ROLE_KEY = 'sync_role';

/**
 * The connection of a store, for the modules of electron/core/store/ only: lint refuses this import
 * anywhere else, so that SQL stays in this folder and the store is the one owner of its database.
 */
export function connectionOf(store: CaseStore): Database {
  return store['db'];
}

/** A prepared statement of a store's (see CaseStore.sql), for the modules of electron/core/store/ only. */
export function statementOf(store: CaseStore, text: string, mode: 'object' | 'raw' | 'pluck' = 'object'): Statement {
  return store['sql'](text, mode);
}

export class CaseStore {
  private readonly policies = new Map<string, Policy>();
  private readonly statements = new Map<string, Statement>();

  private constructor(
    private readonly db: Database,
    readonly path: string,
    readonly clock: Clock,
  ) {}

  get readonly(): boolean {
    return this.db.readonly;
  }

  static open(path: string, options: OpenOptions & { clock?: Clock } = {}): CaseStore {
    const store = new CaseStore(openDatabase(path, options), path, options.clock ?? systemClock);
    if (!options.readonly) store.ensureDeskCode();
    return store;
  }

  close(): void {
    this.db.close();
  }

  /**
   * A prepared statement, prepared once per store and mode: rows as objects (the default), as
   * arrays (`raw`), or the first column alone (`pluck`).
   */
  private sql(text: string, mode: 'object' | 'raw' | 'pluck' = 'object'): Statement {
    const key = `${mode}:${text}`;
    let statement = this.statements.get(key);
    if (!statement) {
      statement = this.db.prepare(text);
      if (mode === 'raw') statement.raw();
      else if (mode === 'pluck') statement.pluck();
      this.statements.set(key, statement);
    }
    return statement;
  }

  /** Run `work` in one transaction (BEGIN IMMEDIATE when `immediate`): all of it is written, or none. */
  transaction<T>(work: () => T, options: { immediate?: boolean } = {}): T {
    const run = this.db.transaction(work);
    return options.immediate ? run.immediate() : run();
  }

  /**
   * Copy the database to `path` with SQLite's online backup (consistent while the app writes),
   * as one self-contained file (no -wal beside it) that opens from a read-only place.
   */
  async backup(path: string): Promise<void> {
    await this.db.backup(path);
    const copy = new BetterSqlite3(path);
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
  }

  /** Forget settings of this desktop's (`meta` table). */
  deleteMeta(...keys: string[]): void {
    for (const key of keys) this.sql('DELETE FROM meta WHERE key = ?').run(key);
  }

  /** A case's number, policy and version by its id, or undefined when this desktop has no such case. */
  caseOrigin(caseId: string): { number: string; policyId: string; policyVersion: number } | undefined {
    const row = this.sql('SELECT number, policy_id, policy_version FROM cases WHERE id = ?').get(caseId) as
      | { number: string; policy_id: string; policy_version: number }
      | undefined;
    return row && { number: row.number, policyId: row.policy_id, policyVersion: row.policy_version };
  }

  // ---- Desk code and case numbers ---------------------------------------------------------------

  /** A setting of this desktop's (`meta` table), or undefined. */
  meta(key: string): string | undefined {
    return (this.sql('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  /** Set a setting of this desktop's; the caller holds the transaction when it must go with others. */
  setMeta(key: string, value: string): void {
    this.sql('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  private ensureDeskCode(): void {
    if (this.meta('desk_code')) return;
    // Three Crockford base-32 characters: short to say on the phone, with no 0/O or 1/I/L mix-ups.
    const code = Array.from({ length: 3 }, () => CROCKFORD[randomInt(32)]).join('');
    this.db.transaction(() => {
      if (this.meta('desk_code')) return; // another process opening the new file gave it one meanwhile
      this.setMeta('desk_code', code);
      this.setMeta('next_number', '1');
      this.setMeta('desk_id', newId());
    }).immediate();
  }

  /** This desktop's id, which names its mutations in the outbox. */
  get deskId(): string {
    return this.meta('desk_id')!;
  }

  /** The next short case number (`7KQ-1042`): this desktop's code and its own sequence. */
  takeNumber(): string {
    return this.numberAllocator(1)();
  }

  /**
   * Reserve `count` case numbers at once (an import numbers its cases without touching the
   * counter for each); returns a function handing them out in order.
   */
  numberAllocator(count: number): () => string {
    const code = this.meta('desk_code');
    let next = Number(this.meta('next_number'));
    let last = next + count;
    this.setMeta('next_number', String(last));
    // A number can already be here: another desktop's case with the same desk code came in by a
    // sync, or this database was restored from a backup older than numbers it gave since. Skip it.
    const taken = this.sql('SELECT 1 FROM cases WHERE number = ?', 'pluck');
    return () => {
      for (;;) {
        if (next >= last) this.setMeta('next_number', String((last = next + 1)));
        const number = `${code}-${next++}`;
        if (!taken.get(number)) return number;
      }
    };
  }

  // ---- Policies -----------------------------------------------------------------------------------

  private inForce: Policy | undefined;

  /** The policy new cases are logged under: the last one put in force, else the default. */
  get currentPolicy(): Policy {
    if (!this.inForce) {
      const id = this.meta('policy_id');
      this.inForce = id ? this.policy(id, Number(this.meta('policy_version'))) : defaultPolicy();
    }
    return this.inForce;
  }

  /** Put a policy in force for the cases logged from now on (recorded, never rewritten). */
  usePolicy(policy: Policy): void {
    this.db.transaction(() => {
      this.recordPolicy(policy);
      this.setMeta('policy_id', policy.id);
      this.setMeta('policy_version', String(policy.version));
    })();
    this.inForce = policy;
  }

  /** Record the policy cases are being logged under; the same id and version must mean the same rules. */
  recordPolicy(policy: Policy): void {
    const document = JSON.stringify(policy);
    const existing = this.sql('SELECT document FROM policies WHERE id = ? AND version = ?').get(policy.id, policy.version) as
      | { document: string }
      | undefined;
    if (existing) {
      // Compared as this version reads them: a field added to the schema since is not a change of rules.
      if (JSON.stringify(parsePolicy(JSON.parse(existing.document), 'a recorded policy', { recorded: true })) !== document) {
        throw new StoreError(
          `policy ${policy.id} v${policy.version} is already recorded in ${this.path} with other rules; give the edited policy a new "version" so cases logged under the old one keep their clocks`,
        );
      }
      return;
    }
    this.sql('INSERT INTO policies (id, version, document, recorded_at) VALUES (?, ?, ?, ?)').run(policy.id, policy.version, document, this.clock.now());
  }

  /** The policy a case was logged under. */
  policy(id: string, version: number): Policy {
    const key = `${id}@${version}`;
    let policy = this.policies.get(key);
    if (!policy) {
      const row = this.sql('SELECT document FROM policies WHERE id = ? AND version = ?').get(id, version) as { document: string } | undefined;
      if (!row) throw new StoreError(`policy ${id} v${version} is not recorded in ${this.path}`);
      policy = parsePolicy(JSON.parse(row.document), `policy ${id} v${version}`, { recorded: true });
      this.policies.set(key, policy);
    }
    return policy;
  }

  // ---- Writes ---------------------------------------------------------------------------------------

  /**
   * Insert a case row and its events; the caller holds the transaction. Each event's id is
   * derived from the id of the mutation that wrote it; the clock columns (and the severity in
   * force) are then worked out by storeClocks. Returns the case's seq.
   */
  insertCase(
    record: CaseRecord,
    timeline: CaseTimeline,
    info: { status: string; policy: Policy; origin: 'import' | 'local'; mutationId: string; number?: string },
  ): number {
    const now = this.clock.now();
    const c = caseColumns(record);
    const result = this.sql(INSERT_CASE).run(
      c.id, info.number ?? this.takeNumber(), c.severity, c.type, c.channel, timeline.loggedAt, c.logged_at_text, ...c.fields,
      info.status, c.severity, c.extra, info.policy.id, info.policy.version, info.origin, now, now, info.mutationId,
      info.origin === 'import' ? 'importCase' : 'createCase',
    );
    const seq = Number(result.lastInsertRowid);
    // Each event's instant from its own text: the timeline leaves retracted events out, so its
    // positions are not the record's.
    record.events?.forEach((event, idx) => this.insertEvent(seq, idx, event, instantOrThrow(event.at), `${info.mutationId}.${idx}`, { recordedAt: now }));
    storeClocks(this, seq, record, timeline, info.policy, now);
    return seq;
  }

  /**
   * Insert one event row; the caller holds the transaction. `mutation` names the change that wrote
   * it (null: it came with an imported case); `pending` until the central store confirms it.
   */
  insertEvent(
    caseSeq: number,
    idx: number,
    event: CaseEventRecord,
    at: number,
    id: string,
    info: { recordedAt?: number; mutation?: MutationName | null; pending?: boolean } = {},
  ): void {
    const e = eventColumns(event);
    this.sql(
      `INSERT INTO events (case_seq, idx, id, at, at_text, type, author, reason, data, recorded_at, mutation, pending)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(caseSeq, idx, id, at, e.at_text, e.type, e.author, e.reason, e.data, info.recordedAt ?? this.clock.now(), info.mutation ?? null, info.pending === false ? 0 : 1);
  }

  /** Queue a mutation for the central store; the caller holds the transaction. */
  enqueue(name: string, caseId: string | null, args: unknown, mutationId = newId()): string {
    this.sql('INSERT INTO outbox (mutation_id, name, case_id, args, created_at) VALUES (?, ?, ?, ?, ?)').run(
      mutationId,
      name,
      caseId,
      JSON.stringify(args),
      this.clock.now(),
    );
    this.noteLocalChange(caseId);
    return mutationId;
  }

  private readonly localChangeListeners = new Set<(caseIds: string[] | null) => void>();
  private changedCases: Set<string> | null = null;

  /**
   * Hear of the changes made through this connection (every change is queued for the server):
   * once per burst, after the transaction that made them has finished, with the cases' ids —
   * null when there were more than a screenful (an import). Returns the unsubscribe.
   */
  onLocalChange(listener: (caseIds: string[] | null) => void): () => void {
    this.localChangeListeners.add(listener);
    return () => this.localChangeListeners.delete(listener);
  }

  private noteLocalChange(caseId: string | null): void {
    if (this.localChangeListeners.size === 0) return;
    if (!this.changedCases) {
      const changed = (this.changedCases = new Set());
      // A transaction runs to its end before any microtask: the listeners hear of committed work.
      queueMicrotask(() => {
        this.changedCases = null;
        const ids = changed.size > 200 ? null : [...changed];
        for (const listener of this.localChangeListeners) listener(ids);
      });
    }
    if (caseId !== null) this.changedCases.add(caseId);
  }

  /**
   * Import validated cases in one transaction, one `importCase` mutation each. A case whose id is
   * already in the store rejects the whole import, naming it; nothing is written. The cases are
   * logged under `policy` (recorded); the policy in force for new cases does not change.
   */
  importCases(parsed: ParsedCases, policy: Policy, onProgress?: (done: number, total: number) => void): { imported: number } {
    const total = parsed.file.cases.length;
    const exists = this.sql('SELECT 1 FROM cases WHERE id = ?', 'pluck');
    const run = this.db.transaction(() => {
      this.recordPolicy(policy);
      const number = this.numberAllocator(total);
      parsed.file.cases.forEach((record, i) => {
        if (exists.get(record.id)) throw new StoreError(`case "${record.id}" (cases[${i}]) is already in ${this.path}; nothing was imported`);
        const timeline = parsed.timelines[i]!;
        const mutationId = newId();
        this.insertCase(record, timeline, { status: recordedStatus(timeline), policy, origin: 'import', mutationId, number: number() });
        this.enqueue('importCase', record.id, { record }, mutationId);
        if (onProgress && (i + 1) % 10_000 === 0) onProgress(i + 1, total);
      });
    });
    run.immediate();
    return { imported: total };
  }

  // ---- Reads ----------------------------------------------------------------------------------------

  caseCount(): number {
    return this.sql('SELECT count(*) FROM cases', 'pluck').get() as number;
  }

  private eventsOf(caseSeq: number): CaseEventRecord[] {
    return (this.sql('SELECT at_text, type, author, reason, data FROM events WHERE case_seq = ? ORDER BY idx').all(caseSeq) as EventColumns[]).map(
      eventRecord,
    );
  }

  /** When each event of a case was recorded in this store, and by which change (null: brought in by an import), in written order. */
  eventsRecorded(caseSeq: number): { recordedAt: number; mutation: MutationName | null }[] {
    return (this.sql('SELECT recorded_at, mutation FROM events WHERE case_seq = ? ORDER BY idx').all(caseSeq) as { recorded_at: number; mutation: MutationName | null }[]).map(
      (r) => ({ recordedAt: r.recorded_at, mutation: r.mutation }),
    );
  }

  private stored(row: CaseRow, events: CaseEventRecord[]): StoredCase {
    return {
      seq: row.seq,
      number: row.number,
      status: row.status,
      currentSeverity: row.current_severity,
      policyId: row.policy_id,
      policyVersion: row.policy_version,
      origin: row.origin,
      record: caseRecord(row.columns, events),
      lastChange: row.last_change_id ? { id: row.last_change_id, name: row.last_change_name! } : null,
      conflicts: row.conflicts === '[]' ? [] : (JSON.parse(row.conflicts) as FieldConflict[]),
    };
  }

  private caseWhere(column: 'seq' | 'id' | 'number', value: string | number): StoredCase | null {
    const values = this.sql(`SELECT ${CASE_SELECT} FROM cases WHERE ${column} = ?`, 'raw').get(value) as unknown[] | undefined;
    if (!values) return null;
    const row = caseRowOf(values);
    return this.stored(row, this.eventsOf(row.seq));
  }

  caseBySeq(seq: number): StoredCase | null {
    return this.caseWhere('seq', seq);
  }

  /** One case by its id, or null. */
  getCase(id: string): StoredCase | null {
    return this.caseWhere('id', id);
  }

  /** The case a person names by its id or by its short number (the id wins), or null. */
  findCase(idOrNumber: string): StoredCase | null {
    const byId = this.getCase(idOrNumber);
    if (byId) return byId;
    return this.caseWhere('number', idOrNumber);
  }

  /**
   * Reads the cases whose seq is in `range` a page at a time, each page with its events in one more
   * query, both in one short read transaction: a page is consistent; a long scan sees later writes
   * to later pages, as any paging does, and never holds a transaction open between pages. 100,000
   * cases cost a few hundred small queries and never sit in memory all at once. Rows come as
   * arrays (raw mode), which reads several times faster than an object per row; each case row's
   * first column is its seq, each event row's first column the seq of its case.
   */
  private *pagedCases<C extends unknown[], E extends unknown[], T>(
    caseColumns: string,
    eventColumns: string,
    range: SeqRange,
    pageSize: number,
    build: (row: C, events: E[]) => T,
  ): Generator<T> {
    const casePage = this.sql(`SELECT ${caseColumns} FROM cases WHERE seq >= ? AND seq <= ? ORDER BY seq LIMIT ?`, 'raw');
    const eventPage = this.sql(`SELECT ${eventColumns} FROM events WHERE case_seq BETWEEN ? AND ? ORDER BY case_seq, idx`, 'raw');
    const readPage = this.db.transaction((from: number) => {
      const rows = casePage.all(from, range.to, pageSize) as C[];
      const events = rows.length ? (eventPage.all(rows[0]![0], rows[rows.length - 1]![0]) as E[]) : [];
      return { rows, events };
    });
    let from = range.from;
    for (;;) {
      const { rows, events } = readPage(from);
      if (rows.length === 0) return;
      let e = 0;
      for (const row of rows) {
        const start = e;
        while (e < events.length && events[e]![0] === row[0]) e++;
        yield build(row, events.slice(start, e));
      }
      from = (rows[rows.length - 1]![0] as number) + 1;
    }
  }

  /** Every case (or those whose seq is in `range`), in the order it was stored, with its events. */
  allCases(range: SeqRange = ALL, pageSize = 250): Generator<StoredCase> {
    return this.pagedCases(CASE_SELECT, 'case_seq, at_text, type, author, reason, data', range, pageSize, (values: unknown[], events: EventRow[]) =>
      this.stored(
        caseRowOf(values),
        events.map(([, at_text, type, author, reason, data]) => eventRecord({ at_text, type, author, reason, data })),
      ),
    );
  }

  /**
   * What the SLA engine needs of every case in `range`, read without building whole records:
   * instants come from their epoch-ms columns and only the events whose fields the clocks read
   * have their data parsed. For scans that need clocks but not the case's fields (the report).
   */
  caseTimelines(range: SeqRange = ALL, pageSize = 500): Generator<TimelineCase> {
    type Row = [number, string, string, number, 'problem' | 'feature-request', number, string, number];
    return this.pagedCases(
      'seq, id, number, severity, type, logged_at, policy_id, policy_version',
      'case_seq, idx, at, type, data',
      range,
      pageSize,
      ([, id, number, severity, type, loggedAt, policyId, policyVersion]: Row, events: [number, number, number, string, string][]) => ({
        number,
        policyId,
        policyVersion,
        timeline: {
          id,
          severity,
          type,
          loggedAt,
          events: (() => {
            const fields = new Map<number, Record<string, unknown>>();
            const list = events.map(([, index, at, eventType, data]): TimelineEvent => {
              const parsed = EVENT_TYPES_WITH_FIELDS.has(eventType) ? (JSON.parse(data) as Record<string, unknown>) : {};
              fields.set(index, parsed);
              return timelineEvent(index, at, eventType, parsed);
            });
            return withoutRetracted(list, (index) => fields.get(index) ?? {});
          })(),
        },
      }),
    );
  }

  /** Split the cases in two consecutive seq ranges, the first holding `share` (0–1) of them. */
  splitSeqRange(share: number): [SeqRange, SeqRange] {
    const count = this.caseCount();
    const offset = Math.max(0, Math.floor(count * share) - 1);
    const to = (this.sql('SELECT seq FROM cases ORDER BY seq LIMIT 1 OFFSET ?', 'pluck').get(offset) as number | undefined) ?? 0;
    return [
      { from: 1, to },
      { from: to + 1, to: Number.MAX_SAFE_INTEGER },
    ];
  }



  outbox(): OutboxEntry[] {
    return (this.sql('SELECT seq, mutation_id, name, case_id, args, created_at FROM outbox ORDER BY seq').all() as OutboxRow[]).map((r) => ({ seq: r.seq, mutationId: r.mutation_id, name: r.name, caseId: r.case_id, args: JSON.parse(r.args), createdAt: r.created_at }));
  }
}

/** The status a case's own history ends on, in time order (not auto-close: that is the engine's). */
export function recordedStatus(timeline: CaseTimeline): string {
  let status = 'new';
  const ordered = [...timeline.events].sort((a, b) => a.at - b.at || a.index - b.index);
  for (const e of ordered) if (e.kind === 'status') status = e.status;
  return status;
}
