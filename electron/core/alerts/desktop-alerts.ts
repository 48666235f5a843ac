// The alerts of a running desktop: the scheduler (shared/alerts/alert-scheduler.ts) over the
// store's clock columns, told of every case changed here or by a sync, raising each alert that
// concerns this engineer (shared/alerts/alert-audience.ts) as an `alert` event in their words —
// the app's list, the operating system's notification — and keeping the tray's count of cases at
// risk, woken when that count can change rather than polled. The engineer's choices (preferences,
// their name, a mute, what they have seen) are kept in the store's meta.
//
// A desktop working alone also records what the policy does by itself (shared/alerts/
// automatic-events.ts): the escalation at each breach, the auto-close. It keeps the instant up to
// which it has done so, and on its next start plans from there: a breach or an auto-close that
// came while Casedesk was closed is recorded then, and listed without a pop-up. A desktop that
// syncs leaves the recording to the central store's scheduler.
import { z } from 'zod';
import { AlertScheduler, type ReplanReason, type SchedulerClock, type SchedulerTimers } from '../../../shared/alerts/alert-scheduler';
import type { PlannedAlert } from '../../../shared/alerts/alert-plan';
import { alertPreferencesSchema, audienceOf, DEFAULT_ALERT_PREFERENCES, deliveryOf, type AlertPreferences } from '../../../shared/alerts/alert-audience';
import { alertText } from '../../../shared/alerts/alert-text';
import type { AlertNotice, AlertsState } from '../../../shared/ipc/contract';
import type { CoreEvent } from '../../../shared/ipc/events';
import { formatInstant } from '../../../shared/time/instant';
import { timeZone } from '../../../shared/time/time-zone';
import { AUTOMATIC_AUTHOR } from '../../../shared/alerts/automatic-events';
import { MutationError } from '../../../shared/cases/decide-mutation';
import { applyMutation } from '../store/apply-mutation';
import { alertCaseOf, storeAlertSource } from '../store/case-alerts';
import { casesAtRisk } from '../store/case-queue';
import type { CaseStore } from '../store/case-store';

/** The clock and timers the alerts run on: the system's, or a test's. */
export interface AlertHost extends SchedulerClock, SchedulerTimers {}

export const systemAlertHost: AlertHost = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  zone: () => Intl.DateTimeFormat().resolvedOptions().timeZone,
  set(callback, ms) {
    const timer = setTimeout(callback, ms);
    // A pending alert does not keep a process alive that has nothing else to do.
    timer.unref();
    return timer;
  },
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** How many raised alerts the list keeps. */
export const RECENT_ALERTS = 100;
/** More changed cases at once than this are planned again all together. */
const ONE_BY_ONE = 500;
/** A burst of changes counts the cases at risk once. */
const COUNT_DELAY_MS = 250;

const SETTINGS_KEY = 'alert_settings';
/** Up to this instant the automatic events are recorded (or were another's to record). */
const RECORDED_KEY = 'automatic_done_up_to';
const settingsSchema = z.object({
  preferences: alertPreferencesSchema,
  me: z.string(),
  mutedUntil: z.number().nullable(),
  seenUpTo: z.number(),
});
type Settings = z.output<typeof settingsSchema>;

export interface DesktopAlertsOptions {
  host: AlertHost;
  emit: (event: CoreEvent) => void;
  /** Who is signed in to the central store, and as what (null: working alone). */
  reader: () => { name: string | null; role: string | null };
  /** Whether this desktop records the automatic events itself (it works alone). */
  records: () => boolean;
  log: (line: string) => void;
}

export class DesktopAlerts {
  private readonly scheduler: AlertScheduler;
  private settings: Settings;
  private readonly recent: AlertNotice[] = [];
  private atRisk = 0;
  private countTimer: unknown = null;
  private riskTimer: unknown = null;
  private running = false;
  private lastSummary = '';
  /** When this run's alerts began: an alert before it happened while Casedesk was closed. */
  private openedAt = 0;

  constructor(
    private readonly store: CaseStore,
    private readonly options: DesktopAlertsOptions,
  ) {
    this.settings = this.loadSettings();
    this.scheduler = new AlertScheduler({
      clock: options.host,
      timers: options.host,
      source: storeAlertSource(store),
      raise: (alert) => this.raise(alert),
      failed: (alert, err) => options.log(`alert ${alert.kind} of case ${alert.caseId} could not be raised: ${(err as Error).stack ?? String(err)}`),
      replanned: (reason: ReplanReason) => {
        if (reason !== 'start') options.log(`alerts planned again (${reason})`);
      },
    });
  }

  /** Plan every open case (from `from`, when the core opened, if it starts a little later) and count the cases at risk. */
  start(from?: number): void {
    this.running = true;
    this.openedAt = Math.min(from ?? Number.POSITIVE_INFINITY, this.options.host.now());
    const recorded = Number(this.store.meta(RECORDED_KEY));
    this.scheduler.start(Number.isFinite(recorded) && recorded > 0 && recorded < this.openedAt ? recorded : this.openedAt);
    this.countAtRisk();
  }

  stop(): void {
    if (this.running) this.noteRecorded(this.options.host.now());
    this.running = false;
    this.scheduler.stop();
    for (const timer of [this.countTimer, this.riskTimer]) if (timer !== null) this.options.host.clear(timer);
    this.countTimer = this.riskTimer = null;
  }

  /** Cases changed here or by a sync (null: too many to say). */
  casesChanged(caseIds: readonly string[] | null): void {
    if (!this.running) return;
    if (caseIds === null || caseIds.length > ONE_BY_ONE) this.scheduler.replanAll('cases');
    else for (const id of caseIds) this.scheduler.caseChanged(id);
    this.countSoon();
  }

  /** The computer woke from sleep. */
  resumed(): void {
    if (!this.running) return;
    this.scheduler.resumed();
    this.countAtRisk();
  }

  /** The next alert the scheduler waits for (tests, diagnostics). */
  next(): PlannedAlert | null {
    return this.scheduler.next();
  }

  state(): AlertsState {
    const { preferences, me } = this.settings;
    return { ...this.summary(), preferences, me, recent: [...this.recent] };
  }

  /** Apply the engineer's change; the summary event follows. */
  update(change: { preferences?: AlertPreferences; me?: string; muteFor?: number; seen?: true }): AlertsState {
    const now = this.options.host.now();
    const next: Settings = { ...this.settings };
    if (change.preferences) next.preferences = change.preferences;
    if (change.me !== undefined) next.me = change.me.trim();
    if (change.muteFor !== undefined) next.mutedUntil = change.muteFor === 0 ? null : now + change.muteFor;
    if (change.seen) next.seenUpTo = Math.max(now, this.recent[0]?.raisedAt ?? 0);
    this.settings = next;
    this.store.setMeta(SETTINGS_KEY, JSON.stringify(next));
    this.emitSummary();
    return this.state();
  }

  private summary() {
    const mutedUntil = this.settings.mutedUntil !== null && this.settings.mutedUntil > this.options.host.now() ? this.settings.mutedUntil : null;
    return { atRisk: this.atRisk, unseen: this.recent.filter((n) => n.raisedAt > this.settings.seenUpTo).length, mutedUntil };
  }

  /** Tell the summary when it differs from the one told last. */
  private emitSummary(): void {
    const summary = this.summary();
    const text = JSON.stringify(summary);
    if (text === this.lastSummary) return;
    this.lastSummary = text;
    this.options.emit({ type: 'alerts-status', summary });
  }

  private loadSettings(): Settings {
    const fallback: Settings = { preferences: DEFAULT_ALERT_PREFERENCES, me: '', mutedUntil: null, seenUpTo: 0 };
    const kept = this.store.meta(SETTINGS_KEY);
    if (kept === undefined) return fallback;
    try {
      return settingsSchema.parse(JSON.parse(kept));
    } catch (err) {
      this.options.log(`the alert preferences kept in the database could not be read (${(err as Error).message}); the defaults apply`);
      return fallback;
    }
  }

  private raise(alert: PlannedAlert): void {
    const automatic = alert.kind === 'breach' || alert.kind === 'auto-close';
    const missed = alert.at < this.openedAt;
    // Of what happened while Casedesk was closed, only what the policy does by itself is still news.
    if (missed && !automatic) return;
    if (automatic) this.record(alert);
    const c = alertCaseOf(this.store, alert.caseId);
    if (!c) return;
    const signedIn = this.options.reader();
    const role = signedIn.role;
    const reader = { name: signedIn.name ?? this.settings.me, role, onCall: role === 'on-call' };
    const reason = audienceOf(alert, c, reader, this.settings.preferences);
    if (reason === null) return;
    const { host } = this.options;
    const now = host.now();
    const zone = host.zone();
    const wall = formatInstant(now, timeZone(zone));
    const minuteOfDay = Number(wall.slice(11, 13)) * 60 + Number(wall.slice(14, 16));
    const delivery = missed
      ? { critical: c.severity === 1, popup: false, sound: false, held: 'while Casedesk was closed' as const }
      : deliveryOf(c, this.settings.preferences, now, minuteOfDay, this.settings.mutedUntil);
    const text = alertText(alert, c, { zone, alsoZone: c.policyZone, now }, c.autoCloseDays);
    const notice: AlertNotice = {
      id: `${alert.caseId}/${alert.kind}/${alert.clock ?? '-'}/${alert.at}`,
      caseId: alert.caseId,
      number: c.number,
      company: c.company,
      severity: c.severity,
      kind: alert.kind,
      clock: alert.clock,
      at: alert.at,
      about: alert.about,
      raisedAt: now,
      ...text,
      reason,
      ...delivery,
    };
    this.recent.unshift(notice);
    if (this.recent.length > RECENT_ALERTS) this.recent.length = RECENT_ALERTS;
    this.options.emit({ type: 'alert', notice });
    this.countSoon();
  }

  /** Record the escalation of a breach, or an auto-close, when this desktop is the one to. */
  private record(alert: PlannedAlert): void {
    if (this.options.records()) {
      const kind = alert.kind === 'breach' ? 'escalation' : 'auto-close';
      try {
        applyMutation(this.store, 'recordAutomatic', {
          caseId: alert.caseId,
          at: new Date(alert.at).toISOString(),
          author: AUTOMATIC_AUTHOR,
          kind,
          clock: kind === 'escalation' ? alert.clock : null,
        });
      } catch (err) {
        // Already recorded (a restart after a crash), or no longer so (a sync changed the case).
        if (!(err instanceof MutationError)) throw err;
        this.options.log(`not recorded: ${err.message}`);
      }
    }
    this.noteRecorded(alert.at);
  }

  private noteRecorded(upTo: number): void {
    if (upTo > Number(this.store.meta(RECORDED_KEY) ?? 0)) this.store.setMeta(RECORDED_KEY, String(upTo));
  }

  /** Count the cases at risk once a burst of changes is over. */
  private countSoon(): void {
    if (this.countTimer !== null || !this.running) return;
    this.countTimer = this.options.host.set(() => {
      this.countTimer = null;
      this.countAtRisk();
    }, COUNT_DELAY_MS);
  }

  /** Count the cases at risk, tell it, and wake when time alone can change the count. */
  private countAtRisk(): void {
    if (!this.running) return;
    const { host } = this.options;
    if (this.riskTimer !== null) host.clear(this.riskTimer);
    this.riskTimer = null;
    try {
      const now = host.now();
      const { count, changesAt } = casesAtRisk(this.store, now);
      this.atRisk = count;
      // A long wait is cut into a minute at most: a wall clock set forward is noticed.
      if (changesAt !== null) this.riskTimer = host.set(() => this.countAtRisk(), Math.min(Math.max(0, changesAt - now), 60_000));
    } catch (err) {
      this.options.log(`the cases at risk could not be counted: ${(err as Error).message}`);
    }
    this.emitSummary();
  }
}
