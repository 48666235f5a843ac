// The diagnosis from the command line: `casedesk checklist CASE` (the steps and their state),
// `casedesk waiver pdf CASE --out FILE` (a signed waiver as PDF, checked against the hash recorded
// at signing) and `casedesk equipment log CASE --system HOST --change TEXT` (an access to customer
// equipment, refused as in the app without a waiver that covers the system then).
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { MutationError } from '../../../shared/cases/decide-mutation';
import { diagnosticsOf } from '../../../shared/diagnostics/case-diagnostics';
import { formatInstant, parseInstant } from '../../../shared/time/instant';
import { timeZone } from '../../../shared/time/time-zone';
import { printable } from '../../../shared/validation/control-characters';
import { waiverPdf, WaiverPdfError } from '../../core/diagnostics/waiver-signing';
import { applyMutation } from '../../core/store/apply-mutation';
import { CliError, type CliIo } from '../cli-io';
import { authorOf, caseOf, openStore, withStore } from '../store-access';

export async function checklistCommand(caseRef: string, options: { db?: string }, io: CliIo): Promise<void> {
  const store = openStore(options.db, { readonly: true, now: io.now });
  await withStore(store, () => {
    const stored = caseOf(store, caseRef);
    const { steps, progress } = diagnosticsOf(stored.record, store.policy(stored.policyId, stored.policyVersion).diagnostics.steps);
    const out = steps.map(({ id, name, state, by, at, note, reason, files }) => ({ id, name, state, by: by ?? null, at: at ?? null, ...(note ? { note } : {}), ...(reason ? { reason } : {}), files }));
    io.out(`${JSON.stringify({ caseId: stored.record.id, number: stored.number, progress: `${progress.settled}/${progress.total}`, steps: out }, null, 2)}\n`);
  });
}

export async function waiverPdfCommand(caseRef: string, options: { db?: string; out?: string; waiver?: string }, io: CliIo): Promise<void> {
  if (!options.out) throw new CliError('--out FILE is required: where to write the PDF', 2);
  const store = openStore(options.db, { readonly: true, now: io.now });
  const pdf = await withStore(store, async () => {
    caseOf(store, caseRef);
    try {
      return await waiverPdf(store, caseRef, options.waiver);
    } catch (err) {
      if (err instanceof WaiverPdfError) throw new CliError(printable(err.message));
      throw err;
    }
  });
  // Written beside the target and renamed into place: a failure leaves no half-written PDF.
  const partial = `${options.out}.${randomBytes(4).toString('hex')}.partial`;
  try {
    await writeFile(partial, pdf.bytes, { flag: 'wx' });
    await rename(partial, options.out);
  } catch (err) {
    await rm(partial, { force: true });
    throw new CliError(`could not write ${options.out}: ${(err as Error).message}`);
  }
  io.err(`wrote ${options.out} (waiver ${pdf.waiver.id} signed by ${printable(pdf.waiver.signatory.name)}, ${pdf.bytes.length.toLocaleString('en-US')} bytes, SHA-256 ${pdf.waiver.pdf.sha256})\n`);
  io.out(`${JSON.stringify({ waiver: pdf.waiver.id, sha256: pdf.waiver.pdf.sha256, size: pdf.bytes.length, out: options.out })}\n`);
}

export async function equipmentLogCommand(caseRef: string, options: { db?: string; system?: string; change?: string; at?: string; as?: string }, io: CliIo): Promise<void> {
  if (!options.system) throw new CliError('--system HOST is required: the system that was accessed', 2);
  if (!options.change) throw new CliError('--change TEXT is required: what was changed', 2);
  const store = openStore(options.db, { now: io.now });
  await withStore(store, () => {
    const stored = caseOf(store, caseRef);
    const zone = store.policy(stored.policyId, stored.policyVersion).timeZone;
    const given = options.at === undefined ? null : parseInstant(options.at);
    if (given && !given.ok) throw new CliError(`--at: ${given.error}`, 2);
    const at = options.at ?? formatInstant(io.now(), timeZone(zone));
    try {
      applyMutation(store, 'logEquipmentAccess', { caseId: stored.record.id, at, author: authorOf(store, options.as), system: options.system, change: options.change });
    } catch (err) {
      if (err instanceof MutationError) throw new CliError(printable(err.message));
      throw err;
    }
    const access = diagnosticsOf(store.getCase(stored.record.id)!.record, []).accesses.at(-1)!;
    io.out(`${JSON.stringify({ caseId: stored.record.id, number: stored.number, system: access.system, at: access.at, waiver: access.waiver })}\n`);
  });
}
