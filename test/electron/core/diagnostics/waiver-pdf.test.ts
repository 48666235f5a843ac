// The waiver's PDF: read back by a real PDF reader it holds what was signed; the same waiver
// renders to the same bytes every time, so the SHA-256 recorded at signing is checked whenever
// it is rendered again.
import { describe, expect, it } from 'vitest';
import { renderWaiverPdf, sha256Of, type PrintedWaiver } from '../../../../electron/core/diagnostics/waiver-pdf';
import { waiverPdf, WaiverPdfError } from '../../../../electron/core/diagnostics/waiver-signing';
import { completeWaiver } from '../../../../electron/core/diagnostics/waiver-signing';
import { applyMutation } from '../../../../electron/core/store/apply-mutation';
import { CaseStore } from '../../../../electron/core/store/case-store';
import { instantOrThrow } from '../../../../shared/time/instant';
import { pdfText } from '../../../support/pdf-text';
import { tempDbPath } from '../../../support/temp-db';

const drawn = { kind: 'drawn' as const, width: 400, height: 150, strokes: [[20, 100, 60, 40, 100, 110, 140, 30], [200, 80]] };
const waiver: PrintedWaiver = {
  waiver: 'W1', caseNumber: '9RW-1042', customer: { company: 'Contoso Bank', contractId: 'CT-7781' },
  signatory: { name: 'Zoë Ångström', title: 'Head of IT', company: 'Contoso Bank', email: 'zoe@contoso.example' },
  systems: ['mx1.contoso.example', 'filter02'], changes: 'Raise the inbound spam threshold\nRestart the filter service',
  validFrom: '2026-12-07T09:00:00-05:00', validTo: '2026-12-08T09:00:00-05:00', signature: drawn,
  signedAt: '2026-12-07T10:15:00-05:00', signedBy: 'Dana Ruiz', zone: 'America/New_York',
};

describe("the waiver's PDF", () => {
  it('holds the case, the customer, the signatory, the systems, the validity and the signing instant', async () => {
    const { pages, info } = await pdfText(await renderWaiverPdf(waiver));
    const text = pages.join('\n');
    for (const words of ['Modification waiver', '9RW-1042', 'Contoso Bank — contract CT-7781', 'Zoë Ångström, Head of IT', 'mx1.contoso.example', 'filter02',
      'Raise the inbound spam threshold', 'from Mon 2026-12-07 09:00 EST', 'until Tue 2026-12-08 09:00 EST', 'Mon 2026-12-07 10:15 EST — recorded by Dana Ruiz', 'Drawn by Zoë Ångström']) {
      expect(text).toContain(words);
    }
    expect(info.Title).toBe('Modification waiver — case 9RW-1042');
  });

  it('renders the same waiver to the same bytes, and another to others', async () => {
    const [a, b] = await Promise.all([renderWaiverPdf(waiver), renderWaiverPdf({ ...waiver })]);
    expect(sha256Of(a)).toBe(sha256Of(b));
    expect(sha256Of(await renderWaiverPdf({ ...waiver, systems: ['mx1.contoso.example'] }))).not.toBe(sha256Of(a));
  });

  it('writes a typed signature and a scan by reference; text no standard font has is kept readable, never a crash', async () => {
    const typed = await pdfText(await renderWaiverPdf({ ...waiver, signatory: { ...waiver.signatory, name: '李雷 Lei' }, signature: { kind: 'typed', name: 'Lei Li' } }));
    expect(typed.pages[0]).toContain('Typed by ?? Lei as their signature');
    expect(typed.pages[0]).toContain('Lei Li');
    const scan = await pdfText(await renderWaiverPdf({ ...waiver, signature: { kind: 'scan', sha256: 'e'.repeat(64) } }));
    expect(scan.pages[0]!.replace(/\s+/g, ' ')).toContain(`the signed scan is attached to the case (SHA-256 ${'e'.repeat(64)})`);
  });

  it('is rendered at signing, its hash recorded with the waiver, and checked when rendered again', async () => {
    const at = '2026-12-07T10:15:00-05:00';
    const store = CaseStore.open(tempDbPath(), { create: true, clock: { now: () => instantOrThrow(at) } });
    try {
      applyMutation(store, 'createCase', {
        id: 'C-1', severity: 1, type: 'problem', channel: 'phone', loggedAt: '2026-12-07T08:30:00-05:00', author: 'Dana Ruiz', fields: { company: 'Contoso Bank', contractId: 'CT-7781' },
      });
      const args = await completeWaiver(store, {
        caseId: 'C-1', at, author: 'Dana Ruiz', waiver: 'W1', signatory: waiver.signatory, systems: waiver.systems, changes: waiver.changes,
        validFrom: waiver.validFrom, validTo: waiver.validTo, signature: drawn,
      });
      applyMutation(store, 'signWaiver', args);
      const number = store.getCase('C-1')!.number;
      const pdf = await waiverPdf(store, number);
      expect(sha256Of(pdf.bytes)).toBe((args.pdf as { sha256: string }).sha256);
      expect(pdf.fileName).toBe(`waiver-${number}-W1.pdf`);
      expect((await pdfText(pdf.bytes)).pages[0]).toContain(number);
      await expect(waiverPdf(store, number, 'W9')).rejects.toThrow(`case ${number} has no waiver W9 (its waivers: W1)`);
      await expect(waiverPdf(store, 'C-404')).rejects.toThrow(WaiverPdfError);
      await expect(completeWaiver(store, { ...args, validTo: '2026-12-06T00:00:00-05:00' })).rejects.toThrow('Valid until: the validity ends before it starts');
    } finally {
      store.close();
    }
  });
});
