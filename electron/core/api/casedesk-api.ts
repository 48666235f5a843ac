// The core behind the contract: one handler per channel, each validating its input with the
// channel's schema and answering from the store; in development and tests its answer is checked
// against the channel's output schema too. Both hosts — the Electron main process over IPC and
// the browser host over HTTP — call `handle`; neither reaches the store another way.
import { attachmentsOf } from '../../../shared/cases/case-attachments';
import { releaseUnheld } from '../files/attach-files';
import { FileStore } from '../files/file-store';
import { filesFolderOf } from '../files/files-folder';
import { LogLines } from '../files/log-lines';
import { completeWaiver, waiverPdf, WaiverPdfError } from '../diagnostics/waiver-signing';
import { diagnosticsOf } from '../../../shared/diagnostics/case-diagnostics';
import { firstAtOrAfter, LogSearches, overviewOf } from '../files/log-searches';
import { signedBy, UNDO_WINDOW_MS } from '../../../shared/cases/case-mutations';
import { timelineOf } from '../../../shared/cases/case-timeline';
import { missingFields } from '../../../shared/cases/completeness';
import { supportHoursStatus } from '../../../shared/calendar/support-hours';
import { contract, inputLabel, RETROACTIVE_MS, type CatalogueState, type Channel, type RotaState, type ChannelOutput } from '../../../shared/ipc/contract';
import { coreEventSchema, type Answer, type CoreEvent } from '../../../shared/ipc/events';
import { compilePolicy } from '../../../shared/policy/compiled-policy';
import type { Policy } from '../../../shared/policy/policy-schema';
import { caseCoverage, coverageOf } from '../../../shared/catalogue/coverage';
import { CatalogueError, catalogueSummary, parseCatalogue, type ProductCatalogue } from '../../../shared/catalogue/product-catalogue';
import { catalogueInForce, catalogueOf, useCatalogue } from '../store/team-catalogue';
import { rotaInForce, useRota } from '../store/team-rota';
import { parseRota, RotaError, type Rota } from '../../../shared/oncall/rota';
import { mondayOf, rotaCalendar } from '../../../shared/oncall/rota-calendar';
import { evaluateCase, type ClockResult } from '../../../shared/sla/sla-clock';
import { explainClock, explanationText, type MomentWriter } from '../../../shared/sla/sla-explain';
import { momentText, spanEndText } from '../../../shared/time/moment-text';
import { describeIssue } from '../../../shared/validation/format-issues';
import { fieldProblems, sayProblems } from '../../../shared/validation/user-words';
import { formatInstant, instantOrThrow } from '../../../shared/time/instant';
import { timeZone } from '../../../shared/time/time-zone';
import { queueCounts, queuePageOf } from '../store/case-queue';
import { fieldSuggestions } from '../store/field-suggestions';
import { applyMutation, MutationError, offersFor } from '../store/apply-mutation';
import { newId } from '../store/ids';
import { StoreError } from '../store/database';
import type { CaseStore, StoredCase } from '../store/case-store';
import { SyncError } from '../sync/sync-error';
import { DesktopAlerts, systemAlertHost, type AlertHost } from '../alerts/desktop-alerts';
import { StreamRefused } from '../../../shared/ipc/streams';
import { fileRefusal, heldFile } from './file-access';
import { FilesMover, FilesMoveRefused } from './files-mover';
import { StreamHandlers } from './stream-handlers';
import { SyncBusyError } from '../store/sync-lock';
import { signedInAs } from '../sync/sync-client';
import type { SyncService, SyncStatus } from '../sync/sync-service';

/** Screenshots are taken by the desktop app's main process; anywhere else, the core says what to do instead. */
const SCREEN_ONLY_IN_APP = 'taking a screenshot needs the desktop app: here, paste one (Ctrl+V) or drop the picture on the case';

/** The sync status of a Casedesk that has no sync (tests, tools). */
const NO_SYNC: SyncStatus = {
  configured: false, server: null, user: null, role: null, online: false, syncing: false, pending: 0, lastSyncAt: null, lastError: null,
  rejected: [], unseenRejected: 0, notApplied: [], pages: [], version: 0, stamp: 0, tokenKeptForSessionOnly: false,
};

/** Whether answers are checked against the contract too (vitest sets NODE_ENV to test). */
const CHECK_OUTPUTS = process.env.NODE_ENV === 'development' || process.env.NODE_ENV === 'test';

/** A clock as the UI receives it (instants in epoch ms). */
const clockOf = (c: ClockResult) => ({ state: c.state, dueAt: c.dueAt, breachAt: c.breachAt, metAt: c.metAt });

/** A request the caller got wrong: shown to the person as it is. */
export class ApiRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

type Handlers = { [C in Channel]: (input: ReturnType<(typeof contract)[C]['input']['parse']>) => ChannelOutput<C> | Promise<ChannelOutput<C>> };

/** What both hosts and the core's thread need of the core: calls answered, events heard. */
export interface CoreApi {
  /** Answer one call; never throws (a failure is an answer too, the same over every host). */
  call(channel: string, input: unknown): Promise<Answer>;
  onEvent(listener: (event: CoreEvent) => void): () => void;
  /**
   * A download of the contract's streams (shared/ipc/streams.ts), chunk by chunk as the consumer
   * pulls; throws StreamRefused for a bad name or input (before the first chunk) or a failure.
   */
  download(stream: string, input: unknown): AsyncIterable<Uint8Array>;
  /** An upload: the body is taken whole, then answered like a call (never throws). */
  upload(stream: string, input: unknown, body: AsyncIterable<Uint8Array>): Promise<Answer>;
}

/**
 * A case's diagnosis as the workspace shows it: each server's coverage by the catalogue (then the
 * case's policy's own product list) on the day the case was first reported, in the policy's zone —
 * a version whose support ended after that is still covered for this case, with a note —, and the
 * case's coverage from its servers' (from its own product and version while it has none).
 */
function diagnosisOf(record: StoredCase['record'], policy: Policy, catalogue: ProductCatalogue) {
  const diagnosis = diagnosticsOf(record, policy.diagnostics.steps);
  const sources = { catalogue, products: policy.products };
  const day = formatInstant(instantOrThrow(record.loggedAt), timeZone(policy.timeZone)).slice(0, 10);
  const servers = diagnosis.rows.servers.map((row) => ({ id: row.id, host: row.values.host, coverage: coverageOf(sources, row.values.product, row.values.version, day) }));
  const own = record as { product?: string; softwareVersion?: string };
  const judged = servers.length > 0 || !own.product ? servers : [{ id: '', host: 'the case', coverage: coverageOf(sources, own.product, own.softwareVersion, day) }];
  return { ...diagnosis, coverage: Object.fromEntries(servers.map((s) => [s.id, s.coverage])), caseCoverage: caseCoverage(judged) };
}

/** The catalogue as the page shows it. */
/** The rota in force here and its calendar: the week `week` weeks from this one. */
function rotaStateOf(store: CaseStore, now: number, week = 0): RotaState {
  const state = rotaInForce(store);
  const zone = store.currentPolicy.timeZone;
  const thisWeek = mondayOf(timeZone(zone).localDay(now));
  return { ...state, ...rotaCalendar(state.rota, zone, now, { firstDay: thisWeek + 7 * week }) };
}

function catalogueStateOf(store: CaseStore): CatalogueState {
  const state = catalogueInForce(store);
  return { ...state, summary: catalogueSummary(state.catalogue) };
}

export class CasedeskApiCore implements CoreApi {
  private readonly handlers: Handlers;
  private readonly streams: StreamHandlers;
  private readonly listeners = new Set<(event: CoreEvent) => void>();
  private statusDue = false;
  private readonly log: (line: string) => void;
  private readonly closeFiles: () => void;
  private readonly alerts: DesktopAlerts;
  private alertsStart: unknown = null;
  private readonly alertHost: AlertHost;

  constructor(
    private readonly store: CaseStore,
    private readonly sync: SyncService | null = null,
    options: {
      log?: (line: string) => void;
      streams?: ConstructorParameters<typeof StreamHandlers>[2];
      files?: FileStore;
      /** `files` was chosen at start (--files DIR): the app does not move it. */
      filesFixed?: boolean;
      /** The built log search thread's script (without it, searches run in the core's thread). */
      logSearchWorker?: string;
      /**
       * Run the alert scheduler (the app, the browser host): on the system's clock unless told,
       * started `startAfterMs` after the core (default 1 s: the window's first calls go first),
       * raising what falls in between. Without it (tools, tests) alerts are not raised.
       */
      alerts?: { host?: AlertHost; startAfterMs?: number };
    } = {},
  ) {
    this.log = options.log ?? (() => undefined);
    // The case files' bytes: beside the database unless told otherwise.
    const files = options.files ?? new FileStore(filesFolderOf(store));
    files.removeLeftovers();
    // Bytes of files no case holds any more go at start — not those taken off within the undo window.
    releaseUnheld(store, files, { keepRemovedSince: store.clock.now() - UNDO_WINDOW_MS });
    const logs = new LogLines(files);
    const searches = new LogSearches(options.logSearchWorker);
    this.closeFiles = () => {
      searches.close();
      logs.close();
    };
    const mover = new FilesMover(store, files, { fixed: options.filesFixed ?? false, sync, emit: (event) => this.emit(event), release: this.closeFiles });
    this.streams = new StreamHandlers(store, files, { ...options.streams, addingRefusal: () => mover.addingRefusal() });
    const alertHost = (this.alertHost = options.alerts?.host ?? systemAlertHost);
    this.alerts = new DesktopAlerts(store, {
      host: alertHost,
      emit: (event) => this.emit(event),
      reader: () => ({ name: signedInAs(store), role: sync?.status().role ?? null }),
      // Synced, the central store's scheduler records what the policy does by itself.
      records: () => !(sync?.status().configured ?? false),
      log: this.log,
    });
    if (options.alerts) {
      const openedAt = alertHost.now();
      this.alertsStart = alertHost.set(() => {
        this.alertsStart = null;
        this.alerts.start(openedAt);
      }, options.alerts.startAfterMs ?? 1000);
    }
    // What changed is told, not polled for: cases changed here or by a sync, the sync's state.
    store.onLocalChange((caseIds) => {
      this.alerts.casesChanged(caseIds);
      this.emit({ type: 'cases-changed', caseIds });
    });
    sync?.subscribe((change, caseIds) => {
      if (change === 'cases') {
        this.alerts.casesChanged(caseIds ?? null);
        this.emit({ type: 'cases-changed', caseIds: caseIds ? [...caseIds] : null });
      }
      this.syncStatusChanged();
    });
    const syncing = (): SyncService => {
      if (!sync) throw new ApiRequestError('this Casedesk does not sync with a server');
      return sync;
    };
    const now = () => store.clock.now();
    // The explanation as the page writes instants (moment-text.ts) when it says its zone, else as the command line does.
    const writerFor = (zone: string | undefined, policyZone: string, at: number): MomentWriter | undefined => {
      if (!zone) return undefined;
      const style = { zone, alsoZone: policyZone, now: at };
      return { moment: (ms) => momentText(ms, style), spanEnd: (from, to) => spanEndText(from, to, style) };
    };
    // When each event was recorded; a severity change recorded later than it happened is judged
    // again as it was then, with and without it, to say which breach instants it moved.
    const eventInfoOf = (stored: StoredCase, policy: ReturnType<typeof compilePolicy>) => {
      const events = stored.record.events ?? [];
      return store.eventsRecorded(stored.seq).map((row, i) => {
        const recordedAt = row.mutation === null || row.mutation === 'importCase' ? null : row.recordedAt;
        const event = events[i];
        if (recordedAt === null || event?.type !== 'severity' || recordedAt - Date.parse(event.at) <= RETROACTIVE_MS) return { recordedAt };
        const judged = (upTo: number) => evaluateCase(timelineOf({ ...stored.record, events: events.slice(0, upTo) }), policy, recordedAt);
        const without = judged(i);
        const withIt = judged(i + 1);
        const breachMoved = (['response', 'resolution'] as const)
          .filter((clock) => without[clock].breachAt !== withIt[clock].breachAt)
          .map((clock) => ({ clock, from: without[clock].breachAt, to: withIt[clock].breachAt }));
        return breachMoved.length ? { recordedAt, breachMoved } : { recordedAt };
      });
    };
    const detailOf = (stored: StoredCase, viewerZone?: string) => {
      const document = store.policy(stored.policyId, stored.policyVersion);
      const policy = compilePolicy(document);
      const timeline = timelineOf(stored.record);
      const at = now();
      const evaluation = evaluateCase(timeline, policy, at);
      const writer = writerFor(viewerZone, policy.zone.name, at);
      return {
        number: stored.number,
        status: evaluation.status,
        severity: evaluation.severityNow,
        clocks: {
          response: clockOf(evaluation.response),
          resolution: clockOf(evaluation.resolution),
          escalations: evaluation.escalations.map((e) => ({ clock: e.clock, at: e.at })),
          autoCloseAt: evaluation.autoCloseAt,
        },
        policyZone: policy.zone.name,
        policy: {
          id: stored.policyId,
          version: stored.policyVersion,
          severities: document.severities.map((s) => ({ level: s.level, name: s.name })),
          pauseStatuses: document.pauseStatuses,
          autoCloseAfterDays: document.autoClose.afterDays,
        },
        record: stored.record,
        missing: missingFields(stored.record),
        explanation: {
          response: explanationText(explainClock(timeline, evaluation, 'response', policy), policy, undefined, writer),
          resolution: explanationText(explainClock(timeline, evaluation, 'resolution', policy), policy, undefined, writer),
        },
        conflicts: stored.conflicts,
        attachments: attachmentsOf(stored.record).map((file) => ({ ...file, here: files.has(file.sha256) })),
        diagnostics: diagnosisOf(stored.record, document, catalogueOf(store)),
        offers: offersFor(store, stored, at, formatInstant(at, policy.zone), signedInAs(store) ?? ''),
        eventInfo: eventInfoOf(stored, policy),
      };
    };
    this.handlers = {
      'queue:page': (q) => queuePageOf(store, q, now()),
      'queue:counts': ({ me }) => queueCounts(store, me, now()),
      'case:get': ({ idOrNumber, viewerZone }) => {
        const stored = store.findCase(idOrNumber);
        return stored ? detailOf(stored, viewerZone) : null;
      },
      'case:change': async ({ name, args, viewerZone }) => {
        // A change given no time happened now, by the core's clock (the page's may be off).
        const at = formatInstant(now(), timeZone(store.currentPolicy.timeZone));
        // Signed in to a server, every change is made as that user (the server stamps it so too).
        const signer = signedInAs(store);
        const given: Record<string, unknown> = name === 'updateCase' ? { ...args } : { at, ...args };
        let filled = signer === null ? given : signedBy(name, given, signer);
        // A waiver is recorded with the PDF it renders to; the page sends only what was signed.
        if (name === 'signWaiver') filled = await completeWaiver(store, filled);
        if (name === 'closeCase' && typeof filled.agreement === 'object' && filled.agreement !== null) {
          filled.agreement = { at: filled.at, ...(filled.agreement as Record<string, unknown>) };
        }
        const result = applyMutation(store, name, filled);
        return detailOf(store.getCase(result.caseId)!, viewerZone);
      },
      'case:preview-severity': ({ idOrNumber, severity }) => {
        const stored = store.findCase(idOrNumber);
        if (!stored) return null;
        const policy = compilePolicy(store.policy(stored.policyId, stored.policyVersion));
        if (!policy.severities.has(severity)) throw new ApiRequestError(`severity ${severity} is not defined by policy ${policy.policy.id}`);
        const at = formatInstant(now(), policy.zone);
        const record = { ...stored.record, events: [...(stored.record.events ?? []), { at, type: 'severity', severity }] };
        const e = evaluateCase(timelineOf(record), policy, now());
          return { response: clockOf(e.response), resolution: clockOf(e.resolution) };
      },
      'intake:lookup': ({ field, prefix, company, product }) => fieldSuggestions(store, field, prefix, { company, product }),
      'policy:coverage': ({ product, version }) => {
        const policy = store.currentPolicy;
        return coverageOf({ catalogue: catalogueOf(store), products: policy.products }, product, version, formatInstant(now(), timeZone(policy.timeZone)).slice(0, 10));
      },
      'catalogue:get': () => catalogueStateOf(store),
      'catalogue:use': ({ author, catalogue, base }) => {
        let parsed: ProductCatalogue;
        try {
          parsed = parseCatalogue(catalogue);
        } catch (err) {
          if (err instanceof CatalogueError) throw new ApiRequestError(err.issues.length > 0 ? `The catalogue is not valid: ${err.issues.join('; ')}` : err.message);
          throw err;
        }
        useCatalogue(store, parsed, signedInAs(store) ?? author, base);
        return catalogueStateOf(store);
      },
      'rota:get': ({ week }) => rotaStateOf(store, now(), week),
      'rota:use': ({ author, rota, base, week }) => {
        let parsed: Rota;
        try {
          parsed = parseRota(rota);
        } catch (err) {
          if (err instanceof RotaError) throw new ApiRequestError(err.issues.length > 0 ? `The rota is not valid: ${err.issues.join('; ')}` : err.message);
          throw err;
        }
        useRota(store, parsed, signedInAs(store) ?? author, base);
        return rotaStateOf(store, now(), week);
      },
      'policy:severities': () => store.currentPolicy.severities.map((s) => ({ level: s.level, name: s.name, definition: s.definition })),
      'case:create': (input) => {
        const result = applyMutation(store, 'createCase', {
          id: newId(),
          severity: input.severity,
          type: 'problem',
          channel: input.channel,
          loggedAt: input.loggedAt ?? formatInstant(now(), timeZone(store.currentPolicy.timeZone)),
          author: signedInAs(store) ?? (input.engineer || 'engineer'),
          fields: { ...input.details, company: input.company, summary: input.summary, ...(input.engineer ? { engineer: input.engineer } : {}) },
        });
        return { id: result.caseId, number: result.number };
      },
      'alerts:get': () => this.alerts.state(),
      'alerts:set': (change) => this.alerts.update(change),
      'sync:status': () => (sync ? sync.status() : NO_SYNC),
      'sync:connect': ({ server, token }) => syncing().connect(server, token),
      'sync:now': () => syncing().syncNow(),
      'sync:disconnect': () => syncing().disconnect(),
      'sync:ack-rejected': () => syncing().acknowledgeRejected(),
      'sync:restore-refused': ({ caseId }) => syncing().restoreRefused(caseId),
      'page:ack': ({ caseId, note }) => syncing().acknowledgePage(caseId, note),
      'attachment:lines': ({ caseId, sha256, from, count }) => {
        const refusal = fileRefusal(store, files, caseId, sha256);
        if (refusal) throw new ApiRequestError(refusal);
        // A search of the log is likely next: have its thread ready.
        searches.warm();
        return logs.page(sha256, from, count);
      },
      'screen:sources': () => {
        throw new ApiRequestError(SCREEN_ONLY_IN_APP);
      },
      'screen:capture': () => {
        throw new ApiRequestError(SCREEN_ONLY_IN_APP);
      },
      'files:folder': () => mover.folder(),
      'waiver:pdf': async ({ caseId, waiver }) => {
        try {
          const pdf = await waiverPdf(store, caseId, waiver);
          return { fileName: pdf.fileName, sha256: pdf.waiver.pdf.sha256, base64: Buffer.from(pdf.bytes).toString('base64') };
        } catch (err) {
          if (err instanceof WaiverPdfError) throw new ApiRequestError(err.message);
          throw err;
        }
      },
      'files:move': async ({ to }) => {
        try {
          return await mover.move(to);
        } catch (err) {
          if (err instanceof FilesMoveRefused) throw new ApiRequestError(err.message);
          throw err;
        }
      },
      'files:move-cancel': () => mover.cancel(),
      'attachment:fetch': ({ caseId, sha256 }) => {
        const held = heldFile(store, caseId, sha256);
        if ('refusal' in held) throw new ApiRequestError(held.refusal);
        const { size } = held.file;
        if (files.has(sha256)) return { here: true, received: size, size, error: null };
        if (!sync) return { here: false, received: 0, size, error: 'this file is on the server: connect to the server to get it' };
        return { ...sync.fetchFile(files, caseId, sha256, size) };
      },
      'attachment:search': async ({ caseId, sha256, pattern, ignoreCase, from = 0, count, at }) => {
        const refusal = fileRefusal(store, files, caseId, sha256);
        if (refusal) throw new ApiRequestError(refusal);
        let search;
        try {
          search = searches.search(sha256, files.pathOf(sha256), pattern, ignoreCase, logs.knownLines(sha256));
        } catch (err) {
          if (err instanceof SyntaxError) throw new ApiRequestError(err.message);
          throw err;
        }
        const first = at === undefined ? from : firstAtOrAfter(search.matches, at);
        const window = search.matches.slice(first, first + count);
        const texts = await logs.textOf(sha256, window);
        const counted = logs.counted(sha256);
        const size = files.sizeOf(sha256);
        // The overview's basis: the file's lines once known, else as many as the part searched promises.
        const lines = Math.max(
          search.lines ?? (counted.done ? counted.lines : Math.round((search.seen * size) / Math.max(1, search.scanned))),
          (search.matches.at(-1) ?? -1) + 1,
        );
        return {
          count: search.count,
          kept: search.matches.length,
          first,
          matches: window.map((line, i) => ({ line, text: texts[i] ?? null })),
          overview: overviewOf(search.matches, lines),
          scanned: search.scanned,
          size,
          lines,
          done: search.done,
          error: search.error,
        };
      },
      'support:status': () => {
        const { open, changesAt, holiday, text } = supportHoursStatus(compilePolicy(store.currentPolicy), now());
        return { open, changesAt, holiday, text, zone: store.currentPolicy.timeZone };
      },
    };
  }

  /** Stop the log searches and indexes under way, and the alerts (the core is closing). */
  close(): void {
    if (this.alertsStart !== null) this.alertHost.clear(this.alertsStart);
    this.alerts.stop();
    this.closeFiles();
  }

  /** The computer woke from sleep (the host's powerMonitor): the alerts catch up. */
  resumed(): void {
    this.alerts.resumed();
  }

  onEvent(listener: (event: CoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tell every listener (a listener that fails is logged, and the others still hear it). */
  emit(event: CoreEvent): void {
    if (CHECK_OUTPUTS) coreEventSchema.parse(event);
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        this.log(`an event listener failed: ${(err as Error).stack ?? String(err)}`);
      }
    }
  }

  /** The sync's state changed: one sync-status event for a burst of changes. */
  private syncStatusChanged(): void {
    if (this.statusDue || this.listeners.size === 0 || !this.sync) return;
    this.statusDue = true;
    queueMicrotask(() => {
      this.statusDue = false;
      try {
        this.emit({ type: 'sync-status', status: this.sync!.status() });
      } catch (err) {
        this.log(`the sync status could not be read: ${(err as Error).message}`);
      }
    });
  }

  async *download(stream: string, input: unknown): AsyncGenerator<Uint8Array> {
    try {
      yield* this.streams.download(stream, input);
    } catch (err) {
      if (err instanceof StreamRefused) throw err;
      this.log(`error in the download ${stream}: ${(err as Error).stack ?? String(err)}`);
      throw new StreamRefused(`Casedesk failed (${stream}): ${(err as Error).message}. The details are in Casedesk's log.`, 'internal');
    }
  }

  async upload(stream: string, input: unknown, body: AsyncIterable<Uint8Array>): Promise<Answer> {
    try {
      const value = await this.streams.upload(stream, input, body);
      this.emit({ type: 'cases-changed', caseIds: null });
      return { ok: true, value };
    } catch (err) {
      if (err instanceof StreamRefused && err.kind === 'request') return { ok: false, error: err.message, kind: 'request' };
      this.log(`error in the upload ${stream}: ${(err as Error).stack ?? String(err)}`);
      return { ok: false, error: `Casedesk failed (${stream}): ${(err as Error).message}. The details are in Casedesk's log.`, kind: 'internal' };
    }
  }

  async call(channel: string, input: unknown): Promise<Answer> {
    try {
      return { ok: true, value: (await this.handle(channel, input)) ?? null };
    } catch (err) {
      if (err instanceof ApiRequestError) return { ok: false, error: err.message, kind: 'request' };
      // Casedesk's own failure: the details go to the log; the person is told what failed.
      this.log(`error in ${channel}: ${(err as Error).stack ?? String(err)}`);
      return { ok: false, error: `Casedesk failed (${channel}): ${(err as Error).message}. The details are in Casedesk's log.`, kind: 'internal' };
    }
  }

  /** Validate `input` for `channel` and answer; a bad channel or input is an ApiRequestError. */
  async handle(channel: string, input: unknown): Promise<unknown> {
    if (!Object.hasOwn(contract, channel)) throw new ApiRequestError(`unknown channel "${channel}"`);
    const spec = contract[channel as Channel];
    const parsed = spec.input.safeParse(input ?? {});
    if (!parsed.success) {
      // A form's fields in the user's words; a call no form makes (paging, say) also names the call.
      const problems = fieldProblems(parsed.error.issues, inputLabel);
      const forForm = problems.some((p) => inputLabel(p.path.split('.')) !== undefined);
      throw new ApiRequestError(forForm ? sayProblems(problems) : `${channel}: ${sayProblems(problems)}`);
    }
    let output: unknown;
    try {
      output = await (this.handlers[channel as Channel] as (i: unknown) => unknown)(parsed.data);
    } catch (err) {
      // A change the policy's rules refuse, or a sync that could not finish, is the person's to
      // act on, not a failure of the app.
      if (err instanceof MutationError || err instanceof SyncError || err instanceof SyncBusyError || err instanceof StoreError) throw new ApiRequestError(err.message);
      throw err;
    }
    if (CHECK_OUTPUTS) {
      // A handler answering what its contract does not allow is a bug of ours: it fails here, in
      // development and tests, instead of in the page. The answer is sent as it was made.
      const checked = spec.output.safeParse(output);
      if (!checked.success) throw new Error(`${channel} answered outside its contract: ${checked.error.issues.map((i) => describeIssue(i)).join('; ')}`);
    }
    return output;
  }
}
