// The desktop's case store: one typed interface over the SQLite file. Reads give records in the
// `casedesk.cases/1` shape, timelines for the SLA engine, and the outbox; writes go through
// named mutations (apply-mutation.ts) or the bulk import, each in one transaction.
import type { Database, Statement } from 'better-sqlite3';
import { randomInt } from 'node:crypto';
import type { CaseEventRecord, CaseRecord, ParsedCases } from '../../../shared/cases/case-format';
import { timelineOf, type CaseTimeline } from '../../../shared/cases/case-timeline';
import { defaultPolicy, parsePolicy } from '../../../shared/policy/load-policy';
import type { Policy } from '../../../shared/policy/policy-schema';
import { caseColumns, caseRecord, eventColumns, eventRecord, type CaseColumns, type EventColumns } from './case-rows';
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
}

export interface OutboxEntry {
  seq: number;
  mutationId: string;
  name: string;
  caseId: string | null;
  args: unknown;
  createdAt: number;
}

type CaseRow = CaseColumns & {
  seq: number;
  number: string;
  status: string;
  current_severity: number;
  policy_id: string;
  policy_version: number;
  origin: 'import' | 'local';
};
type EventRow = EventColumns & { case_seq: number };

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export class CaseStore {
  private readonly policies = new Map<string, Policy>();
  private readonly statements = new Map<string, Statement>();

  private constructor(
    readonly db: Database,
    readonly path: string,
    readonly clock: Clock,
  ) {}

  static open(path: string, options: OpenOptions & { clock?: Clock } = {}): CaseStore {
    const store = new CaseStore(openDatabase(path, options), path, options.clock ?? systemClock);
    if (!options.readonly) store.ensureDeskCode();
    return store;
  }

  close(): void {
    this.db.close();
  }

  /** A prepared statement, prepared once per store. */
  sql(text: string): Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  // ---- Desk code and case numbers ---------------------------------------------------------------

  private meta(key: string): string | undefined {
    return (this.sql('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  private setMeta(key: string, value: string): void {
    this.sql('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  private ensureDeskCode(): void {
    if (this.meta('desk_code')) return;
    // Three Crockford base-32 characters: short to say on the phone, with no 0/O or 1/I/L mix-ups.
    const code = Array.from({ length: 3 }, () => CROCKFORD[randomInt(32)]).join('');
    this.db.transaction(() => {
      this.setMeta('desk_code', code);
      this.setMeta('next_number', '1');
      this.setMeta('desk_id', newId());
    })();
  }

  /** This desktop's id, which names its mutations in the outbox. */
  get deskId(): string {
    return this.meta('desk_id')!;
  }

  /** The next short case number (`7KQ-1042`): this desktop's code and its own sequence. */
  takeNumber(): string {
    const next = Number(this.meta('next_number'));
    this.setMeta('next_number', String(next + 1));
    return `${this.meta('desk_code')}-${next}`;
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
      if (existing.document !== document) {
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
      policy = parsePolicy(JSON.parse(row.document), `policy ${id} v${version}`);
      this.policies.set(key, policy);
    }
    return policy;
  }

  // ---- Writes ---------------------------------------------------------------------------------------

  /** Insert a case row and its events; the caller holds the transaction. Returns the case's seq. */
  insertCase(record: CaseRecord, timeline: CaseTimeline, info: { status: string; currentSeverity: number; policy: Policy; origin: 'import' | 'local' }): number {
    const now = this.clock.now();
    const c = caseColumns(record);
    const result = this.sql(
      `INSERT INTO cases (id, number, severity, type, channel, logged_at, logged_at_text, company, contract_id, summary, engineer,
         contact_name, contact_email, contact_phone, product, software_version, hardware, os, symptoms, nature, reproduction,
         workarounds, recommendation, status, current_severity, extra, policy_id, policy_version, origin, created_at, updated_at)
       VALUES (@id, @number, @severity, @type, @channel, @logged_at, @logged_at_text, @company, @contract_id, @summary, @engineer,
         @contact_name, @contact_email, @contact_phone, @product, @software_version, @hardware, @os, @symptoms, @nature, @reproduction,
         @workarounds, @recommendation, @status, @current_severity, @extra, @policy_id, @policy_version, @origin, @now, @now)`,
    ).run({
      ...c,
      number: this.takeNumber(),
      logged_at: timeline.loggedAt,
      status: info.status,
      current_severity: info.currentSeverity,
      policy_id: info.policy.id,
      policy_version: info.policy.version,
      origin: info.origin,
      now,
    });
    const seq = Number(result.lastInsertRowid);
    record.events.forEach((event, idx) => this.insertEvent(seq, idx, event, timeline.events[idx]!.at, now));
    return seq;
  }

  insertEvent(caseSeq: number, idx: number, event: CaseEventRecord, at: number, now = this.clock.now()): void {
    this.sql(
      `INSERT INTO events (case_seq, idx, id, at, at_text, type, author, reason, data, recorded_at)
       VALUES (@case_seq, @idx, @id, @at, @at_text, @type, @author, @reason, @data, @now)`,
    ).run({ case_seq: caseSeq, idx, id: newId(), at, now, ...eventColumns(event) });
  }

  /** Queue a mutation for the central store; the caller holds the transaction. */
  enqueue(name: string, caseId: string | null, args: unknown): string {
    const mutationId = newId();
    this.sql('INSERT INTO outbox (mutation_id, name, case_id, args, created_at) VALUES (?, ?, ?, ?, ?)').run(
      mutationId,
      name,
      caseId,
      JSON.stringify(args),
      this.clock.now(),
    );
    return mutationId;
  }

  /**
   * Import validated cases in one transaction, one `importCase` mutation each. A case whose id is
   * already in the store rejects the whole import, naming it; nothing is written.
   */
  importCases(parsed: ParsedCases, policy: Policy, onProgress?: (done: number, total: number) => void): { imported: number } {
    const total = parsed.file.cases.length;
    const exists = this.sql('SELECT 1 FROM cases WHERE id = ?').pluck();
    const run = this.db.transaction(() => {
      this.recordPolicy(policy);
      this.setMeta('policy_id', policy.id);
      this.setMeta('policy_version', String(policy.version));
      parsed.file.cases.forEach((record, i) => {
        if (exists.get(record.id)) throw new StoreError(`case "${record.id}" (cases[${i}]) is already in ${this.path}; nothing was imported`);
        const timeline = parsed.timelines[i]!;
        const { status, severity } = lastRecorded(timeline);
        this.insertCase(record, timeline, { status, currentSeverity: severity, policy, origin: 'import' });
        this.enqueue('importCase', record.id, { record });
        if (onProgress && (i + 1) % 10_000 === 0) onProgress(i + 1, total);
      });
    });
    run.immediate();
    this.inForce = policy;
    return { imported: total };
  }

  // ---- Reads ----------------------------------------------------------------------------------------

  caseCount(): number {
    return this.sql('SELECT count(*) FROM cases').pluck().get() as number;
  }

  private eventsOf(caseSeq: number): CaseEventRecord[] {
    return (this.sql('SELECT at_text, type, author, reason, data FROM events WHERE case_seq = ? ORDER BY idx').all(caseSeq) as EventColumns[]).map(
      eventRecord,
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
      record: caseRecord(row, events),
    };
  }

  /** One case by its id or its short number, or null. */
  getCase(idOrNumber: string): StoredCase | null {
    const row = this.sql('SELECT * FROM cases WHERE id = ? OR number = ?').get(idOrNumber, idOrNumber) as CaseRow | undefined;
    return row ? this.stored(row, this.eventsOf(row.seq)) : null;
  }

  /**
   * Every case, in the order it was stored, with its events. Events are read in one pass and
   * handed out case by case, so 100,000 cases cost two queries.
   */
  *allCases(): Generator<StoredCase> {
    const events = this.sql('SELECT case_seq, at_text, type, author, reason, data FROM events ORDER BY case_seq, idx').all() as EventRow[];
    const rows = this.sql('SELECT * FROM cases ORDER BY seq').all() as CaseRow[];
    let e = 0;
    for (const row of rows) {
      const mine: CaseEventRecord[] = [];
      while (e < events.length && events[e]!.case_seq < row.seq) e++;
      while (e < events.length && events[e]!.case_seq === row.seq) mine.push(eventRecord(events[e++]!));
      yield this.stored(row, mine);
    }
  }

  /** The timeline the SLA engine reads, of a stored case. */
  static timeline(stored: StoredCase): CaseTimeline {
    return timelineOf(stored.record);
  }

  outbox(): OutboxEntry[] {
    return (this.sql('SELECT seq, mutation_id, name, case_id, args, created_at FROM outbox ORDER BY seq').all() as {
      seq: number;
      mutation_id: string;
      name: string;
      case_id: string | null;
      args: string;
      created_at: number;
    }[]).map((r) => ({ seq: r.seq, mutationId: r.mutation_id, name: r.name, caseId: r.case_id, args: JSON.parse(r.args), createdAt: r.created_at }));
  }
}

/** The status and severity a case's own history ends on, in time order (not auto-close: that is the engine's). */
export function lastRecorded(timeline: CaseTimeline): { status: string; severity: number } {
  let status = 'new';
  let severity = timeline.severity;
  const ordered = [...timeline.events].sort((a, b) => a.at - b.at || a.index - b.index);
  for (const e of ordered) {
    if (e.kind === 'status') status = e.status;
    else if (e.kind === 'severity') severity = e.severity;
  }
  return { status, severity };
}
