// A new engineer's first walk through a case in real Chromium: asked who they are before anything
// can be edited; a form that says every problem at its field, in words, and holds each field to its
// limit; closing and resolving that name what is still missing and ask first; and on a closed case,
// actions the rules would refuse shown disabled with their reason (no "Undo" that then refuses).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openExampleDesk, type ExampleDesk } from '../support/example-desk';

let desk: ExampleDesk;
let page: Page;

beforeAll(async () => {
  desk = await openExampleDesk({ engineer: false, page: { viewport: { width: 1400, height: 900 } } });
  page = desk.page;
  page.setDefaultTimeout(8000);
}, 60_000);

afterAll(() => desk?.stop());

const ws = () => page.locator('aside[role="dialog"]');
const actions = () => ws().getByRole('navigation', { name: 'Actions' });
const action = (label: string) => actions().getByRole('button', { name: label, exact: true });
const timeline = () => ws().locator('.timeline').textContent();

describe('a case as a new engineer meets it', () => {
  it('asks who the engineer is at first start, before anything can be edited, and only once', async () => {
    const who = page.getByRole('dialog', { name: 'Who are you?' });
    await expect.poll(() => who.count()).toBe(1);
    const name = who.getByLabel('Your full name');
    await expect.poll(() => page.evaluate('document.activeElement?.closest("[role=dialog]")?.getAttribute("aria-label") + ": " + document.activeElement?.tagName')).toBe('Who are you?: INPUT');
    await page.keyboard.press('n'); // typed into the name, not the queue's "new case"
    expect(await page.getByRole('dialog', { name: 'New case' }).count()).toBe(0);
    await name.fill('');
    await who.getByRole('button', { name: 'Start working' }).click();
    expect(await who.getByRole('alert').textContent()).toBe('Type your name: every change you make records it.');
    await name.fill('Dana Ruiz');
    await page.keyboard.press('Enter');
    await expect.poll(() => who.count()).toBe(0);
    expect(await page.getByLabel('Your name', { exact: true }).inputValue()).toBe('Dana Ruiz');
    await page.reload();
    await expect.poll(() => page.locator('.total').textContent()).toMatch(/^\d+ cases$/);
    expect(await page.getByRole('dialog', { name: 'Who are you?' }).count()).toBe(0);
  });

  it('says every problem of a form at its field, in words, sends nothing, and holds fields to their limits', async () => {
    await page.getByLabel('Search cases').fill('Export quarantine');
    await expect.poll(() => page.locator('.grid-body [role="row"]').count()).toBe(1);
    await page.getByRole('grid', { name: 'Cases' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => ws().locator('.status').textContent()).toContain('new');
    await action('Escalate').click();
    const form = ws().getByRole('form', { name: 'Escalate' });
    await form.getByRole('button', { name: 'Escalate' }).click();
    const reason = form.getByLabel('Reason', { exact: true });
    expect(await reason.getAttribute('aria-invalid')).toBe('true');
    expect(await form.locator('.field-error').textContent()).toBe('give a reason');
    expect(await reason.getAttribute('maxlength')).toBe('2000');
    expect(await timeline()).not.toContain('escalation');
    expect(await ws().getByRole('alert').count()).toBe(0); // nothing went to the core to be refused
    await action('Escalate').click(); // closes the form
    const hardware = ws().getByLabel('Hardware', { exact: true });
    await hardware.fill('x'.repeat(250));
    expect((await hardware.inputValue()).length).toBe(200);
    await hardware.fill('');
  });

  it('offers Close only on a resolved case, and resolving and closing name what is missing and ask first', async () => {
    const close = action('Close');
    expect(await close.getAttribute('aria-disabled')).toBe('true');
    expect(await close.getAttribute('title')).toMatch(/is new: resolve it first/);
    await close.focus(); // still reachable by keyboard, to hear why
    await page.keyboard.press('Enter');
    expect(await ws().getByRole('form', { name: 'Close' }).count()).toBe(0);
    expect(await ws().locator('.notice').textContent()).toMatch(/is new: resolve it first/);

    await action('Status').click();
    const status = ws().getByRole('form', { name: 'Status' });
    await status.getByLabel('New status').selectOption('resolved');
    await status.getByRole('button', { name: 'Status' }).click();
    const ask = status.getByRole('alertdialog');
    const question = (await ask.textContent()) ?? '';
    expect(question).toMatch(/^\d+ fields the policy requires are still empty: .*service contract ID.*\. Resolve the case without them\?/);
    await ask.getByRole('button', { name: 'Go back' }).click();
    expect(await ws().locator('.status').textContent()).toContain('new');
    await status.getByRole('button', { name: 'Status' }).click();
    await status.getByRole('alertdialog').getByRole('button', { name: 'Resolve anyway' }).click();
    await expect.poll(() => ws().locator('.status').textContent()).toContain('resolved');

    expect(await action('Close').getAttribute('aria-disabled')).toBeNull();
    await action('Close').click();
    const closing = ws().getByRole('form', { name: 'Close' });
    await closing.getByLabel('Agreed by (customer)').fill('Sam Lee');
    await closing.getByRole('button', { name: 'Close' }).click();
    expect(await closing.getByRole('alertdialog').textContent()).toMatch(/service contract ID.*Close the case without them\?/);
    await closing.getByRole('button', { name: 'Close anyway' }).click();
    await expect.poll(() => ws().locator('.status').textContent()).toContain('closed');
  });

  it('on a closed case: Undo, Close and field edits disabled with the reason, Reopen offered', async () => {
    const undo = ws().getByRole('button', { name: /^Undo status/ });
    expect(await undo.getAttribute('aria-disabled')).toBe('true');
    expect(await undo.getAttribute('title')).toBe('a close is not undone: reopen the case, with a reason');
    await ws().locator('h2').click();
    await page.keyboard.press('u');
    await expect.poll(() => ws().locator('.notice').textContent()).toBe('a close is not undone: reopen the case, with a reason');
    expect(await ws().locator('.timeline .retracted').count()).toBe(0);
    expect(await action('Close').getAttribute('title')).toMatch(/is closed; reopen it first$/);
    expect(await action('Log contact').getAttribute('aria-disabled')).toBe('true');
    expect(await action('Reopen').getAttribute('aria-disabled')).toBeNull();
    expect(await action('Note').getAttribute('aria-disabled')).toBeNull(); // a note is always welcome
    expect(await ws().getByLabel('Contract ID', { exact: true }).getAttribute('readonly')).not.toBeNull();
    expect(await ws().locator('.read-only').textContent()).toMatch(/^Read-only: case .* is closed; reopen it first$/);
    await action('Reopen').click();
    const reopen = ws().getByRole('form', { name: 'Reopen' });
    await reopen.getByLabel('Reason', { exact: true }).fill('mail stopped again');
    await reopen.getByRole('button', { name: 'Reopen' }).click();
    await expect.poll(() => ws().locator('.status').textContent()).toContain('in-progress');
    expect(await ws().getByLabel('Contract ID', { exact: true }).getAttribute('readonly')).toBeNull();
    expect(await action('Reopen').getAttribute('aria-disabled')).toBe('true');
  });

  it('logged no console errors', () => {
    expect(desk.problems.join('\n')).toBe('');
  });
});
