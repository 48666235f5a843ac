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
