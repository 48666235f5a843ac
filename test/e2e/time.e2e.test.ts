// Time as an engineer in Berlin meets it, in real Chromium through the browser host: one
// convention for every instant (their zone first, the year of a past year, US Eastern beside it),
// the timeline in the order things happened, and a typed first report read in the policy's zone.
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
  desk = await openExampleDesk({ page: { timezoneId: 'Europe/Berlin', viewport: { width: 1400, height: 900 } }, watchHttp: true });
  page = desk.page;
  mkdirSync(artifacts, { recursive: true });
}, 60_000);

afterAll(() => desk?.stop());

const companies = () => page.locator('.grid-body [role="row"] .col-company').allTextContents();

async function openCase(company: string) {
  await page.getByLabel('Search cases').fill(company);
  await expect.poll(companies).toEqual([company]);
  await page.locator('.app-header h1').click();
  await page.keyboard.press('Enter');
  return page.getByRole('dialog');
}

describe('time in Chromium, in Berlin', () => {
  it('writes a past year’s instants with their year, the engineer’s zone first and US Eastern beside it, in the header and the explanation alike', async () => {
    const ws = await openCase('Contoso Bank');
    // First report 2010-12-24T22:15:00-05:00: Christmas morning in Berlin.
    await expect.poll(() => ws.locator('.status').textContent()).toContain('first report Sat 25 Dec 2010 04:15 CET (Fri 24 Dec 2010 22:15 EST)');
    const first = ws.locator('.status time');
    expect(await first.getAttribute('dateTime')).toBe('2010-12-25T03:15:00Z');
    expect(await first.getAttribute('title')).toBe('2010-12-25T03:15:00Z (UTC)');
    const explanation = (await ws.locator('.explanation').allTextContents()).join('\n');
    expect(explanation).toContain('Starts at the first report, Sat 25 Dec 2010 04:15 CET (Fri 24 Dec 2010 22:15 EST).');
    expect(explanation).toMatch(/Escalated to support management at \w{3} \d+ \w{3} 2010 \d\d:\d\d CET \(.*\d\d:\d\d EST\)\./);
    expect(explanation).not.toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d/); // not the command line's convention
    // The support hours in the header too: when support opens or closes, in Berlin first.
    expect(await page.locator('.support-hours').textContent()).toMatch(/^Support (open until|closed.*: opens) .*\d\d:\d\d CES?T \((\w{3} \d+ \w{3} (\d{4} )?)?\d\d:\d\d E[SD]T\)/);
  });

  it('lists the timeline in the order things happened, the automatic escalation of 2010 before today’s note', async () => {
    await page.getByLabel('Your name').fill('Dana Ruiz');
    const ws = page.getByRole('dialog');
    await ws.getByRole('navigation', { name: 'Actions' }).getByRole('button', { name: 'Note', exact: true }).click();
    const form = ws.getByRole('form', { name: 'Note' });
    await form.getByLabel('Note').fill('called the bank back');
    await form.getByRole('button', { name: 'Note' }).click();
    const items = ws.locator('.timeline > li');
    await expect.poll(() => items.count()).toBe(4);
    const instants = await Promise.all((await items.all()).map(async (li) => Date.parse((await li.locator('time').first().getAttribute('dateTime'))!)));
    expect(instants).toEqual([...instants].sort((a, b) => a - b));
    const texts = await items.allTextContents();
    expect(texts[2]).toMatch(/2010 .*escalated to support management · resolution clock breached \(automatic\)automatic$/);
    expect(await items.nth(2).getAttribute('class')).toBe('auto');
    // US Eastern beside it, with its own date when its day is not Berlin's (late at night in Berlin, New York is still on yesterday).
    const noted = new Date(instants[3]!);
    const day = (zone: string) => noted.toLocaleDateString('en-GB', { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short' }).replace(',', '');
    const easternDay = day('Europe/Berlin') === day('America/New_York') ? '' : `${day('America/New_York')} `;
    expect(texts[3]).toMatch(new RegExp(`^today \\d\\d:\\d\\d CET \\(${easternDay}\\d\\d:\\d\\d EST\\) note · called the bank back — Dana Ruiz$`));
    await page.screenshot({ path: join(artifacts, 'time-timeline.png') });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await page.getByLabel('Search cases').fill('');
  });

  it('reads a typed first report in the policy’s zone, says what it records, and saves it so', async () => {
    await page.getByRole('button', { name: 'New case' }).click();
    const dialog = page.getByRole('dialog', { name: 'New case' });
    await dialog.getByLabel('Company').fill('Tailspin');
    await dialog.getByLabel('Summary').fill('Outbound mail bouncing');
    await expect.poll(() => dialog.getByLabel('Time zone').inputValue()).toBe('America/New_York');
    await dialog.getByLabel('First report').fill('2025-12-01T08:00');
    await expect.poll(() => dialog.locator('.records').textContent()).toBe('records Mon 1 Dec 2025 08:00 EST (14:00 CET)');
    await page.screenshot({ path: join(artifacts, 'time-new-case.png') });
    await dialog.getByRole('button', { name: 'Create case' }).click();
    await expect.poll(() => page.locator('.toast').textContent()).toMatch(/^Case [0-9A-Z]{3}-\d+ created$/);
    const number = (await page.locator('.toast').textContent())!.split(' ')[1]!;
    const ws = page.getByRole('dialog', { name: `Case ${number}` });
    await expect.poll(() => ws.locator('.status').textContent()).toContain('first report Mon 1 Dec 2025 14:00 CET (08:00 EST)');
    // As saved: 08:00 US Eastern (13:00 UTC), not 08:00 in Berlin.
    const answer = (await (
      await fetch(`${desk.host.origin}/api/case:get`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: desk.host.origin, Authorization: `Bearer ${desk.host.key}` },
        body: JSON.stringify({ idOrNumber: number }),
      })
    ).json()) as { ok: boolean; value: { record: { loggedAt: string } } };
    expect(answer.value.record.loggedAt).toBe('2025-12-01T08:00:00-05:00');
    expect(Date.parse(answer.value.record.loggedAt)).toBe(Date.UTC(2025, 11, 1, 13, 0));
  });

  it('logged no console errors or failed requests', () => {
    expect(desk.problems.join('\n')).toBe('');
  });
});
