// One scheduler for every open case's alerts: it keeps each case's planned alerts in an index
// ordered by instant and sets one timer, to the earliest; when it wakes, it raises every alert
// whose instant has come, in order, each once. It never looks at every case to find out what is
// due: one case is planned again when it changes, every case when the rules change (the policy,
// the holidays), after the computer slept, when the system clock jumps, when the time zone changes.
//
// Plain TypeScript with its clock, timers and source injected: the desktop's core and the server
// run the same code, the tests run it on a simulated clock. The timer is never set further than
// `maxSleepMs` ahead, so a wall clock moved forward, or a sleep the host did not report, is noticed
// within that time; a jump is told apart from a sleep by a monotonic clock.
import type { PlannedAlert } from './alert-plan';

export interface SchedulerClock {
  /** Wall-clock time, epoch ms: what alerts' instants are in. */
  now(): number;
  /** A clock that only moves forward (performance.now()); it may stand still while the computer sleeps. */
  monotonic(): number;
  /** The host's time zone (it changes on a laptop that travels); alerts' texts are written in it. */
  zone(): string;
}

export interface SchedulerTimers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** Where the planned alerts come from (the store's clock columns, or case timelines). */
export interface AlertSource {
  /** Every alert of every open case after `from`. */
  planAll(from: number): Iterable<PlannedAlert>;
  /** Every alert of one case after `from` (none when it is closed or gone). */
  planCase(caseId: string, from: number): PlannedAlert[];
}

/** Why everything was planned again (`cases`: more cases changed at once than are worth planning one by one — an import, a large pull). */
export type ReplanReason = 'start' | 'policy' | 'holidays' | 'cases' | 'resume' | 'clock-jump' | 'time-zone';

export interface SchedulerOptions {
  clock: SchedulerClock;
  timers: SchedulerTimers;
  source: AlertSource;
  /** Raises one alert; called once per alert, in time order. */
  raise: (alert: PlannedAlert) => void;
  /** Told of an alert whose raising threw; the others are raised all the same. */
  failed?: (alert: PlannedAlert, error: unknown) => void;
  /** Told when everything was planned again, and why (the UI rewrites times after a zone change). */
  replanned?: (reason: ReplanReason) => void;
  maxSleepMs?: number;
  /** How far wall and monotonic time may drift apart between wakes before it counts as a jump. */
  jumpToleranceMs?: number;
}

interface Entry {
  alert: PlannedAlert;
  /** The plan of its case it belongs to: an entry of an older plan is skipped. */
  generation: number;
}

/** A binary min-heap of entries by instant (ties: the order they were pushed). */
class EntryHeap {
  private items: { entry: Entry; order: number }[] = [];
  private pushed = 0;

  peek(): Entry | undefined {
    return this.items[0]?.entry;
  }

  push(entry: Entry): void {
    const items = this.items;
    items.push({ entry, order: this.pushed++ });
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): Entry | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined) return undefined;
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && this.less(l, m)) m = l;
        if (r < items.length && this.less(r, m)) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m]!, items[i]!];
        i = m;
      }
    }
    return top.entry;
  }

  clear(): void {
    this.items = [];
  }

  private less(a: number, b: number): boolean {
    const x = this.items[a]!;
    const y = this.items[b]!;
    return x.entry.alert.at < y.entry.alert.at || (x.entry.alert.at === y.entry.alert.at && x.order < y.order);
  }
}

export class AlertScheduler {
  private readonly heap = new EntryHeap();
  /** Each case's current plan generation; entries of another generation are stale. */
  private readonly generations = new Map<string, number>();
  private timer: unknown = null;
  private running = false;
  /**
   * Every alert at or before this instant has been raised; plans start after it. It never moves
   * back: after the wall clock is set back, what was raised is not raised again.
   */
  private doneUpTo = 0;
  private lastWall = 0;
  private lastMono = 0;
  private lastZone = '';
  private readonly maxSleepMs: number;
  private readonly jumpToleranceMs: number;

  constructor(private readonly options: SchedulerOptions) {
    this.maxSleepMs = options.maxSleepMs ?? 60_000;
    this.jumpToleranceMs = options.jumpToleranceMs ?? 2_000;
  }

  /**
   * Plan every open case and wait for the first alert. `from` (default: now) may lie a little in
   * the past — a host that starts the scheduler after its first work raises what fell in between.
   */
  start(from?: number): void {
    this.running = true;
    this.doneUpTo = Math.min(from ?? Number.POSITIVE_INFINITY, this.options.clock.now());
    this.note();
    this.replanAll('start');
  }

  stop(): void {
    this.running = false;
    if (this.timer !== null) this.options.timers.clear(this.timer);
    this.timer = null;
  }

  /** The next alert to be raised, or null. */
  next(): PlannedAlert | null {
    this.dropStale();
    return this.heap.peek()?.alert ?? null;
  }

  /** One case changed (here or by sync): plan it again. */
  caseChanged(caseId: string): void {
    if (!this.running) return;
    const generation = (this.generations.get(caseId) ?? 0) + 1;
    this.generations.set(caseId, generation);
    for (const alert of this.options.source.planCase(caseId, this.doneUpTo)) this.heap.push({ alert, generation });
    this.arm();
  }

  /** Plan every case again: the rules changed, or time did not pass as the timer expected. */
  replanAll(reason: ReplanReason): void {
    if (!this.running) return;
    this.heap.clear();
    this.generations.clear();
    for (const alert of this.options.source.planAll(this.doneUpTo)) {
      if (!this.generations.has(alert.caseId)) this.generations.set(alert.caseId, 1);
      this.heap.push({ alert, generation: 1 });
    }
    this.options.replanned?.(reason);
    this.wake();
  }

  /** The computer woke from sleep (Electron's powerMonitor 'resume'): catch up now. */
  resumed(): void {
    if (!this.running) return;
    this.note();
    this.replanAll('resume');
  }

  /** Raise what is due and set the timer to what comes next (arm clears a timer still set). */
  private wake(): void {
    if (!this.running) return;
    const { clock } = this.options;
    const zoneChanged = clock.zone() !== this.lastZone;
    const jumped = Math.abs(clock.now() - (this.lastWall + (clock.monotonic() - this.lastMono))) > this.jumpToleranceMs;
    this.note();
    if (zoneChanged) return this.replanAll('time-zone');
    // Moved back: what was raised stays raised (plans start after doneUpTo). Forward, or a sleep
    // the host did not report: what fell in between is due now.
    if (jumped) return this.replanAll('clock-jump');
    this.raiseDue(this.lastWall);
    this.arm();
  }

  private raiseDue(now: number): void {
    for (;;) {
      this.dropStale();
      const top = this.heap.peek();
      if (!top || top.alert.at > now) break;
      this.heap.pop();
      try {
        this.options.raise(top.alert);
      } catch (error) {
        this.options.failed?.(top.alert, error);
      }
    }
    if (now > this.doneUpTo) this.doneUpTo = now;
  }

  private dropStale(): void {
    for (;;) {
      const top = this.heap.peek();
      if (!top || this.generations.get(top.alert.caseId) === top.generation) return;
      this.heap.pop();
    }
  }

  private arm(): void {
    if (!this.running) return;
    const { clock, timers } = this.options;
    if (this.timer !== null) timers.clear(this.timer);
    this.dropStale();
    const top = this.heap.peek();
    const delay = top ? Math.max(0, Math.min(top.alert.at - clock.now(), this.maxSleepMs)) : this.maxSleepMs;
    this.timer = timers.set(() => {
      this.timer = null;
      this.wake();
    }, delay);
  }

  private note(): void {
    this.lastWall = this.options.clock.now();
    this.lastMono = this.options.clock.monotonic();
    this.lastZone = this.options.clock.zone();
  }
}
