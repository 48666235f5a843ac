// Debian's Chromium (/usr/bin/chromium), headless and quiet, as every browser test drives it.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
}

/**
 * The page is a returning engineer's: Casedesk already knows their name (as after the first-start
 * question), for tests about something else. A test of the first start itself does not call it.
 */
export async function asReturningEngineer(target: Page | BrowserContext, name = 'Test Engineer'): Promise<void> {
  // (A string, run in the page: the tests' own TypeScript has no DOM.)
  await target.addInitScript(`if (!localStorage.getItem('casedesk.me')) localStorage.setItem('casedesk.me', ${JSON.stringify(name)});`);
}

/** The online form filled in as Tailspin Toys' Sam reports a Severity-1 outage, and sent: resolves to when it was sent. */
export async function sendTailspinOutage(customer: Page): Promise<number> {
  const answers: Record<string, string> = {
    Company: 'Tailspin Toys', 'Service contract ID': 'TT-1002', 'Your name': 'Sam Okafor', Email: 'sam@tailspin.example', Phone: '+44 20 7946 0958',
    Product: 'Mail Security Gateway', 'Software version': '7.1.4', Hardware: 'XG-200 appliance', 'Operating system': 'XecOS 5',
    Summary: 'No mail delivered since 09:00', Symptoms: 'Every user: nothing arrives, nothing leaves.', 'How to make it happen again': 'Any mail.',
  };
  for (const [label, value] of Object.entries(answers)) await customer.getByLabel(label, { exact: true }).fill(value);
  await customer.getByRole('radio', { name: /^Functional/ }).check();
  await customer.getByRole('radio', { name: /^Severity-1/ }).check();
  const sent = Date.now();
  await Promise.all([customer.waitForNavigation(), customer.getByRole('button', { name: 'Open the case' }).click()]);
  return sent;
}
