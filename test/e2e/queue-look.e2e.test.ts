// The queue under the pointer, the keyboard and the eye, in real Chromium at 1440 px: a click
// opens a case while the arrows only move; the focus is always visible; every text reaches 4.5:1
// on its background in the light and the dark scheme; no column is cut off; a group's label
// draws over no cell; rows still being fetched show a skeleton.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureTexts } from '../support/contrast';
import { exampleCases, openExampleDesk, type ExampleDesk } from '../support/example-desk';

let desk: ExampleDesk;
let page: Page;

// The example cases (one breached in 2010: "breached 15y …") and 400 more, so the list scrolls
// well past its first page.
const MANY = Array.from({ length: 400 }, (_, i) => ({
  id: `GEN-${i}`,
  severity: (i % 3) + 1,
  type: 'problem',
  channel: 'email',
  loggedAt: new Date(Date.UTC(2026, 10, 2, 14) - i * 3_600_000).toISOString(),
  company: `Company ${i}`,
  summary: `Generated case ${i}`,
  engineer: i % 2 ? 'Dana Ruiz' : 'Lee Chen',
}));

beforeAll(async () => {
  desk = await openExampleDesk({ cases: [...exampleCases(), ...MANY], page: { viewport: { width: 1440, height: 900 } } });
  page = desk.page;
  page.setDefaultTimeout(8000);
  await page.locator('.total', { hasText: '403 cases' }).waitFor();
}, 60_000);

afterAll(() => desk?.stop());

const rows = () => page.locator('.grid-body [role="row"]');
const selectedCompany = () => page.locator('.grid-row.selected .col-company').textContent();
const workspace = () => page.locator('aside[role="dialog"]');

async function closeWorkspace() {
  await page.keyboard.press('Escape');
  await expect.poll(() => workspace().count()).toBe(0);
}

describe('the queue under the pointer and the keyboard', () => {
  it('opens a case with a single click; the arrows and j/k only move, Enter opens', async () => {
    const third = rows().nth(2);
    const company = await third.locator('.col-company').textContent();
    const summary = await third.locator('.col-summary').textContent();
    await third.locator('.col-summary').click();
    await expect.poll(() => workspace().locator('h2').textContent()).toContain(summary!);
    await closeWorkspace();
    expect(await selectedCompany()).toBe(company); // the clicked row stays the selected one

    await page.getByRole('grid', { name: 'Cases' }).focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('j');
    const moved = await selectedCompany();
    expect(moved).toBe(await rows().nth(4).locator('.col-company').textContent());
    expect(await workspace().count()).toBe(0); // moving opens nothing
    await page.keyboard.press('k');
    expect(await selectedCompany()).toBe(await rows().nth(3).locator('.col-company').textContent());
    await page.keyboard.press('Enter');
    await expect.poll(() => workspace().count()).toBe(1);
    await closeWorkspace();
  });

  it('shows where the focus is on every control reached by Tab, and on the selected row', async () => {
    await page.locator('.app-header h1').click();
    const seen: string[] = [];
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Tab');
      // (A string, run in the page: the tests' own TypeScript has no DOM.)
      const focus = (await page.evaluate(`(() => {
        const el = document.activeElement;
        const s = getComputedStyle(el);
        const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none';
        return { name: el.tagName + ' ' + (el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 30), ring };
      })()`)) as { name: string; ring: boolean };
      seen.push(focus.name);
      expect(focus.ring, `no visible focus on ${focus.name}`).toBe(true);
      if (focus.name.startsWith('DIV Cases')) break;
    }
    expect(seen).toContain('BUTTON New case');
    expect(seen.at(-1)).toBe('DIV Cases'); // the grid, reached by Tab
    expect(await page.evaluate(`getComputedStyle(document.querySelector('.grid-row.selected')).boxShadow`)).toMatch(/inset/);
  });
});

describe('the queue to the eye', () => {
  for (const scheme of ['light', 'dark'] as const) {
    it(`gives every text at least 4.5:1 on its background, ${scheme}: the queue and a case`, async () => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.getByRole('grid', { name: 'Cases' }).focus();
      await page.keyboard.press('ArrowDown'); // a selected row, its clocks on the selection's colour
      const inQueue = await measureTexts(page);
      expect(inQueue.some((t) => t.where.includes('sev-1'))).toBe(true);
      expect(inQueue.some((t) => t.where.includes('clock-breached'))).toBe(true);
      expect(inQueue.filter((t) => t.ratio < 4.5)).toEqual([]);
      await rows().first().click();
      await expect.poll(() => workspace().locator('.timeline').count()).toBe(1);
      const inCase = await measureTexts(page, 'aside[role="dialog"]');
      expect(inCase.length).toBeGreaterThan(20);
      expect(inCase.filter((t) => t.ratio < 4.5)).toEqual([]);
      await closeWorkspace();
      await page.emulateMedia({ colorScheme: 'light' });
    });
  }

  it('cuts off no column at 1440 px: a breach of 2010 says its years', async () => {
    const clocks = await page.locator('.grid-body .col-resolution').allTextContents();
    expect(clocks.some((t) => /^breached 1\dy \d+mo ago$/.test(t))).toBe(true);
    // Every cell and header but the free text (company, summary: ellipsised, whole on hover).
    const cut = (await page.evaluate(`[...document.querySelectorAll('.grid .cell')]
      .filter((c) => !c.classList.contains('col-summary') && !c.classList.contains('col-company'))
      .filter((c) => c.scrollWidth > c.clientWidth)
      .map((c) => c.className + ': ' + c.textContent + ' (' + c.scrollWidth + ' > ' + c.clientWidth + ')')`)) as string[];
    expect(cut).toEqual([]);
    const summary = rows().first().locator('.col-summary');
    expect(await summary.getAttribute('title')).toBe(await summary.textContent());
  });

  it('draws a group’s label over no cell', async () => {
    // Eleven cases of the three severities: every group in view.
    await page.getByLabel('Search cases').fill('Company 39');
    await page.getByLabel('Group by').selectOption('severity');
    await expect.poll(() => page.locator('.group-label').count()).toBeGreaterThan(1);
    expect(await page.locator('.group-label').allTextContents()).toEqual(expect.arrayContaining(['Severity 1', 'Severity 2']));
    // The label's box against the drawn text of every cell of its row and of the row above.
    const overlaps = (await page.evaluate(`(() => {
      const hit = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
      const out = [];
      for (const label of document.querySelectorAll('.group-label')) {
        const box = label.getBoundingClientRect();
        const row = label.closest('[role=row]');
        for (const cell of [...row.querySelectorAll('.cell'), ...(row.previousElementSibling?.querySelectorAll('.cell') ?? [])]) {
          const range = document.createRange();
          range.selectNodeContents(cell);
          for (const r of range.getClientRects()) if (r.width > 0 && hit(box, r)) out.push(label.textContent + ' over ' + cell.className + ': ' + cell.textContent);
        }
      }
      return out;
    })()`)) as string[];
    expect(overlaps).toEqual([]);
    await page.getByLabel('Group by').selectOption('none');
    await page.getByLabel('Search cases').fill('');
    await page.locator('.total', { hasText: '403 cases' }).waitFor();
  });

  it('shows a skeleton, marked busy, for rows still being fetched, then the rows', async () => {
    // The pages after the first are held back half a second, as on a slow disk.
    await page.route(/\/api\/queue:page$/, async (route) => {
      const { offset } = JSON.parse(route.request().postData() ?? '{}') as { offset?: number };
      if (offset) await new Promise((resolve) => setTimeout(resolve, 500));
      await route.continue();
    });
    await page.evaluate(`(() => { const body = document.querySelector('.grid-body'); body.scrollTop = body.scrollHeight; })()`);
    const busy = page.locator('.grid-body [role="row"][aria-busy="true"]');
    await expect.poll(() => busy.count(), { timeout: 2000, interval: 50 }).toBeGreaterThan(0);
    expect(await busy.first().locator('.skeleton').count()).toBe(11); // one per column
    expect(await page.locator('.grid-body').textContent()).not.toContain('…');
    await expect.poll(() => busy.count()).toBe(0);
    expect((await page.locator('.grid-body .col-number').allTextContents()).every((n) => n.trim() !== '')).toBe(true);
    await page.unroute(/\/api\/queue:page$/);
    expect(desk.problems).toEqual([]);
  });
});
