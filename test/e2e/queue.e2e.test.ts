// The case queue in real Chromium, through the browser host: what an engineer sees and does.
import { mkdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { casedesk, repoRoot, tempFiles } from '../support/run-casedesk';
import { startHost, type RunningHost } from '../support/web-host-process';
import { asReturningEngineer, launchChromium } from '../support/chromium';

const artifacts = join(repoRoot, 'test/artifacts');
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

let host: RunningHost;
let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  const now = Date.now();
  const cases = [
    ...JSON.parse(readFileSync(join(repoRoot, 'docs/examples/cases.json'), 'utf8')).cases,
    // Live cases: a Severity-1 outage reported 10 minutes ago, a Severity-2 one an hour ago.
    { id: 'LIVE-1', severity: 1, type: 'problem', channel: 'online', loggedAt: iso(now - 10 * 60_000), company: 'Woodgrove', summary: 'Mail flow stopped', engineer: 'Dana Ruiz' },
    { id: 'LIVE-2', severity: 2, type: 'problem', channel: 'phone', loggedAt: iso(now - 60 * 60_000), company: 'Litware', summary: 'Slow quarantine search', engineer: 'Lee Chen' },
  ];
  const dir = tempFiles({ 'cases.json': { format: 'casedesk.cases/1', cases } });
  const db = join(dir, 'cases.db');
  expect(casedesk('import', join(dir, 'cases.json'), '--db', db).status).toBe(0);
  host = await startHost(db);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
  await asReturningEngineer(page);
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`failed request: ${r.url()}`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
  await page.goto(host.url);
  mkdirSync(artifacts, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

const companies = () => page.locator('.grid-body [role="row"] .col-company').allTextContents();

describe('the case queue in Chromium', () => {
  it('opens on the open cases, most urgent first, and keeps the key out of the address bar', async () => {
    await expect.poll(() => page.locator('.total').textContent()).toBe('5 cases');
    // The longest-breached first (a Severity-1 resolution of 2010), then what breaches next.
    expect(await companies()).toEqual(['Contoso Bank', 'Woodgrove', 'Litware', 'Northwind Mail', 'Fabrikam']);
    expect(page.url()).toBe(`${host.origin}/`);
    await page.screenshot({ path: join(artifacts, 'queue-open.png') });
  });

  it('shows the clocks counting down', async () => {
    const sev1 = page.locator('.grid-body [role="row"]').filter({ hasText: 'Woodgrove' }).locator('.col-response');
    const first = await sev1.textContent();
    expect(first).toMatch(/^due in 4\dm \d\ds$/);
    await expect.poll(() => sev1.textContent(), { timeout: 5000 }).not.toBe(first);
    expect(await sev1.locator('.clock').getAttribute('class')).toBe('clock clock-due-soon');
  });

  it('counts every saved view and switches between them', async () => {
    await expect.poll(() => page.getByRole('button', { name: /^All/ }).textContent()).toBe('All 6');
    await page.getByRole('button', { name: /^Severity 1/ }).click();
    await expect.poll(companies).toEqual(['Contoso Bank', 'Woodgrove']);
    await page.getByRole('button', { name: /^All/ }).click();
    await expect.poll(() => page.locator('.total').textContent()).toBe('6 cases');
  });

  it('sorts by a column, both ways', async () => {
    await page.getByRole('columnheader', { name: /Company/ }).click();
    await expect.poll(companies).toEqual(['Contoso Bank', 'Fabrikam', 'Fabrikam', 'Litware', 'Northwind Mail', 'Woodgrove']);
    await page.getByRole('columnheader', { name: /Company/ }).click();
    await expect.poll(companies).toEqual(['Woodgrove', 'Northwind Mail', 'Litware', 'Fabrikam', 'Fabrikam', 'Contoso Bank']);
    await page.screenshot({ path: join(artifacts, 'queue-sorted.png') });
  });

  it('filters by severity and by clock state', async () => {
    await page.getByLabel('Severity').selectOption('2');
    await expect.poll(companies).toEqual(['Northwind Mail', 'Litware']);
    await page.getByLabel('Severity').selectOption('');
    await page.getByLabel('Clock').selectOption('breached');
    await expect.poll(companies).toEqual(['Contoso Bank']);
    await page.getByLabel('Clock').selectOption('');
  });

  it('finds a closed case from any view with / search', async () => {
    await page.getByRole('button', { name: /^Open/ }).click();
    await page.locator('.app-header h1').click();
    await page.keyboard.press('/');
    // (A string, evaluated in the page: the tests' own TypeScript has no DOM.)
    expect(await page.evaluate('document.activeElement.getAttribute("aria-label")')).toBe('Search cases');
    await page.keyboard.type('northwind');
    await expect.poll(companies).toEqual(['Northwind Mail']);
    await expect.poll(() => page.locator('.total').textContent()).toBe('1 case found in all cases');
    await page.screenshot({ path: join(artifacts, 'queue-search.png') });
    await page.getByLabel('Search cases').fill('');
  });

  it('moves with the arrows and opens a case with Enter, read-only', async () => {
    await expect.poll(() => page.locator('.total').textContent()).toBe('5 cases');
    await expect.poll(companies).toEqual(['Woodgrove', 'Northwind Mail', 'Litware', 'Fabrikam', 'Contoso Bank']); // still sorted by company, descending
    await page.locator('.app-header h1').click();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('.grid-row.selected .col-company').textContent()).toBe('Litware');
    // j and k move as the arrows do (as in mail tools); typed in the search box they are letters.
    await page.keyboard.press('j');
    expect(await page.locator('.grid-row.selected .col-company').textContent()).toBe('Fabrikam');
    await page.keyboard.press('k');
    expect(await page.locator('.grid-row.selected .col-company').textContent()).toBe('Litware');
    await page.keyboard.press('Enter');
    const details = page.getByRole('dialog');
    await expect.poll(() => details.textContent()).toContain('Response clock of case LIVE-2');
    expect(await details.textContent()).toContain('Slow quarantine search');
    await page.screenshot({ path: join(artifacts, 'queue-details.png') });
    await page.keyboard.press('Escape');
    await expect.poll(() => details.count()).toBe(0);
  });

  it('starts a new case with n, and shows it in the queue at once', async () => {
    await page.locator('.app-header h1').click();
    await page.keyboard.press('n');
    const dialog = page.getByRole('dialog', { name: 'New case' });
    await dialog.getByLabel('Severity').selectOption('1');
    await dialog.getByLabel('Company').fill('Tailspin');
    await dialog.getByLabel('Summary').fill('Outbound mail bouncing');
    await page.screenshot({ path: join(artifacts, 'queue-new-case.png') });
    await dialog.getByRole('button', { name: 'Create case' }).click();
    await expect.poll(() => page.locator('.toast').textContent()).toMatch(/^Case [0-9A-Z]{3}-7 created$/);
    // The new case opens at once, to be worked.
    const number = (await page.locator('.toast').textContent())!.split(' ')[1]!;
    const workspace = page.getByRole('dialog', { name: `Case ${number}` });
    await expect.poll(() => workspace.count()).toBe(1);
    // The letter asks the customer only what they know, and the engineer may edit it before it goes.
    await workspace.getByRole('button', { name: 'Request missing information' }).click();
    const letter = workspace.getByLabel('Message to the customer');
    const text = await letter.inputValue();
    expect(text).toContain('  - symptoms');
    expect(text).not.toContain('initial recommendation');
    expect(text).not.toContain('engineer handling the issue');
    await letter.fill(`${text}\nP.S. A log file would help too.`);
    await workspace.getByRole('button', { name: 'Undo my edits' }).click();
    expect(await letter.inputValue()).toBe(text);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await expect.poll(() => page.locator('.total').textContent()).toBe('6 cases');
    expect(await companies()).toContain('Tailspin');
  });

  it('offers a visible New case button beside its shortcut', async () => {
    const button = page.getByRole('button', { name: 'New case' });
    expect(await button.getAttribute('aria-keyshortcuts')).toBe('n');
    await button.click();
    await expect.poll(() => page.getByRole('dialog', { name: 'New case' }).count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
  });

  it('keeps Enter on a focused button for that button, and Esc closes the new-case dialog', async () => {
    await page.getByRole('button', { name: /^Severity 1/ }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await companies()).sort()).toEqual(['Contoso Bank', 'Tailspin', 'Woodgrove']);
    expect(await page.getByRole('dialog').count()).toBe(0);
    await page.locator('.app-header h1').click();
    await page.keyboard.press('n');
    await page.locator('.dialog-backdrop').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
  });

  it('fills "My cases" once the engineer says who they are', async () => {
    await page.getByLabel('Your name').fill('Dana Ruiz');
    await expect.poll(() => page.getByRole('button', { name: /^My cases/ }).textContent()).toBe('My cases 2');
    await page.getByRole('button', { name: /^My cases/ }).click();
    await expect.poll(companies).toEqual(['Woodgrove', 'Northwind Mail']);
    await page.getByLabel('Status').selectOption('awaiting-customer');
    await expect.poll(companies).toEqual(['Northwind Mail']);
    await page.getByLabel('Status').selectOption('');
  });

  it('works a case in its workspace: contact, refused close, resolve, close with agreement, reopen', async () => {
    await page.getByLabel('Search cases').fill('Woodgrove');
    await expect.poll(companies).toEqual(['Woodgrove']);
    await page.locator('.app-header h1').click();
    await page.keyboard.press('Enter');
    const ws = page.getByRole('dialog');
    const clocks = ws.getByRole('region', { name: 'SLA clocks' });
    await expect.poll(() => clocks.textContent()).toMatch(/Response: due in \d+m/);
    const act = async (label: string, fill: Record<string, string> = {}) => {
      await ws.getByRole('navigation', { name: 'Actions' }).getByRole('button', { name: label, exact: true }).click();
      const form = ws.getByRole('form', { name: label });
      for (const [field, value] of Object.entries(fill)) {
        const input = form.getByLabel(field);
        if (['How', 'New status', 'New severity', 'To'].includes(field)) await input.selectOption(value);
        else await input.fill(value);
      }
      await form.getByRole('button', { name: label }).click();
    };
    /** Resolving and closing with fields still missing ask first: say yes. */
    const confirm = (button: string) => ws.getByRole('alertdialog').getByRole('button', { name: button }).click();
    await act('Log contact', { How: 'email', Note: 'mailed the customer' });
    await expect.poll(() => clocks.textContent()).toMatch(/Response: due in/); // Severity 1 answers by phone only
    await ws.getByRole('button', { name: /^Undo contact/ }).click(); // a mistaken click, undone
    await expect.poll(() => ws.locator('.timeline .retracted').count()).toBe(1);
    await act('Log contact', { How: 'phone', Note: 'called the customer' });
    await expect.poll(() => clocks.textContent()).toMatch(/Response: met/);
    await act('Escalate', { To: 'account-manager', Reason: 'customer asked for a call back' });
    await expect.poll(() => ws.locator('.timeline').textContent()).toContain('escalation · account-manager');
    // Not offered before the case is resolved: disabled, the reason on hover.
    const close = ws.getByRole('navigation', { name: 'Actions' }).getByRole('button', { name: 'Close', exact: true });
    expect(await close.getAttribute('aria-disabled')).toBe('true');
    expect(await close.getAttribute('title')).toMatch(/is new: resolve it first/);
    await act('Status', { 'New status': 'resolved', Reason: 'restarted the MTA' });
    await confirm('Resolve anyway');
    await expect.poll(() => ws.locator('.status').textContent()).toContain('resolved');
    await act('Close', { 'Agreed by (customer)': 'Sam Lee', How: 'phone' });
    await confirm('Close anyway');
    await expect.poll(() => ws.locator('.status').textContent()).toContain('closed');
    await expect.poll(() => ws.locator('.timeline').textContent()).toContain('agreed by Sam Lee (phone)');
    await page.screenshot({ path: join(artifacts, 'workspace-closed.png') });
    await act('Reopen', { Reason: 'mail stopped again' });
    await expect.poll(() => ws.locator('.status').textContent()).toContain('in-progress');
    await ws.getByLabel('Contract ID').fill('XS-7788');
    await ws.getByLabel('Product').click(); // leaving the field saves it
    await expect.poll(() => ws.locator('.timeline').textContent()).toContain('reason: mail stopped again');
    await expect.poll(async () => (await ws.locator('.missing').textContent()) ?? '').not.toContain('service contract ID');
    await page.screenshot({ path: join(artifacts, 'workspace.png') });
    // Request missing information (m): the message lists what is missing; recording it waits for the customer.
    await ws.locator('h2').click();
    await page.keyboard.press('m');
    const message = ws.getByLabel('Message to the customer');
    await expect.poll(() => message.inputValue()).toContain('  - name of the customer contact');
    await ws.getByRole('button', { name: 'Record request and await the customer' }).click();
    await expect.poll(() => ws.locator('.status').textContent()).toContain('awaiting-customer');
    await expect.poll(() => ws.locator('.autoclose').textContent()).toMatch(/^Closes by itself .+ unless the customer answers/);
    await page.screenshot({ path: join(artifacts, 'workspace-awaiting.png') });
    // The shortcuts are listed by ?.
    await page.keyboard.press('?');
    await expect.poll(() => page.getByRole('dialog', { name: 'Keyboard shortcuts' }).textContent()).toContain('request missing information');
    await page.keyboard.press('?');
    await page.keyboard.press('Escape');
    await page.getByLabel('Search cases').fill('');
  });

  it('logged no console errors, CSP violations or failed requests', () => {
    expect(problems.join('\n')).toBe('');
  });
});

describe('the browser host API', () => {
  const call = (init: RequestInit & { path?: string }) =>
    fetch(`${host.origin}${init.path ?? '/api/queue:counts'}`, { method: 'POST', body: '{}', ...init });

  it('answers the page that carries the key, from its own origin', async () => {
    const r = await call({ headers: { 'Content-Type': 'application/json', Origin: host.origin, Authorization: `Bearer ${host.key}` } });
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ ok: true, value: { open: 6, all: 7, sev1: 3 } });
  });

  it('refuses a request without the key, from another origin, or for another host name', async () => {
    expect((await call({ headers: { 'Content-Type': 'application/json', Origin: host.origin } })).status).toBe(401);
    expect((await call({ headers: { 'Content-Type': 'application/json', Origin: 'http://evil.example', Authorization: `Bearer ${host.key}` } })).status).toBe(403);
    const rebinding = await new Promise<number>((done) => {
      const req = request(`${host.origin}/api/queue:counts`, { method: 'POST', headers: { Host: 'evil.example', Origin: 'http://evil.example' } }, (res) => done(res.statusCode ?? 0));
      req.end('{}');
    });
    expect(rebinding).toBe(421);
  });

  it('says what is wrong with a bad request', async () => {
    const r = await call({
      path: '/api/queue:page',
      body: JSON.stringify({ limit: 100000 }),
      headers: { 'Content-Type': 'application/json', Origin: host.origin, Authorization: `Bearer ${host.key}` },
    });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ ok: false, error: expect.stringMatching(/^queue:page: limit/), kind: 'request' });
  });

  it('answers an oversized request and a malformed channel name with a clear error', async () => {
    const headers = { 'Content-Type': 'application/json', Origin: host.origin, Authorization: `Bearer ${host.key}` };
    const big = await call({ path: '/api/queue:page', headers, body: JSON.stringify({ text: 'x'.repeat(2 << 20) }) });
    expect(big.status).toBe(413);
    const odd = await call({ path: '/api/%E0%A4%A', headers });
    expect(odd.status).toBe(400);
  });

  it('serves no file outside the UI', async () => {
    const r = await fetch(`${host.origin}/..%2f..%2fpackage.json`);
    expect(r.status).toBe(404);
  });
});
