// Files on a case in real Chromium, through the browser host: chosen with "Attach files…" (or a),
// pasted as a screenshot or dropped on the case, listed with who added them; a picture shown from its bytes, a log's
// beginning shown as text, an SVG never drawn; the same content not twice; a hostile name shown as
// text; a large log opened in the log viewer and searched; Remove undone with u.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openExampleDesk, type ExampleDesk } from '../support/example-desk';
import { onePixelPng } from '../support/sample-files';

let desk: ExampleDesk;
let page: Page;
let dir: string;
const png = onePixelPng;
const hostile = '<img src=x onerror=alert(1)>.txt';

beforeAll(async () => {
  desk = await openExampleDesk({ page: { viewport: { width: 1400, height: 900 } } });
  ({ page, dir } = desk);
  page.setDefaultTimeout(8000);
  writeFileSync(join(dir, 'mail.log'), '2010-11-29 09:00:01 ERROR smtp: connection refused by 10.0.0.7\n'.repeat(2000));
  writeFileSync(join(dir, 'screen.png'), png);
  writeFileSync(join(dir, 'drawing.svg'), '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>');
  writeFileSync(join(dir, hostile), 'just text\n');
  writeFileSync(join(dir, 'big.log'), Array.from({ length: 200_000 }, (_, i) => `2010-11-29 09:00:00 ${i % 1000 === 7 ? 'ERROR' : 'INFO'} smtp[${i + 1}]: line ${i + 1}`).join('\n') + '\n');
  await page.getByLabel('Search cases').fill('Northwind Mail');
  const companies = page.locator('.grid-body [role="row"] .col-company');
  for (let tries = 0; (await companies.allTextContents()).join() !== 'Northwind Mail'; tries++) {
    if (tries > 80) throw new Error('the search did not narrow the queue to Northwind Mail');
    await page.waitForTimeout(100);
  }
  await page.locator('.grid-body [role="row"]').first().click();
  await ws().locator('.attachments').waitFor();
}, 60_000);

afterAll(() => desk?.stop());

const ws = () => page.locator('aside[role="dialog"]');
const files = () => ws().locator('.attachments .files .name').allTextContents();
const said = () => ws().locator('.attachments [role="status"], .attachments [role="alert"]').textContent();
const row = (name: string) => ws().locator('.attachments .files li', { hasText: name });

describe('files on a case, in Chromium', () => {
  it('attaches the files chosen, lists them with who added them, and records each in the timeline', async () => {
    expect(await ws().locator('.attachments').textContent()).toContain('No files yet');
    await page.keyboard.press('a'); // the shortcut opens the same picker
    await ws().getByLabel('Files to attach').setInputFiles([join(dir, 'mail.log'), join(dir, 'screen.png')]);
    await expect.poll(said).toBe('Attached mail.log, screen.png');
    await expect.poll(files).toEqual(['mail.log', 'screen.png']);
    expect(await row('mail.log').locator('.note').first().textContent()).toMatch(/^123\.0 KiB · text\/plain · Test Engineer, /);
    await expect.poll(() => ws().locator('.timeline').textContent()).toContain('attachment · mail.log');
  });

  it('shows a picture from its bytes and a log’s beginning as text', async () => {
    await row('screen.png').getByRole('button', { name: 'Show' }).click();
    const img = row('screen.png').locator('.preview img');
    await expect.poll(() => img.evaluate((el: { complete: boolean; naturalWidth: number }) => el.complete && el.naturalWidth)).toBe(1);
    expect(await img.getAttribute('src')).toMatch(/^blob:/);
    // Zoomable: 400% draws the 1-pixel picture 4 pixels wide; a click fits it again.
    await row('screen.png').getByRole('button', { name: '400%' }).click();
    await expect.poll(() => img.evaluate((el: { getBoundingClientRect(): { width: number } }) => el.getBoundingClientRect().width)).toBe(4);
    await img.click();
    expect(await row('screen.png').getByRole('button', { name: 'Fit' }).getAttribute('aria-pressed')).toBe('true');
    await row('mail.log').getByRole('button', { name: 'Show' }).click();
    const text = row('mail.log').locator('.preview pre');
    await expect.poll(() => text.textContent()).toMatch(/^2010-11-29 09:00:01 ERROR smtp: connection refused/);
    expect((await text.textContent())!.length).toBe(64 * 1024);
    expect(await row('mail.log').locator('.preview').textContent()).toContain('The first 64.0 KiB of 123.0 KiB');
    await row('mail.log').getByRole('button', { name: 'Hide' }).click();
    await expect.poll(() => row('mail.log').locator('.preview').count()).toBe(0);
  });

  it('does not attach the same content twice, and never draws an SVG or runs a name', async () => {
    await ws().getByLabel('Files to attach').setInputFiles([join(dir, 'screen.png')]);
    await expect.poll(said).toBe('screen.png: already on the case');
    await ws().getByLabel('Files to attach').setInputFiles([join(dir, 'drawing.svg'), join(dir, hostile)]);
    await expect.poll(said).toBe(`Attached drawing.svg, ${hostile}`);
    await expect.poll(files).toEqual(['mail.log', 'screen.png', 'drawing.svg', hostile]);
    expect(await row('drawing.svg').getByRole('button', { name: 'Show' }).count()).toBe(0);
    expect(await row('drawing.svg').locator('.note').first().textContent()).toContain('image/svg+xml');
    expect(await ws().locator('.attachments img, .attachments object, .attachments iframe').count()).toBe(0); // nothing drawn from the SVG
  });

  it('attaches a pasted screenshot, named by when it was pasted', async () => {
    await ws().locator('h2').click();
    // A different picture from the one attached: one more byte after its end.
    await page.evaluate(`(() => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(${JSON.stringify([...png, 0])})], 'image.png', { type: 'image/png' }));
      document.querySelector('aside[role="dialog"] h2').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    })()`);
    await expect.poll(said).toMatch(/^Attached screenshot \d{4}-\d\d-\d\d \d\d\.\d\d\.\d\d\.png$/);
    await expect.poll(files).toHaveLength(5);
  });

  it('attaches files dropped on the case', async () => {
    await page.evaluate(`(() => {
      const data = new DataTransfer();
      data.items.add(new File(['dropped from the desktop\\n'], 'dropped.txt', { type: 'text/plain' }));
      const target = document.querySelector('aside[role="dialog"] .timeline');
      target.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    })()`);
    await expect.poll(said).toBe('Attached dropped.txt');
    await expect.poll(files).toContain('dropped.txt');
    expect(await ws().getAttribute('class')).toBe('details');
    // Dropped where nothing takes files (the queue), a file is not opened in place of Casedesk.
    const opened = await page.evaluate(`(() => {
      const data = new DataTransfer();
      data.items.add(new File(['x'], 'elsewhere.txt', { type: 'text/plain' }));
      const drop = new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true });
      document.querySelector('.grid-body').dispatchEvent(drop);
      return !drop.defaultPrevented;
    })()`);
    expect(opened).toBe(false);
  });

  it('opens a large log as a log: its lines counted in the background, the lines in view read, a jump to any line', async () => {
    await ws().getByLabel('Files to attach').setInputFiles([join(dir, 'big.log')]);
    await expect.poll(said).toBe('Attached big.log');
    await row('big.log').getByRole('button', { name: 'Open as log' }).click();
    const viewer = ws().getByRole('region', { name: 'Log viewer: big.log' });
    await expect.poll(() => viewer.getByRole('status', { name: 'Lines' }).textContent(), { timeout: 15_000 }).toBe('200,000 lines');
    await expect.poll(() => viewer.locator('.log-line').first().textContent()).toBe('12010-11-29 09:00:00 INFO smtp[1]: line 1');
    expect(await viewer.locator('.log-line.level-error').first().textContent()).toBe('82010-11-29 09:00:00 ERROR smtp[8]: line 8');
    // Only the lines in view (and a margin) are drawn, not 200,000.
    expect(await viewer.locator('.log-line').count()).toBeLessThan(120);
    await viewer.getByLabel('Go to line').fill('150000');
    await viewer.getByRole('button', { name: 'Go' }).click();
    await expect.poll(() => viewer.locator('.log-line .line-text', { hasText: /: line 150000$/ }).count()).toBe(1);
    await expect.poll(() => viewer.locator('.log-line.level-error .line-text', { hasText: /line 150008$/ }).count()).toBe(1);

    // Search: the matching lines counted as they stream in, listed below the file, marked on the
    // overview strip; Enter goes to the next match from the line in view, Shift+Enter back.
    const status = () => viewer.getByRole('status', { name: 'Search status' }).textContent();
    const box = viewer.getByLabel('Search the log');
    await box.fill('ERROR');
    await box.press('Enter');
    await expect.poll(status, { timeout: 15_000 }).toBe('200 matching lines');
    await expect.poll(() => viewer.locator('.log-results .log-result').first().textContent()).toBe('82010-11-29 09:00:00 ERROR smtp[8]: line 8');
    expect(await viewer.locator('.log-overview-mark').count()).toBe(200);
    await box.press('Enter');
    await expect.poll(() => viewer.locator('.log-lines .log-line.current .line-text').textContent()).toBe('2010-11-29 09:00:00 ERROR smtp[150008]: line 150008');
    expect(await viewer.locator('.log-lines .log-line.current mark').textContent()).toBe('ERROR');
    expect(await status()).toBe('200 matching lines (at 151)');
    await box.press('Shift+Enter');
    await expect.poll(() => viewer.locator('.log-lines .log-line.current .line-text').textContent()).toMatch(/: line 149008$/);
    await viewer.locator('.log-lines').press('F3');
    await expect.poll(status).toBe('200 matching lines (at 151)');
    // A result clicked (the list scrolled back to its top), and the overview's bottom clicked: the log goes there.
    await viewer.locator('.log-results').evaluate((list: { scrollTop: number }) => (list.scrollTop = 0));
    await viewer.locator('.log-results .log-result', { hasText: /: line 8$/ }).click();
    await expect.poll(() => viewer.locator('.log-lines .log-line.current .line-text').textContent()).toMatch(/: line 8$/);
    const strip = (await viewer.locator('.log-overview').boundingBox())!;
    await page.mouse.click(strip.x + strip.width / 2, strip.y + strip.height - 2);
    await expect.poll(() => viewer.locator('.log-lines .log-line.current .line-text').textContent()).toMatch(/: line 1990\d\d$/);
    // Case ignored on request; a pattern that is not a regular expression is named.
    await box.fill('error smtp\\[1\\d{4}\\]');
    await viewer.getByLabel('Ignore case').check();
    await box.press('Enter');
    await expect.poll(status).toBe('10 matching lines');
    await box.fill('ERROR (smtp');
    await box.press('Enter');
    await expect.poll(() => viewer.getByRole('alert').textContent()).toBe('not a regular expression: Unterminated group');
    await row('big.log').getByRole('button', { name: 'Open as log' }).click(); // and closed again
    await expect.poll(() => viewer.count()).toBe(0);
  });

  it('opens a gzip log the same way, unpacked as it is read, and searches it', async () => {
    writeFileSync(join(dir, 'rotated.log.1'), gzipSync(Array.from({ length: 30_000 }, (_, i) => `2010-11-28 23:59:59 ${i % 3000 === 0 ? 'FATAL' : 'INFO'} queue ${i + 1}`).join('\n') + '\n'));
    await ws().getByLabel('Files to attach').setInputFiles([join(dir, 'rotated.log.1')]);
    await expect.poll(said).toBe('Attached rotated.log.1');
    expect(await row('rotated.log.1').locator('.note').first().textContent()).toContain('application/gzip');
    await row('rotated.log.1').getByRole('button', { name: 'Open as log' }).click();
    const viewer = ws().getByRole('region', { name: 'Log viewer: rotated.log.1' });
    await expect.poll(() => viewer.getByRole('status', { name: 'Lines' }).textContent(), { timeout: 15_000 }).toBe('30,000 lines');
    expect(await viewer.locator('.log-line.level-error').first().textContent()).toBe('12010-11-28 23:59:59 FATAL queue 1');
    await viewer.getByLabel('Search the log').fill('FATAL');
    await viewer.getByLabel('Search the log').press('Enter');
    await expect.poll(() => viewer.getByRole('status', { name: 'Search status' }).textContent()).toBe('10 matching lines');
    await row('rotated.log.1').getByRole('button', { name: 'Open as log' }).click();
    await expect.poll(() => viewer.count()).toBe(0);
  });

  it('removes a file, and u brings it back', async () => {
    await row('mail.log').getByRole('button', { name: 'Remove' }).click();
    await expect.poll(files).not.toContain('mail.log');
    expect(await said()).toContain('Removed mail.log from the case: u undoes it');
    await ws().locator('h2').click();
    await page.keyboard.press('u');
    await expect.poll(files).toContain('mail.log');
    // Its bytes were kept for the undo: it still shows.
    await row('mail.log').getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => row('mail.log').locator('.preview pre').textContent()).toMatch(/^2010-11-29/);
  });

  it('moves the case files to another folder from "Files folder…", and keeps showing them from there', async () => {
    await ws().locator('h2').click();
    await page.keyboard.press('Escape'); // the case closes: the header is reachable
    await expect.poll(() => ws().count()).toBe(0);
    await page.getByRole('button', { name: 'Files folder…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Files folder' });
    await expect.poll(() => dialog.locator('p').first().textContent()).toMatch(/^The case files on this computer are kept in .*\.files \(8 files, \d+ MiB\)\.$/);
    const to = join(dir, 'moved files');
    await dialog.getByLabel('Move them to').fill('moved files');
    await dialog.getByRole('button', { name: 'Move' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toMatch(/^Not moved: "moved files" is not a full path/);
    await dialog.getByLabel('Move them to').fill(to);
    await dialog.getByRole('button', { name: 'Move' }).click();
    await expect.poll(() => dialog.getByRole('status').last().textContent()).toMatch(new RegExp(`^Moved 8 files, \\d+ MiB to ${to}\\. Casedesk keeps the case files there from now on\\.$`));
    await expect.poll(() => dialog.locator('code.folder-path').textContent()).toBe(to);
    expect(existsSync(join(to, 'sha256'))).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    await page.locator('.grid-body [role="row"]').first().click();
    await row('screen.png').getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => row('screen.png').locator('.preview img').evaluate((el: { complete: boolean; naturalWidth: number }) => el.complete && el.naturalWidth)).toBe(1);
  });

  it('logged no console errors or page errors', () => {
    expect(desk.problems).toEqual([]);
  });
});
