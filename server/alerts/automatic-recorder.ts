// The central store's scheduler: it records what the policy does by itself — the escalation at each
// breach, the auto-close — with every desktop closed (shared/alerts/automatic-events.ts). The same
// scheduler as the desktop's (shared/alerts/alert-scheduler.ts), over an index of every open case's
// planner inputs kept in memory: loaded from the store at start, brought up to date from the
// changes since (a pull from the version seen) whenever the live bus says something changed — a
// change made through any server process — and every minute besides (an import from the command
// line tells no bus).
//
// Each event is pushed as the server's own user with the id every recorder gives it (a UUID v5 of
// the case and the key), so two server processes, or a desktop working alone, record it once. The
// instant up to which it has recorded is kept (scheduler_marks): started again, it records what came
// while it was stopped.
import { v5 as uuidv5 } from 'uuid';
import { catchUpInputsOf, planCaseAlerts, type AlertInputs, type PlannedAlert } from '../../shared/alerts/alert-plan';
import { AlertScheduler, type SchedulerClock, type SchedulerTimers } from '../../shared/alerts/alert-scheduler';
import { AUTOMATIC_AUTHOR, AUTOMATIC_NAMESPACE, automaticKey, automaticMutationName } from '../../shared/alerts/automatic-events';
import { timelineOf } from '../../shared/cases/case-timeline';
import { compilePolicy, type CompiledPolicy } from '../../shared/policy/compiled-policy';
import { parsePolicy } from '../../shared/policy/load-policy';
import type { CaseSnapshot } from '../../shared/sync/protocol';
import type { ServerStore } from '../store/server-store';
import { systemUser } from '../store/system-users';

export const RECORDER_MARK = 'automatic-events';
const CLIENT_ID = 'automatic-recorder';
const PAGE = 1000;
const REFRESH_MS = 60_000;

export interface RecorderHost extends SchedulerClock, SchedulerTimers {}

export interface RecorderOptions {
  store: ServerStore;
  host: RecorderHost;
  /** Tell the desktops a change was made (the live channel's poke). */
  changed: (version: number) => void;
  log?: (line: string) => void;
}

export class AutomaticRecorder {
  private readonly index = new Map<string, { inputs: AlertInputs; policy: CompiledPolicy }>();
  private readonly policies = new Map<string, CompiledPolicy>();
  private readonly scheduler: AlertScheduler;
  private seen = 0;
  private refreshing: Promise<void> | null = null;
  private again = false;
  private recording: Promise<void> = Promise.resolve();
  private timer: unknown = null;
  private stopped = false;

  constructor(private readonly options: RecorderOptions) {
    const plan = (entry: { inputs: AlertInputs; policy: CompiledPolicy }, from: number) =>
      planCaseAlerts(entry.inputs, entry.policy, from, Number.POSITIVE_INFINITY).filter((a) => a.kind === 'breach' || a.kind === 'auto-close');
    this.scheduler = new AlertScheduler({
      clock: options.host,
      timers: options.host,
      source: {
        planAll: (from) => [...this.index.values()].flatMap((entry) => plan(entry, from)),
        planCase: (caseId, from) => {
          const entry = this.index.get(caseId);
          return entry ? plan(entry, from) : [];
        },
      },
      raise: (alert) => this.enqueue(alert),
      failed: (alert, err) => this.log(`the automatic ${alert.kind} of case ${alert.caseId} was not recorded: ${(err as Error).message}`),
    });
  }

  /** Load every case, then plan from where the last run stopped (or now, the first time). */
  async start(): Promise<void> {
    await this.refresh();
    if (this.stopped) return;
    const now = this.options.host.now();
    const mark = await this.options.store.schedulerMark(RECORDER_MARK);
    this.scheduler.start(mark !== null && mark < now ? mark : now);
    if (mark === null) await this.options.store.noteSchedulerMark(RECORDER_MARK, now);
    this.tick();
  }

  /** Something changed in the store (the live bus): bring the index up to date. */
  changed(): void {
    if (this.stopped) return;
    if (this.refreshing) {
      this.again = true;
      return;
    }
    this.refreshing = this.refresh()
      .catch((err: Error) => this.log(`the automatic recorder could not read the changes: ${err.message}`))
      .finally(() => {
        this.refreshing = null;
        if (this.again) {
          this.again = false;
          this.changed();
        }
      });
  }

  /** Stop planning; what is being recorded finishes. */
  async stop(): Promise<void> {
    const started = this.timer !== null;
    this.stopped = true;
    this.scheduler.stop();
    if (this.timer !== null) this.options.host.clear(this.timer);
    await this.refreshing;
    await this.recording;
    // Everything due up to now was raised and recorded: the next start goes on from here.
    if (started) await this.options.store.noteSchedulerMark(RECORDER_MARK, this.options.host.now()).catch(() => undefined);
  }

  private tick(): void {
    if (this.stopped) return;
    this.timer = this.options.host.set(() => {
      this.timer = null;
      this.changed();
      this.tick();
    }, REFRESH_MS);
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

  /** Read the cases changed since the version seen into the index, planning each again. */
  private async refresh(): Promise<void> {
    for (;;) {
      const page = await this.options.store.pull(this.seen, PAGE);
      for (const document of page.policies) {
        const policy = parsePolicy(document, 'a policy of the central store', { recorded: true });
        const key = `${policy.id}@${policy.version}`;
        if (!this.policies.has(key)) this.policies.set(key, compilePolicy(policy));
      }
      const now = this.options.host.now();
      for (const snapshot of page.cases) this.note(snapshot, now);
      this.seen = Math.max(this.seen, page.version);
      if (!page.more || this.stopped) return;
    }
  }

  private note(snapshot: CaseSnapshot, now: number): void {
    const policy = this.policies.get(`${snapshot.policyId}@${snapshot.policyVersion}`);
    if (!policy) return this.log(`case ${snapshot.number}: its policy ${snapshot.policyId} v${snapshot.policyVersion} is not known here`);
    const inputs = catchUpInputsOf(timelineOf(snapshot.record), policy, now);
    if (inputs === null) this.index.delete(snapshot.id);
    else this.index.set(snapshot.id, { inputs, policy });
    this.scheduler.caseChanged(snapshot.id);
  }

  /** Record one alert's event after those before it (one push at a time, in time order). */
  private enqueue(alert: PlannedAlert): void {
    this.recording = this.recording.then(() => this.record(alert)).catch((err: Error) => this.log(`the automatic ${alert.kind} of case ${alert.caseId} was not recorded: ${err.message}`));
  }

  private async record(alert: PlannedAlert): Promise<void> {
    const { store } = this.options;
    const kind = alert.kind === 'breach' ? 'escalation' : 'auto-close';
    const clock = kind === 'escalation' ? alert.clock : null;
    const key = automaticKey(kind, clock, alert.at);
    const [result] = await store.push(await systemUser(store, AUTOMATIC_AUTHOR), CLIENT_ID, [
      {
        mutationId: uuidv5(automaticMutationName(alert.caseId, key), AUTOMATIC_NAMESPACE),
        name: 'recordAutomatic',
        args: { caseId: alert.caseId, at: new Date(alert.at).toISOString(), author: AUTOMATIC_AUTHOR, kind, clock },
        madeAt: this.options.host.now(),
        scope: { kind: 'case', caseId: alert.caseId },
      },
    ]);
    if (result?.status === 'applied') this.options.changed(result.version);
    else if (result) this.log(`the automatic ${kind} of case ${alert.caseId} (${key}): ${result.error ?? result.status}`);
    await store.noteSchedulerMark(RECORDER_MARK, alert.at);
  }
}
