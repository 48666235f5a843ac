// The whole story in real Chromium: a customer opens a Severity-1 case on the online form; the
// on-call engineer's Casedesk (the browser host, syncing with the team's server) shows the page
// within 2 seconds, the case is in the queue, and the engineer opens it from the page banner.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCentralServer, type CentralServer } from '../../server/start-server';
import { measureTexts } from '../support/contrast';
import { sendTailspinOutage } from '../support/chromium';
import { repoRoot, tempFiles } from '../support/run-casedesk';
import { tempDbPath } from '../support/temp-db';
import { startHost, type RunningHost } from '../support/web-host-process';

const artifacts = join(repoRoot, 'test/artifacts');
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let server: CentralServer;
let host: RunningHost;
let context: BrowserContext;
let desk: Page;
let customer: Page;
const problems: string[] = [];

beforeAll(async () => {
  server = await startCentralServer({ sqlite: tempDbPath('central.db'), port: 0 });
  const { token } = await server.store.addUser('Olu Bello', 'on-call');
  host = await startHost(join(tempFiles({}), 'desk.db'), { args: ['--server', server.url], env: { CASEDESK_TOKEN: token } });
  context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'casedesk-chromium-')), { executablePath: '/usr/bin/chromium', args: FLAGS, viewport: { width: 1400, height: 800 }, locale: 'en-US' });
  // A step that cannot happen fails in seconds, naming the step, not at the test's time-out.
  context.setDefaultTimeout(8000);
  desk = context.pages()[0] ?? (await context.newPage());
  desk.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  desk.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  desk.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
  await desk.goto(host.url);
  customer = await context.newPage();
  mkdirSync(artifacts, { recursive: true });
}, 60_000);

afterAll(async () => {
  await context?.close();
  await host?.stop();
  await server?.close();
});

describe('a Severity-1 case opened online, on the on-call engineer’s Casedesk', () => {
  it('shows the desk online and in sync', async () => {
    await expect.poll(() => desk.locator('.sync-state').textContent(), { timeout: 10_000 }).toMatch(/^Online · synced/);
    // Signed in, the engineer is the server's user: changes are made, and My cases found, in that name.
    const me = desk.getByLabel('Your name');
    expect(await me.inputValue()).toBe('Olu Bello');
    expect(await me.getAttribute('readonly')).not.toBeNull();
    await desk.locator('.sync-state').click();
    const dialog = desk.getByRole('dialog', { name: 'Team server' });
    expect(await dialog.textContent()).toContain(`Signed in to ${server.url} as Olu Bello (on-call).`);
    expect(await dialog.textContent()).toContain('the token is kept only until Casedesk closes');
    await desk.screenshot({ path: join(artifacts, 'sync-connect.png') });
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    expect(await dialog.count()).toBe(0);
  });

  it('pages within 2 seconds of the submission; the case is in the queue and opens from the banner', async () => {
    await customer.goto(server.url);
    const sent = await sendTailspinOutage(customer);
    const number = await customer.locator('.number').textContent();
    const banner = desk.locator('.page-banner');
    await banner.waitFor({ timeout: 2000 });
    expect(Date.now() - sent).toBeLessThan(2000 + 1000); // the form's own round trip included
    expect(await banner.textContent()).toContain(`Severity 1 page: case ${number} — Tailspin Toys — No mail delivered since 09:00`);
    await expect.poll(() => desk.locator('.grid-body [role="row"] .col-company').allTextContents(), { timeout: 5000 }).toContain('Tailspin Toys');
    await desk.screenshot({ path: join(artifacts, 'sync-page.png') });
    // Read at 2 a.m. in the dark scheme as in the light: every word of the banner at 4.5:1 or more.
    for (const colorScheme of ['dark', 'light'] as const) {
      await desk.emulateMedia({ colorScheme });
      const texts = await measureTexts(desk, '.page-banner');
      expect(texts.map((t) => t.text)).toEqual(expect.arrayContaining(['Severity 1 page:', 'Open case', 'Dismiss']));
      expect(texts.filter((t) => t.ratio < 4.5)).toEqual([]);
    }
    await banner.getByRole('button', { name: 'Open case' }).click();
    const workspace = desk.getByRole('dialog', { name: `Case ${number}` });
    await workspace.waitFor();
    expect(await workspace.textContent()).toContain('No mail delivered since 09:00');
    await desk.screenshot({ path: join(artifacts, 'sync-page-case.png') });
  });

  it('raised no console error or failed request', () => {
    expect(problems).toEqual([]);
  });
});
