// The one typed contract between the UI and the app (engineering guide, convention 1): each
// channel, named `domain:verb`, with zod schemas for its input and output. The Electron preload
// and the browser host both carry exactly these channels; nothing else reaches the core.
import { z } from 'zod';
import { FIELD_BY_NAME, FIELD_BY_PATH, type CaseFieldName } from '../cases/case-fields';
import { caseSchema, REPORT_CHANNELS } from '../cases/case-format';
import { caseFieldsSchema, sha256, WORKSPACE_CHANGES } from '../cases/case-mutations';
import type { CaseDiagnostics } from '../diagnostics/case-diagnostics';
import type { Coverage } from '../catalogue/coverage';
import type { ProductCatalogue } from '../catalogue/product-catalogue';
import type { Rota } from '../oncall/rota';
import { fieldConflictSchema } from '../cases/field-conflicts';
import { CASE_STATUSES } from '../policy/policy-schema';
import { isKnownZone } from '../time/moment-text';
import { ALERT_KINDS } from '../alerts/alert-plan';
import { ALERT_HELD, alertPreferencesSchema } from '../alerts/alert-audience';
import { CASE_LINK_EVENT, type ChannelName } from './channels';
import type { CoreEvent } from './events';

export const QUEUE_VIEWS = ['open', 'mine', 'sev1', 'breaching-soon', 'awaiting-customer', 'missing-info', 'checklist-incomplete', 'all'] as const;
export type QueueView = (typeof QUEUE_VIEWS)[number];

export const QUEUE_SORTS = [
  'number', 'severity', 'company', 'summary', 'status', 'engineer', 'response', 'resolution', 'missing', 'checklist', 'lastActivity', 'nextBreach',
] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

export const CLOCK_FILTERS = ['breached', 'due-soon', 'paused', 'running'] as const;

const clockState = z.enum(['running', 'paused', 'met', 'breached', 'not-applicable', 'unreachable']);

export const queueClock = z.object({
  state: clockState,
  dueAt: z.number().nullable(),
  breachAt: z.number().nullable(),
  metAt: z.number().nullable(),
});

export const queueRow = z.object({
  id: z.string(),
  number: z.string(),
  severity: z.number(),
  company: z.string().nullable(),
  summary: z.string().nullable(),
  status: z.string(),
  engineer: z.string().nullable(),
  response: queueClock,
  resolution: queueClock,
  autoCloseAt: z.number().nullable(),
  missingCount: z.number(),
  /** The troubleshooting checklist: steps done or not applicable, of the case's policy's steps. */
  checklist: z.object({ settled: z.number(), total: z.number() }),
  lastActivityAt: z.number().nullable(),
});
export type QueueRow = z.infer<typeof queueRow>;

export const queueQuery = z.strictObject({
  view: z.enum(QUEUE_VIEWS).default('open'),
  /** The engineer using the app, for "My cases". */
  me: z.string().max(200).optional(),
  severity: z.array(z.int().min(1).max(9)).max(9).optional(),
  status: z.array(z.enum(CASE_STATUSES)).max(5).optional(),
  engineer: z.string().max(200).optional(),
  clock: z.enum(CLOCK_FILTERS).optional(),
  /** Free text: number, id, company or summary — over every case, whatever the view. */
  text: z.string().max(200).optional(),
  sort: z.enum(QUEUE_SORTS).default('nextBreach'),
  direction: z.enum(['asc', 'desc']).default('asc'),
  /** Rows of one group come together: ordered by the group first. */
  groupBy: z.enum(['none', 'severity', 'engineer']).default('none'),
  offset: z.int().min(0).default(0),
  limit: z.int().min(1).max(500).default(100),
});
export type QueueQuery = z.input<typeof queueQuery>;

export const queuePage = z.object({ rows: z.array(queueRow), total: z.number(), now: z.number() });
export type QueuePage = z.infer<typeof queuePage>;

/** The zone the person reads the case in (IANA): the explanation's instants are written in it first. */
export const viewerZone = z.string().max(100).refine(isKnownZone, 'not a known time zone: an IANA name such as Europe/Berlin').optional();

/** Support open now or not, by the policy in force; `zone`: the zone its hours are in (IANA), which the page's time inputs default to. */
export const supportStatus = z.object({ open: z.boolean(), changesAt: z.number(), holiday: z.string().nullable(), text: z.string(), zone: z.string() });

/** An event recorded more than this after it happened is retroactive: the timeline says when it was recorded. */
export const RETROACTIVE_MS = 60_000;

export const caseDetail = z.object({
  number: z.string(),
  status: z.string(),
  severity: z.number(),
  clocks: z.object({
    response: queueClock,
    resolution: queueClock,
    escalations: z.array(z.object({ clock: z.enum(['response', 'resolution']), at: z.number() })),
    autoCloseAt: z.number().nullable(),
  }),
  policyZone: z.string(),
  /** The policy the case is logged under: what the page shows of it and offers from it. */
  policy: z.object({
    id: z.string(),
    version: z.number(),
    severities: z.array(z.object({ level: z.number(), name: z.string() })),
    /** Statuses that pause the resolution clock and start the auto-close period. */
    pauseStatuses: z.array(z.enum(CASE_STATUSES)),
    /** Calendar days an unanswered pause lasts before the case closes by itself. */
    autoCloseAfterDays: z.number(),
  }),
  record: caseSchema,
  missing: z.array(z.object({ field: z.string(), label: z.string(), filledBy: z.enum(['customer', 'engineer']) })),
  explanation: z.object({ response: z.string(), resolution: z.string() }),
  /** Fields two desktops edited at once: free text waits for an engineer to keep one version. */
  conflicts: z.array(fieldConflictSchema),
  /** The files attached to the case now (shared/cases/case-attachments.ts), in the order attached; their bytes by the `attachment:read` stream. */
  attachments: z.array(
    z.object({
      sha256: z.string(),
      size: z.number(),
      name: z.string(),
      mediaType: z.string(),
      note: z.string().optional(),
      addedBy: z.string().optional(),
      addedAt: z.string(),
      event: z.number(),
      /** Whether its bytes are on this desktop (else they are taken from the server when it is opened: attachment:fetch). */
      here: z.boolean(),
    }),
  ),
  /**
   * The diagnosis (shared/diagnostics/case-diagnostics.ts): the checklist under the case's policy
   * and its progress, the tables' rows, the waivers and the accesses to customer equipment; each
   * server's coverage by the product catalogue on the day the case was first reported (keyed by
   * row id), and the case's coverage that follows from its servers'.
   */
  diagnostics: z.custom<CaseDiagnostics & { coverage: Record<string, Coverage>; caseCoverage: { covered: boolean; why: string | null } }>(
    (v) => typeof v === 'object' && v !== null && 'steps' in v,
  ),
  /**
   * What the rules would take now, change by change (shared/cases/change-offers.ts): a refused
   * change is offered disabled with its reason; a choice offers only the values it would take.
   */
  offers: z.record(z.enum(WORKSPACE_CHANGES), z.object({ refused: z.string().nullable(), choices: z.array(z.string()).optional() })),
  /**
   * Parallel to `record.events`: when each was recorded (null for history brought in by an
   * import), and for a severity change recorded after it happened, the breach instants it moved.
   */
  eventInfo: z
    .array(
      z.object({
        recordedAt: z.number().nullable(),
        breachMoved: z.array(z.object({ clock: z.enum(['response', 'resolution']), from: z.number().nullable(), to: z.number().nullable() })).optional(),
      }),
    )
    .optional(),
});
export type CaseDetail = z.infer<typeof caseDetail>;

/** Fields whose values already known are suggested at intake (`intake:lookup`). */
export const LOOKUP_FIELDS = ['company', 'contractId', 'product', 'softwareVersion'] as const satisfies readonly CaseFieldName[];

/** A new case from the queue (`n`): the first report time defaults to now and can be set back. */
export const newCaseInput = z.strictObject({
  severity: z.int().min(1).max(9),
  channel: z.enum(REPORT_CHANNELS),
  loggedAt: z.string().optional(),
  company: z.string().trim().min(1, 'which company?').max(FIELD_BY_NAME.company.max),
  summary: z.string().trim().min(1, 'what is the problem, in a line?').max(FIELD_BY_NAME.summary.max),
  engineer: z.string().max(FIELD_BY_NAME.engineer.max).optional(),
  /** The rest of the case's fields, as far as the caller could tell. */
  details: caseFieldsSchema.omit({ company: true, summary: true, engineer: true }).optional(),
});
export type NewCaseInput = z.input<typeof newCaseInput>;

/** A call's input field as the page labels it (a new case's fields by their declared labels). */
export function inputLabel(path: readonly PropertyKey[]): string | undefined {
  const keys = path.map(String);
  if (keys[0] === 'details') return FIELD_BY_PATH.get(keys.slice(1, 3).join('.'))?.label;
  if (keys[0] === 'loggedAt') return 'First report';
  return Object.hasOwn(FIELD_BY_NAME, keys[0] ?? '') ? FIELD_BY_NAME[keys[0] as CaseFieldName].label : undefined;
}

/** A change an engineer makes to a case from the workspace: one of the store's named mutations. */
export type CaseChange = (typeof WORKSPACE_CHANGES)[number];

/** The sync with the central server, as the header shows it. */
export const syncStatusSchema = z.object({
  configured: z.boolean(),
  server: z.string().nullable(),
  user: z.string().nullable(),
  role: z.string().nullable(),
  online: z.boolean(),
  syncing: z.boolean(),
  pending: z.number(),
  lastSyncAt: z.number().nullable(),
  lastError: z.string().nullable(),
  /** Refused by the policy's rules; `restorable`: the case was taken out and its kept copy can be restored. */
  rejected: z.array(z.object({ seq: z.number(), name: z.string(), caseId: z.string().nullable(), number: z.string().nullable(), error: z.string(), at: z.number(), restorable: z.boolean() })),
  unseenRejected: z.number(),
  /** The server could not apply them (a fault on its side): kept here, sent again from `retryAt`. */
  notApplied: z.array(z.object({ seq: z.number(), name: z.string(), caseId: z.string().nullable(), number: z.string().nullable(), error: z.string(), attempts: z.number(), retryAt: z.number() })),
  /** Severity-1 pages for this user not yet acknowledged (anywhere this desktop has heard of). */
  pages: z.array(z.object({ caseId: z.string(), number: z.string(), summary: z.string(), company: z.string(), step: z.enum(['primary', 'secondary', 'management']), receivedAt: z.number() })),
  version: z.number(),
  /** Bumps with every change of the status: the higher stamp is the newer status. */
  stamp: z.number(),
  tokenKeptForSessionOnly: z.boolean(),
});
export type SyncStatusView = z.output<typeof syncStatusSchema>;

/** An alert as the app's list shows it and a notification says it (electron/core/alerts/desktop-alerts.ts). */
export const alertNotice = z.object({
  /** The alert's key: case, kind, clock, instant. */
  id: z.string(),
  caseId: z.string(),
  number: z.string(),
  company: z.string().nullable(),
  severity: z.number(),
  kind: z.enum(ALERT_KINDS),
  clock: z.enum(['response', 'resolution']).nullable(),
  /** When it was due to be raised, and the instant it speaks of (a reminder's due instant). */
  at: z.number(),
  about: z.number(),
  raisedAt: z.number(),
  title: z.string(),
  body: z.string(),
  /** Why it concerns this engineer ("your case", "unassigned"…). */
  reason: z.string(),
  critical: z.boolean(),
  popup: z.boolean(),
  sound: z.boolean(),
  held: z.enum(ALERT_HELD).nullable(),
});
export type AlertNotice = z.output<typeof alertNotice>;

/** The alerts' summary the tray, the badge and the header's bell show. */
export const alertsSummary = z.object({
  /** Open cases with a clock breached or breaching within 2 hours. */
  atRisk: z.number(),
  /** Alerts raised since the list was last looked at. */
  unseen: z.number(),
  /** Alerts other than Severity-1 pop up again from this instant (null: not muted). */
  mutedUntil: z.number().nullable(),
});

export type AlertsSummary = z.output<typeof alertsSummary>;

export const alertsState = alertsSummary.extend({
  preferences: alertPreferencesSchema,
  /** The name alerts take as "mine" when not signed in to a server. */
  me: z.string(),
  /** The latest alerts, newest first. */
  recent: z.array(alertNotice),
});
export type AlertsState = z.output<typeof alertsState>;

/** At most this long a mute (from the tray or the list). */
export const MAX_MUTE_MS = 24 * 3_600_000;

/** Every channel: its input and output schemas. */
/** The team's product catalogue as a desktop has it (electron/core/store/team-catalogue.ts). */
export const catalogueState = z.object({
  catalogue: z.custom<ProductCatalogue>((v) => typeof v === 'object' && v !== null && 'products' in v),
  revision: z.number(),
  by: z.string().nullable(),
  at: z.number().nullable(),
  pending: z.boolean(),
  /** Products and versions, in words. */
  summary: z.string(),
});
export type CatalogueState = z.output<typeof catalogueState>;

const calendarStretch = z.object({ from: z.number(), to: z.number(), primary: z.string(), secondary: z.string().nullable(), by: z.string(), override: z.boolean() });
/** The on-call rota in force (a team document, like the catalogue) and its calendar. */
export const rotaState = z.object({
  rota: z.custom<Rota>((v) => typeof v === 'object' && v !== null && 'shifts' in v),
  revision: z.number(),
  by: z.string().nullable(),
  at: z.number().nullable(),
  pending: z.boolean(),
  /** The policy's zone: the rota's hours are wall-clock hours there. */
  zone: z.string(),
  now: z.object({ primary: z.string(), secondary: z.string().nullable(), until: z.number().nullable(), by: z.string() }).nullable(),
  nextCover: z.object({ at: z.number(), primary: z.string() }).nullable(),
  days: z.array(z.object({ date: z.string(), from: z.number(), stretches: z.array(calendarStretch) })),
});
export type RotaState = z.output<typeof rotaState>;

export const contract = {
  'queue:page': { input: queueQuery, output: queuePage },
  'queue:counts': { input: z.strictObject({ me: z.string().max(200).optional() }), output: z.record(z.enum(QUEUE_VIEWS), z.number()) },
  'case:get': { input: z.strictObject({ idOrNumber: z.string().min(1).max(200), viewerZone }), output: caseDetail.nullable() },
  'support:status': { input: z.strictObject({}), output: supportStatus },
  /**
   * Lines of a log the case holds, for the log viewer (0-based `from`): answered at once from the
   * file's line index as far as it has come (`total` lines so far, `indexed` of `size` bytes); ask
   * again until `done`.
   */
  'attachment:lines': {
    input: z.strictObject({ caseId: z.string().trim().min(1).max(200), sha256, from: z.number().int().min(0), count: z.number().int().min(0).max(2000) }),
    output: z.object({ lines: z.array(z.string()), total: z.number(), indexed: z.number(), size: z.number(), done: z.boolean() }),
  },
  /**
   * Search a log the case holds for a regular expression, in a thread of its own: answered at once
   * with the matching lines found so far (`count`, the first `kept` of them listed) and a window of
   * them with their text (null for a line not indexed yet) — `count` from the `from`-th, or from
   * the first at or after line `at`; `first` is the window's start — and where they lie
   * (`overview`: matches in each of its equal parts of the file's `lines`). Ask again until
   * `done`; another pattern ends the file's search under way.
   */
  'attachment:search': {
    input: z.strictObject({
      caseId: z.string().trim().min(1).max(200),
      sha256,
      pattern: z.string().min(1, 'a pattern').max(1000),
      ignoreCase: z.boolean(),
      from: z.number().int().min(0).optional(),
      at: z.number().int().min(0).optional(),
      count: z.number().int().min(0).max(500),
    }),
    output: z.object({
      count: z.number(),
      kept: z.number(),
      first: z.number(),
      matches: z.array(z.object({ line: z.number(), text: z.string().nullable() })),
      overview: z.array(z.number()),
      scanned: z.number(),
      size: z.number(),
      lines: z.number(),
      done: z.boolean(),
      error: z.string().nullable(),
    }),
  },
  /**
   * Take a file of the case from the server, in the background: answers how far it has come
   * (`received` of `size` bytes); ask again until `here`, or an `error` says why not.
   */
  'attachment:fetch': {
    input: z.strictObject({ caseId: z.string().trim().min(1).max(200), sha256 }),
    output: z.object({ here: z.boolean(), received: z.number(), size: z.number(), error: z.string().nullable() }),
  },
  /**
   * The screens and windows a screenshot can be taken of, with a small picture of each — in the
   * desktop app only (its main process answers, through Electron's desktopCapturer); the browser
   * host refuses it, naming paste and drop instead.
   */
  'screen:sources': {
    input: z.strictObject({}),
    output: z.array(z.object({ id: z.string(), name: z.string(), kind: z.enum(['screen', 'window']), thumbnail: z.string() })),
  },
  /** A screenshot of one of them, as PNG (base64), to attach like a pasted one. */
  'screen:capture': {
    input: z.strictObject({ id: z.string().min(1).max(500) }),
    output: z.object({ png: z.string(), width: z.number(), height: z.number() }),
  },
  /**
   * Where this desktop keeps the case files' bytes, how many and how large; `fixed` when Casedesk
   * was started with --files DIR (then moved from the command line only).
   */
  'files:folder': {
    input: z.strictObject({}),
    output: z.object({ folder: z.string(), files: z.number(), bytes: z.number(), fixed: z.boolean(), moving: z.boolean() }),
  },
  /**
   * Move them to the folder `to` (a full path; made if need be) and keep them there from now on:
   * each copied and checked against its hash, then the old copies removed. Told as `progress`
   * events of the job `files-move`; the sync waits and attachments are refused meanwhile.
   */
  'files:move': {
    input: z.strictObject({ to: z.string().trim().min(1, 'the new folder').max(1000) }),
    output: z.object({ from: z.string(), to: z.string(), files: z.number(), bytes: z.number() }),
  },
  /** Stop the move under way: the files stay where they were. */
  'files:move-cancel': { input: z.strictObject({}), output: z.object({ cancelled: z.boolean() }) },
  /**
   * A case's signed waiver as PDF (the latest not superseded unless `waiver` names one), rendered
   * again and checked against the SHA-256 recorded at signing; its bytes in base64 (a few KiB).
   */
  'waiver:pdf': {
    input: z.strictObject({ caseId: z.string().min(1).max(200), waiver: z.string().min(1).max(64).optional() }),
    output: z.object({ fileName: z.string(), sha256: z.string(), base64: z.string() }),
  },
  'case:create': { input: newCaseInput, output: z.object({ id: z.string(), number: z.string() }) },
  /**
   * One change to a case; its arguments are checked by the mutation's own schema. Without `at`
   * (and, closing, without the agreement's `at`) the change happened now. Answers the case as changed.
   */
  'case:change': { input: z.strictObject({ name: z.enum(WORKSPACE_CHANGES), args: z.record(z.string(), z.unknown()), viewerZone }), output: caseDetail },
  /** Values already known (companies, contracts, products, versions), for the intake's suggestions. */
  'intake:lookup': {
    input: z.strictObject({
      field: z.enum(LOOKUP_FIELDS),
      prefix: z.string().max(100),
      company: z.string().max(FIELD_BY_NAME.company.max).optional(),
      product: z.string().max(FIELD_BY_NAME.product.max).optional(),
    }),
    output: z.array(z.string()),
  },
  /** Whether the policy in force covers a product and version (flagged at intake when it does not). */
  'policy:coverage': {
    input: z.strictObject({ product: z.string().max(200), version: z.string().max(100) }),
    output: z.object({ covered: z.boolean(), status: z.string(), why: z.string().optional() }),
  },
  /** The team's product catalogue as this desktop has it: its products and versions, revision, who put it in use and when, an edit waiting to be sent. */
  'catalogue:get': { input: z.strictObject({}), output: catalogueState },
  /**
   * Put an edited catalogue in use (an admin's change of the team's, sent to the server like any
   * change): `base` is the revision the edit was made on. A malformed catalogue is refused naming
   * the field; one made on an older revision than the team's is refused, saying who changed it.
   */
  'catalogue:use': {
    input: z.strictObject({ author: z.string().trim().min(1, 'who is making the change?').max(200), catalogue: z.unknown(), base: z.int().min(0) }),
    output: catalogueState,
  },
  /** The severities of the policy in force, with the policy's own definitions. */
  'policy:severities': { input: z.strictObject({}), output: z.array(z.object({ level: z.number(), name: z.string(), definition: z.string() })) },
  /** The clocks a severity change would give the case, now — shown before the change is saved. */
  'case:preview-severity': {
    input: z.strictObject({ idOrNumber: z.string().min(1).max(200), severity: z.int().min(1).max(9) }),
    output: z.object({ response: queueClock, resolution: queueClock }).nullable(),
  },
  'alerts:get': { input: z.strictObject({}), output: alertsState },
  /** Change what alerts reach you (`preferences`, `me`), mute them for `muteFor` ms (0: unmute), or mark the list seen. */
  'alerts:set': {
    input: z.strictObject({
      preferences: alertPreferencesSchema.optional(),
      me: z.string().max(200).optional(),
      muteFor: z.number().int().min(0).max(MAX_MUTE_MS).optional(),
      seen: z.literal(true).optional(),
    }),
    output: alertsState,
  },
  'sync:status': { input: z.strictObject({}), output: syncStatusSchema },
  /** Check the server address and token with the server, keep them (the token in the OS keychain) and start syncing. */
  'sync:connect': { input: z.strictObject({ server: z.string().trim().min(1, 'the server address').max(500), token: z.string().trim().min(1, 'your token').max(500) }), output: syncStatusSchema },
  'sync:now': { input: z.strictObject({}), output: syncStatusSchema },
  'sync:disconnect': { input: z.strictObject({}), output: syncStatusSchema },
  /** The person has seen the refused changes listed. */
  'sync:ack-rejected': { input: z.strictObject({}), output: syncStatusSchema },
  /** Bring a case the server refused to create back into the queue, from the copy kept of it. */
  'sync:restore-refused': { input: z.strictObject({ caseId: z.string().min(1).max(200) }), output: syncStatusSchema },
  /** Acknowledge a Severity-1 page as the signed-in user: it stops escalating and is silenced on every desktop. */
  /** The rota in force, who is on call now, and the calendar of the week `week` weeks from this one (0: this week). */
  'rota:get': { input: z.strictObject({ week: z.int().min(-52).max(52).optional() }), output: rotaState },
  /**
   * Put an edited rota in use (a manager's or an admin's change, sent to the server like any
   * change) on top of revision `base`; a malformed rota is refused naming the entry and field.
   */
  'rota:use': {
    input: z.strictObject({ author: z.string().trim().min(1, 'who is making the change?').max(200), rota: z.unknown(), base: z.int().min(0), week: z.int().min(-52).max(52).optional() }),
    output: rotaState,
  },
  'page:ack': { input: z.strictObject({ caseId: z.string().min(1).max(200), note: z.string().trim().max(2000).optional() }), output: syncStatusSchema },
} as const;

export type Channel = keyof typeof contract;
// The dependency-free list (channels.ts) must name exactly the contract's channels.
const _sameChannels: [Channel, ChannelName] extends [ChannelName, Channel] ? true : never = true;
void _sameChannels;
export type ChannelInput<C extends Channel> = z.input<(typeof contract)[C]['input']>;
export type ChannelOutput<C extends Channel> = z.output<(typeof contract)[C]['output']>;
export const CHANNELS = Object.keys(contract) as Channel[];

export { CASE_LINK_EVENT };

/** The API the UI sees, as `window.casedesk` or over HTTP: one method per channel. */
export type CasedeskApi = { [C in Channel]: (input: ChannelInput<C>) => Promise<ChannelOutput<C>> } & {
  /** Desktop only: call `open` with the case id of each case link followed; returns an unsubscribe. */
  onCaseLink?: (open: (idOrNumber: string) => void) => () => void;
  /** Hear the core's events (shared/ipc/events.ts) until the returned function is called. */
  onEvent?: (listener: (event: CoreEvent) => void) => () => void;
  /** Desktop only (the preload): this run's key to the byte streams at casedesk-stream:. */
  streamKey?: () => Promise<string | null>;
};

/** A failure the UI shows as it is: the message says what to do. */
export interface ApiError {
  error: string;
}
