// `casedesk checklist`, `casedesk waiver pdf` and `casedesk equipment log`, as a person or a
// script runs them: the JSON they print, the refusals (exit 1, with what is missing), and nothing
// written when something is wrong.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { completeWaiver } from '../../../electron/core/diagnostics/waiver-signing';
import { applyMutation } from '../../../electron/core/store/apply-mutation';
import { CaseStore } from '../../../electron/core/store/case-store';
import { casedesk, repoRoot, tempFiles } from '../../support/run-casedesk';
import { pdfText } from '../../support/pdf-text';

let dir: string;
let db: string;
let number: string;
const iso = (ms: number) => new Date(ms).toISOString();
const outboxLength = () => {
  const store = CaseStore.open(db, { readonly: true });
  try {
    return store.outbox().length;
  } finally {
    store.close();
  }
};

beforeAll(async () => {
  dir = tempFiles({});
  db = join(dir, 'cases.db');
  expect(casedesk('import', join(repoRoot, 'docs/examples/cases.json'), '--db', db).status).toBe(0);
  const store = CaseStore.open(db);
  try {
    number = store.getCase('C-1002')!.number;
  } finally {
    store.close();
  }
});

async function signWaiver(systems: string[]): Promise<void> {
  const store = CaseStore.open(db);
  try {
    const now = Date.now();
    const args = await completeWaiver(store, {
      caseId: 'C-1002', at: iso(now - 60_000), author: 'Dana Ruiz', waiver: 'W1',
      signatory: { name: 'Sam Ortiz', title: 'IT manager', company: 'Northwind Traders', email: 'sam@northwind.example' },
      systems, changes: 'Raise the spam threshold', validFrom: iso(now - 3_600_000), validTo: iso(now + 86_400_000), signature: { kind: 'typed', name: 'Sam Ortiz' },
    });
    applyMutation(store, 'signWaiver', args);
  } finally {
    store.close();
  }
}

describe('casedesk checklist', () => {
  it("prints the case's steps from its policy, each to do, and the progress", () => {
    const r = casedesk('checklist', number, '--db', db);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { caseId: string; progress: string; steps: { id: string; state: string }[] };
    expect(out.caseId).toBe('C-1002');
    expect(out.progress).toBe('0/6');
    expect(out.steps.map((s) => s.id)).toEqual(['configuration', 'versions', 'symptoms', 'topology', 'evidence', 'changes']);
    expect(casedesk('checklist', 'C-404', '--db', db)).toMatchObject({ status: 1, stderr: expect.stringContaining('no case "C-404"') });
  });
});

describe('casedesk equipment log and casedesk waiver pdf', () => {
  it('refuse without a waiver, saying what is missing, and write nothing', () => {
    const before = outboxLength();
    const r = casedesk('equipment', 'log', 'C-1002', '--db', db, '--system', 'mx1.northwind.example', '--change', 'Raised the threshold');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('access to mx1.northwind.example refused: no modification waiver is signed on this case');
    const out = join(dir, 'none.pdf');
    const pdf = casedesk('waiver', 'pdf', 'C-1002', '--db', db, '--out', out);
    expect(pdf.status).toBe(1);
    expect(pdf.stderr).toContain(`case ${number} has no signed waiver`);
    expect(existsSync(out)).toBe(false);
    expect(casedesk('waiver', 'pdf', 'C-1002', '--db', db).status).not.toBe(0);
    expect(outboxLength()).toBe(before);
  });

  it('record an access the waiver covers, refuse another system, and write the waiver as the PDF signed', async () => {
    await signWaiver(['mx1.northwind.example']);
    const ok = casedesk('equipment', 'log', number, '--db', db, '--system', 'MX1.northwind.example', '--change', 'Raised the threshold to 6', '--as', 'Dana Ruiz');
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ caseId: 'C-1002', number, system: 'MX1.northwind.example', waiver: 'W1' });
    const other = casedesk('equipment', 'log', number, '--db', db, '--system', 'db1.northwind.example', '--change', 'Vacuumed');
    expect(other.status).toBe(1);
    expect(other.stderr).toContain("no signed waiver covers db1.northwind.example (the case's waivers cover mx1.northwind.example)");

    const file = join(dir, 'waiver.pdf');
    const r = casedesk('waiver', 'pdf', number, '--db', db, '--out', file);
    expect(r.status).toBe(0);
    const printed = JSON.parse(r.stdout) as { waiver: string; sha256: string; size: number };
    const bytes = readFileSync(file);
    expect(printed).toMatchObject({ waiver: 'W1', size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    const text = (await pdfText(bytes)).pages.join(' ');
    for (const words of [number, 'Sam Ortiz, IT manager, Northwind Traders', 'mx1.northwind.example']) expect(text).toContain(words);
    expect(casedesk('waiver', 'pdf', number, '--db', db, '--out', join(dir, 'w9.pdf'), '--waiver', 'W9')).toMatchObject({
      status: 1, stderr: expect.stringContaining(`case ${number} has no waiver W9 (its waivers: W1)`),
    });
  });
});
