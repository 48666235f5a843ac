// The diagnosis in real Chromium, through the browser host syncing with the team's server: a
// checklist step done, two servers added (one on a discontinued version, flagged), a waiver signed
// on the pad (pointer strokes on the canvas), its PDF downloaded and read back, then an access to
// customer equipment logged on the covered system and refused on another, with the offer to start
// a waiver for it — and a second desktop synced to the same server sees all of it.
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCentralServer, type CentralServer } from '../../server/start-server';
import { openExampleDesk, type ExampleDesk } from '../support/example-desk';
import { tempDbPath } from '../support/temp-db';
import { pdfText } from '../support/pdf-text';

let server: CentralServer;
let desk: ExampleDesk;
let page: Page;
let second: ExampleDesk | undefined;
const loggedAt = new Date(Date.now() - 3_600_000).toISOString();

beforeAll(async () => {
  server = await startCentralServer({ sqlite: tempDbPath('central.db'), port: 0 });
  const { token } = await server.store.addUser('Dana Ruiz', 'engineer');
  desk = await openExampleDesk({
    cases: [{ id: 'C-1', type: 'problem', channel: 'phone', severity: 1, loggedAt, company: 'Contoso Bank', contractId: 'CT-7781', summary: 'All mail deferred' }],
    page: { viewport: { width: 1400, height: 1000 }, acceptDownloads: true },
    host: { args: ['--server', server.url], env: { CASEDESK_TOKEN: token } },
  });
  ({ page } = desk);
  page.setDefaultTimeout(8000);
  await page.locator('.grid-body [role="row"]').first().click();
  await diagnosis().waitFor();
}, 60_000);

afterAll(async () => {
  await second?.stop();
  await desk?.stop();
  await server?.close();
});

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
    // The catalogue in force (the one Casedesk ships with) has the Gateway's 5.x discontinued.
    const old = servers.locator('tbody tr', { hasText: 'old-gw' });
    expect(await old.getAttribute('class')).toContain('flagged');
    expect(await old.textContent()).toContain('Xecuritas Gateway 5.1 is discontinued: the support policy does not cover it');
    expect((await servers.locator('tbody tr', { hasText: 'mx1.contoso.example' }).getAttribute('class')) ?? '').not.toContain('flagged');
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

  it('shows all of it on a second desktop synced to the same server', async () => {
    await expect.poll(() => page.locator('.sync-state').textContent(), { timeout: 10_000 }).toMatch(/^Online · synced/);
    const { token } = await server.store.addUser('Lee Chen', 'engineer');
    second = await openExampleDesk({ cases: [], page: { viewport: { width: 1400, height: 1000 } }, host: { args: ['--server', server.url], env: { CASEDESK_TOKEN: token } } });
    const other = second.page;
    other.setDefaultTimeout(8000);
    await expect.poll(() => other.locator('.grid-body [role="row"] .col-company').allTextContents(), { timeout: 10_000 }).toContain('Contoso Bank');
    await other.locator('.grid-body [role="row"]', { hasText: 'Contoso Bank' }).click();
    const there = other.locator('aside[role="dialog"]').getByRole('region', { name: 'Diagnosis' });
    await expect.poll(() => there.getByLabel('1 of 6 steps settled').count(), { timeout: 10_000 }).toBe(1);
    const symptoms = there.getByRole('listitem').filter({ has: other.locator('.step-name', { hasText: 'Document initial symptoms and impacts' }) });
    expect(await symptoms.textContent()).toContain('Dana Ruiz');
    const servers = there.getByRole('region', { name: 'Servers' });
    expect(await servers.locator('tbody tr', { hasText: 'old-gw' }).getAttribute('class')).toContain('flagged');
    const signed = there.getByRole('region', { name: 'Modification waiver' });
    expect(await signed.getByRole('listitem', { name: /^Waiver W-/ }).textContent()).toMatch(/Sam Ortiz, Head of IT \(Contoso Bank\) · mx1\.contoso\.example · valid .* in force/);
    expect(await signed.getByRole('list', { name: 'Accesses to customer equipment' }).textContent()).toContain('mx1.contoso.example: Threshold 5 → 6');
    expect(second.problems).toEqual([]);
  });
});
