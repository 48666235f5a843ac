// A desk for a browser test: the example cases (docs/examples/cases.json, or the cases given)
// imported into a fresh database, `casedesk web` on it, Chromium on its page, and every console
// error and page error the page reports collected in `problems`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { expect } from 'vitest';
import { asReturningEngineer, launchChromium } from './chromium';
import { casedesk, repoRoot, tempFiles } from './run-casedesk';
import { startHost, type RunningHost } from './web-host-process';

export interface ExampleDesk {
  host: RunningHost;
  browser: Browser;
  page: Page;
  /** The folder of the cases file and the database (a test may put files of its own there). */
  dir: string;
  problems: string[];
  stop(): Promise<void>;
}

export function exampleCases(): unknown[] {
  return JSON.parse(readFileSync(join(repoRoot, 'docs/examples/cases.json'), 'utf8')).cases;
}

export async function openExampleDesk(
  options: {
    cases?: unknown[];
    page?: BrowserContextOptions;
    /** The engineer Casedesk already knows (false: a first start, which asks). */
    engineer?: string | false;
    /** Also count failed requests and HTTP errors as problems. */
    watchHttp?: boolean;
    /** More for `casedesk web` (e.g. `--server URL` with CASEDESK_TOKEN, to sync with a team's server). */
    host?: { args?: string[]; env?: Record<string, string> };
  } = {},
): Promise<ExampleDesk> {
  const dir = tempFiles({ 'cases.json': { format: 'casedesk.cases/1', cases: options.cases ?? exampleCases() } });
  const db = join(dir, 'cases.db');
  expect(casedesk('import', join(dir, 'cases.json'), '--db', db).status).toBe(0);
  const host = await startHost(db, options.host ?? {});
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1400, height: 800 }, ...options.page });
  if (options.engineer !== false) await asReturningEngineer(page, options.engineer);
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  if (options.watchHttp) {
    page.on('requestfailed', (r) => problems.push(`failed request: ${r.url()}`));
    page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
  }
  await page.goto(host.url);
  return {
    host,
    browser,
    page,
    dir,
    problems,
    async stop() {
      await browser.close();
      await host.stop();
    },
  };
}
