// The modification waiver: the customer's signed permission to access their equipment and change
// its configuration. A signed waiver is immutable — a correction is a new waiver that supersedes
// it — and may be revoked, with a reason, from an instant on. Logging access to customer equipment
// requires one that covers the system at that instant (`waiverGate`): signed by then, in its
// validity period, not revoked, not superseded. One pure decision, desktop and server alike.
import { z } from 'zod';
import type { CaseEventRecord, CaseRecord } from '../cases/case-format';
import { instant, sha256 } from '../cases/argument-schemas';
import { formatMoment } from '../sla/sla-explain';
import { parseInstant } from '../time/instant';


/** The most points a drawn signature keeps (a signature is a few hundred). */
export const MAX_SIGNATURE_POINTS = 20_000;

/**
 * The signature: drawn on the pad (its strokes, each a flat list x0,y0,x1,y1… in the pad's own
 * box, rounded to a tenth), typed (the signatory's name, written out), or a signed scan attached
 * to the case (by its hash).
 */
export const signatureSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('drawn'),
    width: z.number().positive().max(4000),
    height: z.number().positive().max(4000),
    strokes: z
      .array(z.array(z.number().finite().min(-10).max(4010)).max(MAX_SIGNATURE_POINTS * 2))
      .max(500)
      .refine((strokes) => strokes.some((s) => s.length >= 2), 'the pad is empty: draw the signature, type it, or attach a signed scan')
      .refine((strokes) => strokes.every((s) => s.length % 2 === 0), 'a stroke is pairs of coordinates')
      .refine((strokes) => strokes.reduce((n, s) => n + s.length / 2, 0) <= MAX_SIGNATURE_POINTS, `at most ${MAX_SIGNATURE_POINTS} points`),
  }),
  z.strictObject({ kind: z.literal('typed'), name: z.string().trim().min(1, 'type the signatory’s name').max(200) }),
  z.strictObject({ kind: z.literal('scan'), sha256 }),
]);
export type Signature = z.output<typeof signatureSchema>;

export const signatorySchema = z.strictObject({
  name: z.string().trim().min(1, 'who signs for the customer?').max(200),
  title: z.string().trim().min(1, 'the signatory’s title').max(200),
  company: z.string().trim().min(1, 'the signatory’s company').max(200),
  email: z.string().trim().max(254).regex(/^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/, 'not an email address'),
});
export type Signatory = z.output<typeof signatorySchema>;

/** What a waiver says, as signed: the arguments of `signWaiver` beyond who records it. */
export const waiverTermsShape = {
  /** Chosen by the desktop that records it (a UUID). */
  waiver: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a waiver id is letters, digits, "_" and "-"'),
  signatory: signatorySchema,
  /** The systems it covers: host names from the servers table, or named. */
  systems: z
    .array(z.string().trim().min(1, 'name the system').max(253))
    .min(1, 'name at least one system the waiver covers')
    .max(100),
  /** The changes it permits. */
  changes: z.string().trim().min(1, 'say which changes the waiver permits').max(4000),
  validFrom: instant,
  validTo: instant,
  signature: signatureSchema,
  /** The waiver this one corrects; it stops covering anything from this one's signing. */
  supersedes: z.string().min(1).max(64).optional(),
  /** The case as the waiver names it, as it stood at signing (the desktop fills these in from the case). */
  caseNumber: z.string().trim().min(1).max(100),
  customer: z.strictObject({ company: z.string().max(200), contractId: z.string().max(100) }),
  /** The PDF the waiver renders to, recorded at signing (the desktop renders it: electron/core/diagnostics/). */
  pdf: z.strictObject({ sha256, size: z.int().min(1).max(50 * 1024 * 1024) }),
};

export interface Waiver {
  id: string;
  signatory: Signatory;
  systems: string[];
  changes: string;
  validFrom: string;
  validTo: string;
  signature: Signature;
  pdf: { sha256: string; size: number };
  caseNumber: string;
  customer: { company: string; contractId: string };
  /** The signing instant (the event's `at`) and who recorded it. */
  signedAt: string;
  signedBy: string | undefined;
  supersedes: string | undefined;
  supersededBy: string | undefined;
  /** When the superseding waiver was signed. */
  supersededAt: string | undefined;
  revoked: { at: string; by: string | undefined; reason: string } | undefined;
  /** Its `waiver` event's position in the case's events. */
  event: number;
}

const ms = (text: string) => {
  const parsed = parseInstant(text);
  return parsed.ok ? parsed.ms : NaN;
};

function waiverOf(event: CaseEventRecord, index: number): Waiver | null {
  const e = event as CaseEventRecord & Record<string, unknown>;
  if (typeof e.waiver !== 'string' || typeof e.validFrom !== 'string' || typeof e.validTo !== 'string' || !Array.isArray(e.systems)) return null;
  return {
    id: e.waiver,
    signatory: e.signatory as Signatory,
    systems: (e.systems as unknown[]).filter((s): s is string => typeof s === 'string'),
    changes: typeof e.changes === 'string' ? e.changes : '',
    validFrom: e.validFrom,
    validTo: e.validTo,
    signature: e.signature as Signature,
    pdf: e.pdf as Waiver['pdf'],
    caseNumber: typeof e.caseNumber === 'string' ? e.caseNumber : '',
    customer: (e.customer as Waiver['customer'] | undefined) ?? { company: '', contractId: '' },
    signedAt: e.at,
    signedBy: e.author,
    supersedes: typeof e.supersedes === 'string' ? e.supersedes : undefined,
    supersededBy: undefined,
    supersededAt: undefined,
    revoked: undefined,
    event: index,
  };
}

/** The case's waivers in the order they were signed, each with what later happened to it. */
export function waiversOf(record: Pick<CaseRecord, 'events'>): Waiver[] {
  const byId = new Map<string, Waiver>();
  (record.events ?? []).forEach((event, index) => {
    if (event.type === 'waiver') {
      const waiver = waiverOf(event, index);
      if (!waiver || byId.has(waiver.id)) return;
      byId.set(waiver.id, waiver);
      const older = waiver.supersedes ? byId.get(waiver.supersedes) : undefined;
      if (older && !older.supersededBy) Object.assign(older, { supersededBy: waiver.id, supersededAt: waiver.signedAt });
    } else if (event.type === 'waiver-revoked' && typeof event.waiver === 'string') {
      const waiver = byId.get(event.waiver);
      if (waiver && !waiver.revoked) waiver.revoked = { at: event.at, by: event.author, reason: typeof event.reason === 'string' ? event.reason : '' };
    }
  });
  return [...byId.values()];
}

/** Systems are named as people type them: the same host in other capitals is the same system. */
export const sameSystem = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

export type GateDecision = { covered: true; waiver: Waiver } | { covered: false; missing: string };

/** Why `waiver` does not cover a change at `at` (null: it does), its instants written in `zone`. */
export function waiverLapse(waiver: Waiver, at: number, zone: string): string | null {
  const when = (text: string) => formatMoment(ms(text), zone);
  const name = `the waiver signed by ${waiver.signatory.name} at ${when(waiver.signedAt)}`;
  if (ms(waiver.signedAt) > at) return `${name} was not signed yet`;
  if (waiver.revoked && ms(waiver.revoked.at) <= at) return `${name} was revoked at ${when(waiver.revoked.at)} (${waiver.revoked.reason})`;
  if (waiver.supersededAt !== undefined && ms(waiver.supersededAt) <= at) return `${name} was superseded at ${when(waiver.supersededAt)}`;
  if (at < ms(waiver.validFrom)) return `${name} is valid only from ${when(waiver.validFrom)}`;
  if (at >= ms(waiver.validTo)) return `${name} expired at ${when(waiver.validTo)}`;
  return null;
}

/**
 * Whether the case's waivers permit accessing `system` at instant `at`: covered when one of them
 * names the system, was signed at or before `at`, is valid then (from `validFrom` included to
 * `validTo` excluded), and was neither revoked nor superseded at or before `at`. Otherwise what is
 * missing, in words, for the engineer to act on.
 */
export function waiverGate(waivers: readonly Waiver[], system: string, at: number, zone: string): GateDecision {
  if (waivers.length === 0) return { covered: false, missing: 'no modification waiver is signed on this case: the customer signs one before their equipment is touched' };
  const naming = waivers.filter((w) => w.systems.some((s) => sameSystem(s, system)));
  if (naming.length === 0) {
    const covered = [...new Set(waivers.flatMap((w) => w.systems))].join(', ');
    return { covered: false, missing: `no signed waiver covers ${system.trim()} (the case's waivers cover ${covered}): the customer signs one that names it` };
  }
  const lapses: string[] = [];
  for (const waiver of naming) {
    const lapse = waiverLapse(waiver, at, zone);
    if (lapse === null) return { covered: true, waiver };
    lapses.push(lapse);
  }
  return { covered: false, missing: `no waiver covers ${system.trim()} at ${formatMoment(at, zone)}: ${lapses.join('; ')}` };
}
