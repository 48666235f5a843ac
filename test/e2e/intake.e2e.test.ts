// The customer's online intake form in real Chromium, served by a real central server: a customer
// fills it in, gets an error next to a field with every answer kept, corrects it, and sends it —
// the case is stored and its number shown, and the strict CSP raises no violation on the way.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instantOrThrow } from '../../shared/time/instant';
import { startCentralServer, type CentralServer } from '../../server/start-server';
import { repoRoot } from '../support/run-casedesk';
import { tempDbPath } from '../support/temp-db';

const artifacts = join(repoRoot, 'test/artifacts');
// A Monday morning in New York: support is open.
const NOW = instantOrThrow('2026-03-02T10:30:00-05:00');

let server: CentralServer;
let context: BrowserContext;
let page: Page;
const problems: string[] = [];
/** Problems the test provokes on purpose, each expected once: the form sent back with a field error. */
const provoked: string[] = [];

function problem(text: string): void {
  const at = provoked.indexOf(text);
  if (at >= 0) provoked.splice(at, 1);
  else problems.push(text);
}

beforeAll(async () => {
  server = await startCentralServer({ sqlite: tempDbPath('central.db'), port: 0, clock: { now: () => NOW } });
  await server.store.addUser('Olu Bello', 'on-call'); // someone to page for a Severity-1 case
  // A fresh profile of its own: no cookie or cache from any other run.
  context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'casedesk-chromium-')), {
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1100, height: 900 },
    locale: 'en-US',
  });
  page = context.pages()[0] ?? (await context.newPage());
  // A CSP violation is reported as a console error ("Refused to apply inline style…").
  page.on('console', (m) => m.type() === 'error' && problem(`console: ${m.text()}`));
  page.on('pageerror', (e) => problem(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problem(`failed request: ${r.url()}`));
  page.on('response', (r) => r.status() >= 400 && problem(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`));
  mkdirSync(artifacts, { recursive: true });
}, 60_000);

afterAll(async () => {
  await context?.close();
  await server?.close();
});

/** A text field by its label, exactly (the severity definitions mention "email" and more). */
const field = (label: string) => page.getByLabel(label, { exact: true });

describe('the online intake form in Chromium', () => {
  it('shows the form with the severities and their definitions', async () => {
    await page.goto(server.url);
    await expect.poll(() => page.title()).toBe('Open a support case · Xecuritas Technical Support');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Open a support case');
    const severity1 = page.getByRole('radio', { name: /^Severity-1/ });
    expect(await severity1.count()).toBe(1);
    expect(await page.locator('label[for="field-severity-2"]').textContent()).toContain('Problem affects a small fraction of the user population');
    await page.screenshot({ path: join(artifacts, 'intake-form.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: join(artifacts, 'intake-form-dark.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('sends the form back with the error next to the field and every answer kept', async () => {
    await field('Company').fill('Woodgrove Bank <Ops>');
    await field('Service contract ID').fill('WG-7781');
    await field('Your name').fill('Ana Lima');
    await field('Email').fill('ana.lima@woodgrove');
    await field('Phone').fill('+1 646 555 0142');
    await field('Product').fill('Mail Security Gateway');
    await field('Software version').fill('7.2.1');
    await field('Hardware').fill('XG-400 appliance');
    await field('Operating system').fill('XecOS 5');
    await field('Summary').fill('Inbound mail delayed by 20 minutes');
    await field('Symptoms').fill('Mail arrives 20 minutes late for everyone.\nThe queue shows "deferred: scanner busy".');
    await page.getByRole('radio', { name: /^Performance/ }).check();
    await field('How to make it happen again').fill('Send a mail from outside; watch the arrival time.');
    await page.getByRole('radio', { name: /^Severity-1/ }).check();
    // The form comes back as 400 Bad Request, which Chromium also notes in the console.
    provoked.push(`HTTP 400: POST ${server.url}/`, 'console: Failed to load resource: the server responded with a status of 400 (Bad Request)');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Open the case' }).click()]);
    expect(await page.locator('.error-summary').textContent()).toContain('Email: Enter an email address like name@example.com.');
    const email = field('Email');
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    expect(await email.inputValue()).toBe('ana.lima@woodgrove');
    expect(await field('Company').inputValue()).toBe('Woodgrove Bank <Ops>');
    expect(await field('Symptoms').inputValue()).toBe('Mail arrives 20 minutes late for everyone.\nThe queue shows "deferred: scanner busy".');
    expect(await page.getByRole('radio', { name: /^Performance/ }).isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: /^Severity-1/ }).isChecked()).toBe(true);
    await page.screenshot({ path: join(artifacts, 'intake-errors.png'), fullPage: true });
  });

  it('opens the case once corrected, and shows its number and what happens next', async () => {
    await field('Email').fill('ana.lima@woodgrove.example');
    await page.getByRole('radio', { name: /^Severity-2/ }).check();
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Open the case' }).click()]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your case is open');
    expect(await page.locator('.number').textContent()).toBe('WEB-1');
    const next = await page.getByRole('region', { name: 'What happens next' }).textContent();
    expect(next).toContain('An engineer will contact you by phone, email, a visit or a remote session within 4–6 support hours, by Mon 2 Mar 2026, 2:30 PM EST');
    expect(await page.locator('dl').textContent()).toContain('Woodgrove Bank <Ops>');
    await page.screenshot({ path: join(artifacts, 'intake-done.png'), fullPage: true });

    const [stored] = await server.store.exportCases();
    expect(stored).toMatchObject({
      severity: 2,
      channel: 'online',
      company: 'Woodgrove Bank <Ops>',
      contact: { name: 'Ana Lima', email: 'ana.lima@woodgrove.example', phone: '+1 646 555 0142' },
      problem: { symptoms: 'Mail arrives 20 minutes late for everyone.\nThe queue shows "deferred: scanner busy".', nature: 'performance' },
    });
  });

  it('opens a Severity-1 case from a phone-sized screen and says which on-call engineer was paged', async () => {
    await page.getByRole('link', { name: 'Open another case' }).click();
    await page.setViewportSize({ width: 400, height: 860 });
    const answers: Record<string, string> = {
      Company: 'Tailspin Toys',
      'Service contract ID': 'TT-1002',
      'Your name': 'Sam Okafor',
      Email: 'sam@tailspin.example',
      Phone: '+44 20 7946 0958',
      Product: 'Mail Security Gateway',
      'Software version': '7.1.4',
      Hardware: 'XG-200 appliance',
      'Operating system': 'XecOS 5',
      Summary: 'No mail delivered since 09:00',
      Symptoms: 'Every user: nothing arrives, nothing leaves.',
      'How to make it happen again': 'Any mail.',
    };
    for (const [label, value] of Object.entries(answers)) await field(label).fill(value);
    await page.getByRole('radio', { name: /^Functional/ }).check();
    await page.getByRole('radio', { name: /^Severity-1/ }).check();
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Open the case' }).click()]);
    expect(await page.locator('.number').textContent()).toBe('WEB-2');
    expect(await page.locator('.urgent').first().textContent()).toBe(
      'We have paged Olu Bello, our on-call engineer. An engineer will phone you on +44 20 7946 0958 within 1 hour, by Mon 2 Mar 2026, 11:30 AM EST. Please keep that phone free and near you.',
    );
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: join(artifacts, 'intake-done-severity-1.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('raised no console error, CSP violation or failed request', () => {
    expect(problems).toEqual([]);
    expect(provoked).toEqual([]);
  });
});
