// Files shared through the team's server, in real Chromium through two browser hosts syncing with
// one central server: Ann attaches a log and a screenshot to a case on her desktop; on Bo's, the
// case lists both as on the server, and opening each takes it from there — the log opens in the
// log viewer and searches, the picture shows — byte for byte what Ann attached.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCentralServer, type CentralServer } from '../../server/start-server';
import { asReturningEngineer, launchChromium } from '../support/chromium';
import { exampleCases } from '../support/example-desk';
import { casedesk, tempFiles } from '../support/run-casedesk';
import { onePixelPng } from '../support/sample-files';
import { tempDbPath } from '../support/temp-db';
import { startHost, type RunningHost } from '../support/web-host-process';

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');
let server: CentralServer;
let browser: Browser;
const hosts: RunningHost[] = [];
let ann: Page;
let bo: Page;
let dir: string;
const problems: string[] = [];

async function desk(name: string, token: string, db: string): Promise<Page> {
  const host = await startHost(db, { args: ['--server', server.url], env: { CASEDESK_TOKEN: token } });
  hosts.push(host);
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await asReturningEngineer(page, name);
  page.setDefaultTimeout(8000);
  page.on('console', (m) => m.type() === 'error' && problems.push(`${name}: console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`${name}: page error: ${e.message}`));
  await page.goto(host.url);
  for (let tries = 0; !/^Online · synced/.test((await page.locator('.sync-state').textContent()) ?? ''); tries++) {
    if (tries > 150) throw new Error(`${name}'s desktop did not get in sync with the server`);
    await page.waitForTimeout(100);
  }
  return page;
}

async function openCase(page: Page, company: string) {
  await page.getByLabel('Search cases').fill(company);
  await expect.poll(() => page.locator('.grid-body [role="row"] .col-company').allTextContents(), { timeout: 15_000 }).toEqual([company]);
  await page.locator('.grid-body [role="row"]').first().click();
  await page.locator('aside[role="dialog"] .attachments').waitFor();
  return page.locator('aside[role="dialog"]');
}

beforeAll(async () => {
  server = await startCentralServer({ sqlite: tempDbPath('central.db'), port: 0 });
  const annToken = (await server.store.addUser('Ann Lee', 'engineer')).token;
  const boToken = (await server.store.addUser('Bo Chen', 'engineer')).token;
  dir = tempFiles({ 'cases.json': { format: 'casedesk.cases/1', cases: exampleCases() } });
  writeFileSync(join(dir, 'smtp.log'), Array.from({ length: 50_000 }, (_, i) => `2010-11-29 09:00:00 ${i % 500 === 3 ? 'ERROR' : 'INFO'} smtp[${i + 1}]: relay ${i + 1}`).join('\n') + '\n');
  writeFileSync(join(dir, 'queue.png'), onePixelPng);
  const annDb = join(dir, 'ann.db');
  expect(casedesk('import', join(dir, 'cases.json'), '--db', annDb).status).toBe(0);
  browser = await launchChromium();
  ann = await desk('Ann Lee', annToken, annDb);
  bo = await desk('Bo Chen', boToken, join(dir, 'bo.db'));
}, 90_000);

afterAll(async () => {
  await browser?.close();
  for (const host of hosts) await host.stop();
  await server?.close();
});

describe('files shared through the team server, in Chromium', () => {
  it('sends what Ann attaches to the server once her desktop syncs', async () => {
    const ws = await openCase(ann, 'Northwind Mail');
    await ws.getByLabel('Files to attach').setInputFiles([join(dir, 'smtp.log'), join(dir, 'queue.png')]);
    await expect.poll(() => ws.locator('.attachments .files .name').allTextContents()).toEqual(['smtp.log', 'queue.png']);
    // Both files reach the server's folder, byte for byte.
    const held = () => (existsSync(join(server.filesRoot, 'sha256')) ? readdirSync(join(server.filesRoot, 'sha256')).flatMap((prefix) => readdirSync(join(server.filesRoot, 'sha256', prefix))).sort() : []);
    await expect.poll(held, { timeout: 15_000 }).toEqual([sha(readFileSync(join(dir, 'smtp.log'))), sha(onePixelPng)].sort());
  });

  it('lists them on Bo’s desktop as on the server, and opening each takes it from there', async () => {
    const ws = await openCase(bo, 'Northwind Mail');
    await expect.poll(() => ws.locator('.attachments .files .name').allTextContents(), { timeout: 15_000 }).toEqual(['smtp.log', 'queue.png']);
    const row = (name: string) => ws.locator('.attachments .files li', { hasText: name });
    expect(await row('smtp.log').locator('.on-server').textContent()).toContain('on the server');
    await row('smtp.log').getByRole('button', { name: 'Open as log' }).click();
    const viewer = ws.getByRole('region', { name: 'Log viewer: smtp.log' });
    await expect.poll(() => viewer.getByRole('status', { name: 'Lines' }).textContent(), { timeout: 20_000 }).toBe('50,000 lines');
    expect(await row('smtp.log').locator('.on-server').count()).toBe(0);
    await viewer.getByLabel('Search the log').fill('ERROR');
    await viewer.getByLabel('Search the log').press('Enter');
    await expect.poll(() => viewer.getByRole('status', { name: 'Search status' }).textContent()).toBe('100 matching lines');

    await row('queue.png').getByRole('button', { name: 'Show' }).click();
    const img = row('queue.png').locator('.preview img');
    await expect.poll(() => img.evaluate((el: { complete: boolean; naturalWidth: number }) => el.complete && el.naturalWidth), { timeout: 15_000 }).toBe(1);
  });

  it('logged no console errors or page errors', () => {
    expect(problems).toEqual([]);
  });
});
