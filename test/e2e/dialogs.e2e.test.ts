// The queue's grid and the dialogs over it in real Chromium, as a keyboard and a screen reader
// use them: the selection is the grid's active descendant and is announced; Tab, pressed for
// real, stays in the open dialog; closing gives the focus back to what opened it.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openExampleDesk, type ExampleDesk } from '../support/example-desk';

let desk: ExampleDesk;
let page: Page;

beforeAll(async () => {
  desk = await openExampleDesk();
  page = desk.page;
}, 60_000);

afterAll(() => desk?.stop());

// (Strings, evaluated in the page: the tests' own TypeScript has no DOM.)
const focused = () => page.evaluate('(document.activeElement.getAttribute("aria-label") || document.activeElement.textContent || "").trim()') as Promise<string>;
const focusInside = (selector: string) => page.evaluate(`!!document.querySelector(${JSON.stringify(selector)})?.contains(document.activeElement)`) as Promise<boolean>;

describe('the grid and the dialogs in Chromium', () => {
  it('moves the active descendant with the arrows and announces the selected case', async () => {
    const grid = page.getByRole('grid', { name: 'Cases' });
    await expect.poll(() => page.locator('.total').textContent()).toBe('3 cases');
    await grid.focus();
    await page.keyboard.press('ArrowDown');
    const selected = page.locator('.grid-body [role="row"][aria-selected="true"]');
    await expect.poll(async () => (await grid.getAttribute('aria-activedescendant')) === (await selected.getAttribute('id'))).toBe(true);
    expect(await selected.getAttribute('aria-rowindex')).toBe('3'); // the header is row 1
    const number = await selected.locator('.col-number').textContent();
    const company = await selected.locator('.col-company').textContent();
    await expect.poll(() => page.locator('[aria-live="polite"]').textContent()).toMatch(new RegExp(`^Case ${number}, Severity \\d, ${company} — 2 of 3$`));
    expect(await page.locator('[role="gridcell"]').count()).toBe(33); // 3 rows of 11 columns
  });

  it('keeps Tab in the new-case dialog and gives the focus back to the view button it was opened from', async () => {
    await page.getByRole('button', { name: /^Severity 1/ }).focus();
    await page.keyboard.press('n');
    await expect.poll(() => focusInside('[role="dialog"][aria-label="New case"]')).toBe(true);
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Tab');
      expect(await focusInside('[role="dialog"][aria-label="New case"]')).toBe(true);
    }
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Shift+Tab');
      expect(await focusInside('[role="dialog"][aria-label="New case"]')).toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    expect(await focused()).toMatch(/^Severity 1/);
  });

  it('keeps Tab in the case workspace and gives the focus back to the grid', async () => {
    await page.getByRole('button', { name: /^Open/ }).click();
    await page.getByRole('grid', { name: 'Cases' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(1);
    await expect.poll(() => focused()).toBe('Close (Esc)');
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      expect(await focusInside('aside[role="dialog"]')).toBe(true);
    }
    await page.locator('aside h2').click();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    expect(await focused()).toBe('Cases');
  });

  it('logged no console errors', () => {
    expect(desk.problems.join('\n')).toBe('');
  });
});
