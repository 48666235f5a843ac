// Cases in and out as files in real Chromium, over the byte streams: Import… takes a file past the
// calls' 1 MiB limit and the queue shows its cases; a broken file is refused by its name with
// nothing imported; Export saves every case as one casedesk.cases/1 file.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCases } from '../../bench/support/generate-cases.mjs';
import { openExampleDesk, type ExampleDesk } from '../support/example-desk';

let desk: ExampleDesk;
let page: Page;
let dir: string;

beforeAll(async () => {
  desk = await openExampleDesk({ page: { acceptDownloads: true } });
  ({ page, dir } = desk);
  writeFileSync(join(dir, 'many.json'), JSON.stringify(generateCases(3000, 21)));
  writeFileSync(join(dir, 'broken.json'), '{"format":"casedesk.cases/1","cases":[{');
}, 60_000);

afterAll(() => desk?.stop());

describe('cases in and out as files, in Chromium', () => {
  it('imports a file past 1 MiB and shows its cases in the queue', async () => {
    await expect.poll(() => page.locator('.total').textContent()).toBe('3 cases');
    await page.getByLabel('Cases file to import').setInputFiles(join(dir, 'many.json'));
    await expect.poll(() => page.locator('.case-files [role="status"]').textContent(), { timeout: 20_000 }).toBe('Imported 3,000 cases from many.json');
    // The core says the cases changed: the view in front reloads and its counts follow, untouched.
    await expect.poll(() => page.getByRole('button', { name: /^All/ }).textContent()).toBe('All 3004');
    await page.getByRole('button', { name: /^All/ }).click();
    await expect.poll(() => page.locator('.total').textContent()).toBe('3,004 cases');
  });

  it('refuses a broken file by its name and imports nothing of it', async () => {
    await page.getByLabel('Cases file to import').setInputFiles(join(dir, 'broken.json'));
    const alert = page.locator('.case-files [role="alert"]');
    await expect.poll(() => alert.textContent()).toMatch(/^Nothing was imported: .*broken\.json/);
    expect(await page.locator('.total').textContent()).toBe('3,004 cases');
  });

  it('exports every case as one file', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export' }).click()]);
    expect(download.suggestedFilename()).toBe('casedesk-cases.json');
    const saved = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(saved.format).toBe('casedesk.cases/1');
    expect(saved.cases).toHaveLength(3004);
  });

  it('logged no console errors or page errors', () => {
    expect(desk.problems).toEqual([]);
  });
});
