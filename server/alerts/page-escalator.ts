// Severity-1 pages from the central store: a case opened online pages the engineer on call now
// (the team's rota, shared/oncall/rota.ts); unacknowledged within the policy's window
// (`alerts.pages.acknowledgeWithin`, 15 minutes by default) it goes to the secondary, then to
// management. Each step is a `recordPage` change on the case, pushed as the server's own user, and
// a `page` message to those people by name; an acknowledgement is an `acknowledgePage` change on
// the case, made anywhere, so whether a page still waits is always read from its case.
//
// Several server processes may run at once: each follows every page (it hears of those another
// opened through the bus), and each tries a due step; the rules refuse a step the case holds
// already, so one process sends it. A team without a rota pages every on-call user, then the
// managers. A restarted process takes up the pages of the last day that still wait.
import { v4 as uuidv4 } from 'uuid';
import { AUTOMATIC_AUTHOR } from '../../shared/alerts/automatic-events';
import { casePageOf, currentStep, type CasePage } from '../../shared/oncall/case-pages';
import { CompiledRota, escalationChain, type PageStep } from '../../shared/oncall/rota';
import { durationMs } from '../../shared/policy/policy-schema';
import type { CaseSnapshot } from '../../shared/sync/protocol';
import type { ServerStore } from '../store/server-store';
import type { SentPage } from '../store/pages';
import { systemUser } from '../store/system-users';
import { serverRota } from '../store/team-documents';
import type { RecorderHost } from './automatic-recorder';

const CLIENT_ID = 'page-escalator';
/** How far back a starting escalator looks for pages that may still wait. */
const TAKE_UP_MS = 24 * 3_600_000;
/** The longest a timer may be set for (setTimeout's limit); a longer wait is set again. */
const MAX_TIMER_MS = 2_147_000_000;

export interface EscalatorOptions {
  store: ServerStore;
  host: Pick<RecorderHost, 'now' | 'set' | 'clear'>;
  /** Send a page to people by name (the live channel, which also keeps it for those who connect later). */
  page: (page: SentPage) => Promise<void>;
  /** Tell the desktops a change was made (the live channel's poke). */
  changed: (version: number) => void;
  log?: (line: string) => void;
}

type Chain = { step: PageStep; to: string[] }[];

export class PageEscalator {
  private readonly timers = new Map<string, unknown>();
  private stopped = false;

  constructor(private readonly options: EscalatorOptions) {}

  private log(line: string): void {
    this.options.log?.(`pages: ${line}`);
  }

  /** Take up the pages of the last day that may still wait. */
  async start(): Promise<void> {
    const cases = await this.options.store.casesPagedSince(this.options.host.now() - TAKE_UP_MS);
    await Promise.all(cases.map((id) => this.follow(id)));
  }

  /**
   * Page the first step of a Severity-1 case's chain now. The names paged; [] when nobody could be
   * (the rota leaves the hour uncovered and there is no on-call user).
   */
  async open(snapshot: CaseSnapshot): Promise<string[]> {
    const now = this.options.host.now();
    const chain = await this.chainAt(now);
    const first = chain[0];
    if (!first) {
      this.log(`case ${snapshot.number} is Severity 1, but nobody is on call (the rota leaves the hour uncovered and no user has the on-call role): nobody was paged`);
      return [];
    }
    const sent = await this.send(snapshot, first.step, first.to, `Severity-1 case opened online; ${first.to.join(', ')} on call`);
    return sent ? first.to : [];
  }

  /** Follow a case's page (another process opened it, or this one restarted): escalate it when due. */
  async follow(caseId: string): Promise<void> {
    if (this.stopped) return;
    const [snapshot] = await this.options.store.snapshots(this.options.store.db, [caseId]);
    const page = snapshot ? casePageOf(snapshot.record) : null;
    if (!snapshot || !page || page.acknowledged) return this.forget(caseId);
    const waitMs = await this.waitMs();
    const due = currentStep(page).ms + waitMs;
    const now = this.options.host.now();
    if (now < due) return this.wake(caseId, due - now);
    await this.escalate(snapshot, page, waitMs);
  }

  private async escalate(snapshot: CaseSnapshot, page: CasePage, waitMs: number): Promise<void> {
    const chain = await this.chainAt(page.sent[0]!.ms);
    const at = chain.findIndex((c) => c.step === currentStep(page).step);
    const next = chain.slice(at + 1).find((c) => !page.sent.some((s) => s.step === c.step));
    if (!next) {
      this.log(`case ${snapshot.number}: the page was not acknowledged and nobody is left in the chain to page`);
      return this.forget(snapshot.id);
    }
    const minutes = Math.round(waitMs / 60_000);
    const sent = await this.send(snapshot, next.step, next.to, `not acknowledged within ${minutes} min; paging ${next.to.join(', ')}`);
    if (!sent) {
      // Another process sent it (the rules refused it here), or it failed: look again at its due instant.
      return this.wake(snapshot.id, waitMs);
    }
  }

  /** Record a step on the case and page its people; false when the rules refused it (sent already, answered, closed). */
  private async send(snapshot: CaseSnapshot, step: PageStep, to: string[], reason: string): Promise<boolean> {
    const { store, host } = this.options;
    const now = host.now();
    // A fresh id each time: should two processes send the same step, the rules refuse the second.
    const [result] = await store.push(await systemUser(store, AUTOMATIC_AUTHOR), CLIENT_ID, [
      {
        mutationId: uuidv4(),
        name: 'recordPage',
        args: { caseId: snapshot.id, at: new Date(now).toISOString(), author: AUTOMATIC_AUTHOR, step, to, reason },
        madeAt: now,
        scope: { kind: 'case', caseId: snapshot.id },
      },
    ]);
    if (result?.status !== 'applied') {
      if (result) this.log(`case ${snapshot.number}, ${step}: ${result.error ?? result.status}`);
      return false;
    }
    this.options.changed(result.version);
    const record = snapshot.record as { severity?: unknown; company?: unknown; summary?: unknown; loggedAt?: unknown };
    await this.options.page({
      caseId: snapshot.id,
      step,
      to,
      data: { caseId: snapshot.id, number: snapshot.number, severity: record.severity, company: record.company, summary: record.summary, submittedAt: record.loggedAt, step, to },
    });
    this.wake(snapshot.id, await this.waitMs());
    return true;
  }

  /** The chain of a page first sent at `at`: the rota's cover then, else every on-call user, then the managers. */
  private async chainAt(at: number): Promise<Chain> {
    const { store } = this.options;
    const policy = await store.policyInForce();
    const cover = new CompiledRota(await serverRota(store.db), policy.timeZone).coverAt(at);
    if (cover) return escalationChain(cover);
    const users = (await store.users()).filter((u) => !u.revoked && !u.system);
    const chain: Chain = [];
    const onCall = users.filter((u) => u.role === 'on-call').map((u) => u.name);
    const managers = users.filter((u) => u.role === 'manager').map((u) => u.name);
    if (onCall.length > 0) chain.push({ step: 'primary', to: onCall });
    if (managers.length > 0) chain.push({ step: 'management', to: managers });
    return chain;
  }

  private async waitMs(): Promise<number> {
    return durationMs((await this.options.store.policyInForce()).alerts.pages.acknowledgeWithin);
  }

  private wake(caseId: string, ms: number): void {
    if (this.stopped) return;
    this.forget(caseId);
    const handle = this.options.host.set(() => {
      this.timers.delete(caseId);
      void this.follow(caseId).catch((err: Error) => this.log(`case ${caseId}: ${err.message}`));
    }, Math.min(Math.max(ms, 0), MAX_TIMER_MS));
    this.timers.set(caseId, handle);
  }

  private forget(caseId: string): void {
    const handle = this.timers.get(caseId);
    if (handle !== undefined) this.options.host.clear(handle);
    this.timers.delete(caseId);
  }

  /** How many pages it waits on (for tests and the log). */
  get following(): number {
    return this.timers.size;
  }

  stop(): void {
    this.stopped = true;
    for (const handle of this.timers.values()) this.options.host.clear(handle);
    this.timers.clear();
  }
}
