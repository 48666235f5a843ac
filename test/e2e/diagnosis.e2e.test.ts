// The diagnosis in real Chromium, through the browser host: a checklist step done, two servers
// added, a waiver signed on the pad (pointer strokes on the canvas), its PDF downloaded and read
// back, then an access to customer equipment logged on the covered system and refused on another,
// with the offer to start a waiver for it.
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openExampleDesk, type ExampleDesk } from '../support/example-desk';
import { pdfText } from '../support/pdf-text';

let desk: ExampleDesk;
let page: Page;
const loggedAt = new Date(Date.now() - 3_600_000).toISOString();

beforeAll(async () => {
  desk = await openExampleDesk({
    cases: [{ id: 'C-1', type: 'problem', channel: 'phone', severity: 1, loggedAt, company: 'Contoso Bank', contractId: 'CT-7781', summary: 'All mail deferred' }],
    page: { viewport: { width: 1400, height: 1000 }, acceptDownloads: true },
  });
  ({ page } = desk);
  page.setDefaultTimeout(8000);
  await page.locator('.grid-body [role="row"]').first().click();
  await diagnosis().waitFor();
}, 60_000);

afterAll(() => desk?.stop());

const ws = () => page.locator('aside[role="dialog"]');
const diagnosis = () => ws().getByRole('region', { name: 'Diagnosis' });
const waiver = () => ws().getByRole('region', { name: 'Modification waiver' });

describe('the diagnosis, in Chromium', () => {
  it('works the checklist and records the servers', async () => {
    const symptoms = diagnosis().getByRole('listitem').filter({ has: page.locator('.step-name', { hasText: 'Document initial symptoms and impacts' }) });
    expect(await symptoms.locator('.step-state').textContent()).toBe('to do');
    await symptoms.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => diagnosis().getByLabel('1 of 6 steps settled').count()).toBe(1);
    expect(await symptoms.locator('.step-state').textContent()).toBe('done');
    const servers = ws().getByRole('region', { name: 'Servers' });
    for (const [host, version] of [['mx1.contoso.example', '7.2'], ['old-gw', '5.1']] as const) {
      await servers.getByRole('button', { name: 'Add server…' }).click();
      const form = servers.getByRole('form', { name: 'Add server' });
      await form.getByLabel(/^Host name/).fill(host);
      await form.getByLabel('Product').fill('Xecuritas Gateway');
      await form.getByLabel('Version').fill(version);
      await form.getByRole('button', { name: 'Add' }).click();
      await expect.poll(() => servers.locator('tbody tr', { hasText: host }).count()).toBe(1);
    }
  });

  it('signs a waiver on the pad and downloads its PDF, which holds what was signed', async () => {
    await waiver().getByRole('button', { name: 'Sign waiver…' }).click();
    const form = waiver().getByRole('form', { name: 'Sign waiver' });
    await form.getByLabel('Name', { exact: true }).fill('Sam Ortiz');
    await form.getByLabel('Title').fill('Head of IT');
    await form.getByLabel('Email').fill('sam@contoso.example');
    await form.getByLabel('mx1.contoso.example').check();
    await form.getByLabel('Changes permitted').fill('Raise the inbound spam threshold');
    const pad = await form.getByRole('img', { name: 'Signature pad: sign here' }).boundingBox();
    await page.mouse.move(pad!.x + 20, pad!.y + 100);
    await page.mouse.down();
    for (const [x, y] of [[60, 40], [100, 110], [140, 30], [200, 90]]) await page.mouse.move(pad!.x + x!, pad!.y + y!, { steps: 5 });
    await page.mouse.up();
    await form.getByRole('button', { name: 'Sign' }).click();
    const listed = waiver().getByRole('listitem', { name: /^Waiver W-/ });
    await expect.poll(() => listed.textContent()).toMatch(/Sam Ortiz, Head of IT \(Contoso Bank\) · mx1\.contoso\.example · valid .* in force/);

    const [download] = await Promise.all([page.waitForEvent('download'), listed.getByRole('button', { name: 'PDF' }).click()]);
    const file = join(desk.dir, 'waiver.pdf');
    await download.saveAs(file);
    expect(download.suggestedFilename()).toMatch(/^waiver-.+-W-[0-9a-f]{8}\.pdf$/);
    const text = (await pdfText(readFileSync(file))).pages.join(' ');
    const number = (await ws().locator('header h2').textContent())!.split(' · ')[0]!;
    for (const words of [number, 'Contoso Bank — contract CT-7781', 'Sam Ortiz, Head of IT', 'mx1.contoso.example', 'Drawn by Sam Ortiz']) expect(text).toContain(words);
  });

  it('logs a configuration change on the covered system, and refuses another with the offer to start a waiver', async () => {
    await waiver().getByRole('button', { name: 'Log equipment access…' }).click();
    let form = waiver().getByRole('form', { name: 'Log equipment access' });
    await form.getByLabel('System').fill('mx1.contoso.example');
    await form.getByLabel('What was changed').fill('Threshold 5 → 6');
    await form.getByRole('button', { name: 'Log access' }).click();
    await expect.poll(() => waiver().getByRole('list', { name: 'Accesses to customer equipment' }).textContent()).toContain('mx1.contoso.example: Threshold 5 → 6');

    await waiver().getByRole('button', { name: 'Log equipment access…' }).click();
    form = waiver().getByRole('form', { name: 'Log equipment access' });
    await form.getByLabel('System').fill('old-gw');
    await form.getByLabel('What was changed').fill('Restarted the filter');
    await form.getByRole('button', { name: 'Log access' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toContain('no signed waiver covers old-gw');
    await form.getByRole('button', { name: 'Start a waiver for old-gw…' }).click();
    expect(await waiver().getByRole('form', { name: 'Sign waiver' }).getByLabel('old-gw').isChecked()).toBe(true);
    expect(desk.problems).toEqual([]);
  });
});
