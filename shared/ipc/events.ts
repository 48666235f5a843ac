// What the core tells the UI without being asked, on one typed channel: delivered over IPC in the
// desktop app (the preload's `onEvent`) and as a stream of lines from the browser host
// (`POST /api/events`). Events replace polling: the UI loads what it shows once, then reloads
// only what an event says changed.
import { z } from 'zod';
import { alertNotice, alertsSummary, syncStatusSchema } from './contract';

export const coreEventSchema = z.discriminatedUnion('type', [
  /** Cases changed here or by a sync: `caseIds` names them, null means "reload what you show". */
  z.strictObject({ type: z.literal('cases-changed'), caseIds: z.array(z.string()).nullable() }),
  /** The sync's state as the header shows it (online, waiting changes, refused, pages…). */
  z.strictObject({ type: z.literal('sync-status'), status: syncStatusSchema }),
  /** An alert that concerns this engineer was raised (shown in the app's list; `popup`: as a notification too). */
  z.strictObject({ type: z.literal('alert'), notice: alertNotice }),
  /** What the tray, the badge and the bell count changed. */
  z.strictObject({ type: z.literal('alerts-status'), summary: alertsSummary }),
  /** Progress of a long job (an import, an index, a download): `done` of `total`, in `unit`. */
  z.strictObject({ type: z.literal('progress'), job: z.string(), label: z.string(), done: z.number(), total: z.number().nullable(), unit: z.string() }),
]);
export type CoreEvent = z.output<typeof coreEventSchema>;

/**
 * An answer to a call, the same over IPC, over HTTP and from the core's thread: a value, or an
 * error with a message a person can act on. `kind`: `request` — the call was wrong or refused
 * (a rule, a bad field); `internal` — Casedesk itself failed (the details are in its log).
 */
export type Answer = { ok: true; value: unknown } | { ok: false; error: string; kind: 'request' | 'internal' };
