// Deadlines that speak up, in real Chromium on the browser host: a Severity-1 case nearing its
// response's due instant produces the in-app alert that opens the case, and — notifications allowed —
// a browser notification in the same words; the bell lists it, and the list opens the case too.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openExampleDesk, type ExampleDesk } from '../support/example-desk';
import { repoRoot } from '../support/run-casedesk';

const artifacts = join(repoRoot, 'test/artifacts');

let desk: ExampleDesk;
let page: Page;

beforeAll(async () => {
  desk = await openExampleDesk({ page: { viewport: { width: 1400, height: 900 }, permissions: ['notifications'] } });
  page = desk.page;
  page.setDefaultTimeout(8000);
  // Every browser notification the page creates is noted (headless Chromium shows none).
  await page.addInitScript({
    content: `{
      const Shown = window.Notification;
      window.notedNotifications = [];
      window.Notification = class extends Shown {
        constructor(title, options) {
          super(title, options);
          window.notedNotifications.push(title);
        }
      };
    }`,
  });
  await page.reload();
}, 60_000);

afterAll(() => desk?.stop());

/** A call to the browser host's API, as the page makes it. */
async function call<T>(channel: string, input: unknown): Promise<T> {
  const response = await fetch(`${desk.host.origin}/api/${channel}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: desk.host.origin, Authorization: `Bearer ${desk.host.key}` }, body: JSON.stringify(input) });
  const body = (await response.json()) as { ok: boolean; value: T; error?: string };
  if (!body.ok) throw new Error(body.error);
  return body.value;
}

describe('an alert before a deadline', () => {
  let number: string;

  it('pops up in the app as the response nears its due instant, in the engineer’s words, and opens the case', async () => {
    await expect.poll(() => page.locator('.total').textContent()).toMatch(/^\d+ cases$/);
    // A Severity-1 reported 44 min 56 s ago: its response is due in 15 min 4 s, reminded 15 min before.
    const loggedAt = new Date(Date.now() - 45 * 60_000 + 4_000).toISOString();
    ({ number } = await call<{ id: string; number: string }>('case:create', { severity: 1, channel: 'phone', loggedAt, company: 'Contoso Bank', summary: 'all mail bouncing' }));
    const toast = page.locator('.alert-toast');
    await expect.poll(() => toast.count(), { timeout: 15_000 }).toBe(1);
    expect(await toast.getAttribute('role')).toBe('alert');
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'alert-toast.png') });
    expect(await toast.locator('strong').textContent()).toBe(`Response due in 15 min — ${number} Contoso Bank, Severity-1`);
    expect(await page.evaluate('window.notedNotifications')).toEqual([`Response due in 15 min — ${number} Contoso Bank, Severity-1`]);
    await toast.getByRole('button', { name: `Open case ${number}` }).click();
    await expect.poll(() => page.locator('aside[role="dialog"]').textContent()).toContain(number);
    expect(await toast.count()).toBe(0);
  });

  it('is kept in the list of alerts, which the bell counts and `!` opens, and which opens the case', async () => {
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('aside[role="dialog"]').count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Alerts: 1 new/ }).count()).toBe(1);
    await page.keyboard.press('!');
    const list = page.getByRole('dialog', { name: 'Alerts' });
    await expect.poll(() => list.count()).toBe(1);
    await expect.poll(() => page.getByRole('button', { name: /^Alerts: 0 new, \d+ cases? at risk$/ }).count()).toBe(1);
    await page.screenshot({ path: join(artifacts, 'alert-list.png') });
    await list.getByRole('button', { name: `Response due in 15 min — ${number} Contoso Bank, Severity-1` }).click();
    expect(await list.count()).toBe(0);
    await expect.poll(() => page.locator('aside[role="dialog"]').textContent()).toContain(number);
    expect(desk.problems).toEqual([]);
  });
});
