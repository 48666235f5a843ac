// Signing a waiver on this desktop, and its PDF again later. At signing the core fills in what the
// waiver prints of the case (its number, the customer's company and contract), renders the PDF and
// records its SHA-256 with the waiver; the page sends only what the customer signed. Rendering it
// again (the app's download, `casedesk waiver pdf`) checks it still gives those very bytes.
import { parseMutation } from '../../../shared/cases/decide-mutation';
import { waiversOf, type Waiver } from '../../../shared/diagnostics/waivers';
import type { CaseStore, StoredCase } from '../store/case-store';
import { renderWaiverPdf, sha256Of, type PrintedWaiver } from './waiver-pdf';

export class WaiverPdfError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WaiverPdfError';
  }
}

const PLACEHOLDER_PDF = { sha256: '0'.repeat(64), size: 1 };

function zoneOf(store: CaseStore, stored: StoredCase): string {
  return store.policy(stored.policyId, stored.policyVersion).timeZone;
}

/**
 * `signWaiver`'s arguments as the page gave them, completed: the case's number and customer as
 * they stand, and the PDF's hash and size. Arguments that do not validate are refused here, with
 * the mutation's own messages, before anything is rendered. A case that does not exist is left
 * to the mutation to refuse.
 */
export async function completeWaiver(store: CaseStore, args: Record<string, unknown>): Promise<Record<string, unknown>> {
  const stored = typeof args.caseId === 'string' ? store.getCase(args.caseId) : null;
  if (!stored) return { ...args, caseNumber: '?', customer: { company: '', contractId: '' }, pdf: PLACEHOLDER_PDF };
  const filled = {
    ...args,
    caseNumber: stored.number,
    customer: { company: stored.record.company ?? '', contractId: stored.record.contractId ?? '' },
    pdf: PLACEHOLDER_PDF,
  };
  const { args: terms } = parseMutation('signWaiver', filled) as Extract<ReturnType<typeof parseMutation>, { name: 'signWaiver' }>;
  const bytes = await renderWaiverPdf({ ...terms, signedAt: terms.at, signedBy: terms.author, zone: zoneOf(store, stored) });
  return { ...filled, pdf: { sha256: sha256Of(bytes), size: bytes.length } };
}

function printed(waiver: Waiver, zone: string): PrintedWaiver {
  return {
    waiver: waiver.id, caseNumber: waiver.caseNumber, customer: waiver.customer, signatory: waiver.signatory, systems: waiver.systems,
    changes: waiver.changes, validFrom: waiver.validFrom, validTo: waiver.validTo, signature: waiver.signature, supersedes: waiver.supersedes,
    signedAt: waiver.signedAt, signedBy: waiver.signedBy, zone,
  };
}

/** The file name a waiver's PDF is saved under: `waiver-9RW-1042-<id>.pdf`, safe on any disk. */
export function waiverFileName(waiver: Waiver): string {
  return `waiver-${waiver.caseNumber}-${waiver.id}.pdf`.replace(/[^A-Za-z0-9._-]+/g, '_');
}

/**
 * A case's waiver as PDF: the one named, else the latest not superseded. Refused when the case has
 * none, or when it no longer renders to the bytes recorded at signing.
 */
export async function waiverPdf(store: CaseStore, caseRef: string, waiverId?: string): Promise<{ bytes: Uint8Array; waiver: Waiver; fileName: string }> {
  const stored = store.findCase(caseRef);
  if (!stored) throw new WaiverPdfError(`no case "${caseRef}"`);
  const waivers = waiversOf(stored.record);
  const waiver = waiverId === undefined ? (waivers.filter((w) => !w.supersededBy).at(-1) ?? waivers.at(-1)) : waivers.find((w) => w.id === waiverId);
  if (!waiver) {
    throw new WaiverPdfError(waiverId === undefined ? `case ${stored.number} has no signed waiver` : `case ${stored.number} has no waiver ${waiverId} (its waivers: ${waivers.map((w) => w.id).join(', ') || 'none'})`);
  }
  const bytes = await renderWaiverPdf(printed(waiver, zoneOf(store, stored)));
  const sha256 = sha256Of(bytes);
  if (sha256 !== waiver.pdf.sha256) {
    throw new WaiverPdfError(`waiver ${waiver.id} of case ${stored.number} no longer renders to the PDF signed (SHA-256 ${waiver.pdf.sha256} recorded, ${sha256} now): the record of the waiver is intact, but this copy of Casedesk cannot reproduce its PDF`);
  }
  return { bytes, waiver, fileName: waiverFileName(waiver) };
}
