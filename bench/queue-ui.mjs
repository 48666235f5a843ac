/* global document, requestAnimationFrame, window, MutationObserver -- the functions passed to page.evaluate run in the browser */
// Benchmark of the case queue in real Chromium, through the browser host, with 100,000 cases in
// the store (some of each case's troubleshooting steps settled): first rows visible from page load;
// a filter, a sort, a switch of saved view and the sort by checklist progress, each from the click
// or change in the page to the frame that paints the new rows (the grid empties while they are
// fetched); and the p95 frame time (requestAnimationFrame) while scrolling through 10,000 rows.
// Figures from before 2026-12-07 were timed from Node (the driver's ~100 ms of finding and
// clicking included) until the grid emptied, not until the new rows were there: not comparable.
// Goals (issues 4 and 13): first rows < 1.5 s, filter, sort or view < 150 ms.
// Usage: npm run bench:ui [-- COUNT]
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { writeCases } from './support/generate-cases.mjs';

const count = Number(process.argv[2] ?? 100_000);
const root = fileURLToPath(new URL('..', import.meta.url));
const file = `${root}bench/data/cases-${count}-checklist.json`;
mkdirSync(`${root}bench/data`, { recursive: true });
if (!existsSync(file)) writeCases(file, count, 42, { checklist: true });
const work = mkdtempSync(join(tmpdir(), 'casedesk-bench-ui-'));
const db = join(work, 'cases.db');
execFileSync(process.execPath, [`${root}bin/casedesk.js`, 'import', file, '--db', db], { stdio: 'ignore' });

const host = spawn(process.execPath, [`${root}bin/casedesk.js`, 'web', '--db', db], { stdio: ['ignore', 'pipe', 'ignore'] });
const url = await new Promise((resolve) => host.stdout.on('data', (d) => resolve(d.toString().trim().split('\n')[0])));
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  // A returning engineer: Casedesk knows the name (else the first-start question covers the queue).
  await page.addInitScript(`if (!localStorage.getItem('casedesk.me')) localStorage.setItem('casedesk.me', 'Bench Engineer');`);
  const firstCell = '.grid-body [role="row"] .col-number';
  await page.goto(url);
  await page.waitForSelector(firstCell);
  const firstRowsMs = await page.evaluate(() => performance.now());

  // From the user's action (the click, or the change of a filter, as the page receives it) to
  // the frame that paints the first of the new rows: a probe in the page notes the event's instant,
  // sees the grid empty (no row, or a row still fetching) and then a loaded first row. Measured in
  // the page, so the driver's own time (finding the element, scrolling it into view) is not in it.
  const rowSelector = '.grid-body [role="row"]';
  async function timed(action) {
    // Start from a settled grid: rows loaded, nothing of the previous action still in flight.
    await page.waitForSelector(`${rowSelector}:not([aria-busy])`);
    await page.waitForTimeout(300);
    await page.evaluate((sel) => {
      window.benchProbe = new Promise((resolve, reject) => {
        let started = null;
        const start = (event) => (started ??= event.timeStamp);
        document.addEventListener('click', start, { capture: true, once: true });
        document.addEventListener('change', start, { capture: true, once: true });
        let emptied = false;
        const observer = new MutationObserver(() => {
          const row = document.querySelector(sel);
          const loaded = row !== null && !row.hasAttribute('aria-busy');
          if (!loaded) emptied = true;
          else if (emptied) {
            observer.disconnect();
            requestAnimationFrame(() => resolve(performance.now() - started));
          }
        });
        observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['aria-busy'] });
        setTimeout(() => reject(new Error('the new rows did not load within 10 s')), 10_000);
      });
    }, rowSelector);
    await action();
    return page.evaluate(() => window.benchProbe);
  }
  const views = page.getByRole('navigation', { name: 'Saved views' });
  const filterMs = [];
  const sortMs = [];
  for (let i = 0; i < 5; i++) {
    filterMs.push(await timed(() => page.getByLabel('Severity').selectOption(String((i % 3) + 1))));
    sortMs.push(await timed(() => page.getByRole('columnheader', { name: /Company/ }).click()));
  }
  await page.getByLabel('Severity').selectOption('');
  const openViewMs = [];
  const checklistViewMs = [];
  for (let i = 0; i < 5; i++) {
    checklistViewMs.push(await timed(() => views.getByRole('button', { name: /^Checklist incomplete/ }).click()));
    openViewMs.push(await timed(() => views.getByRole('button', { name: /^Open/ }).click()));
  }
  await timed(() => views.getByRole('button', { name: /^Checklist incomplete/ }).click());
  const checklistSortMs = [];
  for (let i = 0; i < 5; i++) checklistSortMs.push(await timed(() => page.getByRole('columnheader', { name: /Checklist/ }).click()));
  await page.getByLabel('Severity').selectOption('');
  await page.getByRole('button', { name: /^All/ }).click();
  await page.waitForTimeout(500);

  const frames = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const body = document.querySelector('.grid-body');
        const rowHeight = 34;
        const target = 10_000 * rowHeight;
        const deltas = [];
        let last = performance.now();
        const step = () => {
          const now = performance.now();
          deltas.push(now - last);
          last = now;
          if (body.scrollTop + body.clientHeight >= target) return resolve(deltas.slice(1));
          body.scrollTop += rowHeight * 10; // 10 rows a frame: 10,000 rows in about 1,000 frames
          requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      }),
  );
  const sorted = [...frames].sort((a, b) => a - b);
  const pct = (p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

  console.log(`queue UI in Chromium, ${count.toLocaleString('en-US')} cases in the store`);
  console.log(`  ${'first rows visible'.padEnd(26)} ${firstRowsMs.toFixed(0).padStart(6)} ms from navigation   goal < 1500 ms: ${firstRowsMs < 1500 ? 'ok' : 'OVER'}`);
  const line = (label, ms) => console.log(`  ${label.padEnd(26)} ${median(ms).toFixed(0).padStart(6)} ms median of 5      goal < 150 ms: ${median(ms) < 150 ? 'ok' : 'OVER'}`);
  line('filter applied', filterMs);
  line('sort applied', sortMs);
  line('view Open', openViewMs);
  line('view Checklist incomplete', checklistViewMs);
  line('sort by Checklist', checklistSortMs);
  console.log(`  ${'scroll, 10,000 rows'.padEnd(26)} p50 ${pct(0.5).toFixed(1)} ms, p95 ${pct(0.95).toFixed(1)} ms, max ${sorted.at(-1).toFixed(1)} ms per frame (${frames.length} frames)`);
} finally {
  await browser.close();
  host.kill();
  rmSync(work, { recursive: true, force: true });
}
