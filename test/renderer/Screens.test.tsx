// @vitest-environment jsdom
// The view layer against the real core: the queue as an ARIA grid a screen reader can follow, and
// the dialogs opened over it (the new case, the case workspace, the shortcut help) keeping Tab
// inside and giving the focus back to what had it when they close.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SHORTCUTS } from '../../renderer/src/keyboard/shortcuts';
import { Screens } from '../../renderer/src/views/Screens';
import { coreApi } from './core-api';

const NOW = Date.UTC(2010, 10, 29, 14, 30); // Mon 09:30 EST
const base = { type: 'problem', channel: 'email' };
const cases = [
  { ...base, id: 'C-1', severity: 1, loggedAt: '2010-11-29T09:10:00-05:00', company: 'Contoso', summary: 'All mail deferred', engineer: 'Dana' },
  { ...base, id: 'C-2', severity: 2, loggedAt: '2010-11-29T09:00:00-05:00', company: 'Northwind', summary: 'Digest missing', engineer: 'Lee' },
];

beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 1200 });
});
afterEach(cleanup);

async function mount() {
  const { api, store } = coreApi(cases, NOW);
  render(<Screens api={api} me="Dana" />);
  const grid = screen.getByRole('grid', { name: 'Cases' });
  await waitFor(() => expect(within(grid).getAllByRole('gridcell').length).toBeGreaterThan(1));
  return { grid, store };
}

const press = (key: string, init: Partial<KeyboardEventInit> = {}) => fireEvent.keyDown(document.activeElement ?? window, { key, ...init });
const liveRegion = () => document.querySelector('[aria-live="polite"]')!;

describe('the queue as a grid', () => {
  it('has rows of grid cells; the selected row is marked, is the active descendant, and is announced', async () => {
    const { grid, store } = await mount();
    const rows = within(grid).getAllByRole('row').slice(1); // after the header row
    expect(rows.map((r) => within(r).getAllByRole('gridcell')[2]!.textContent)).toEqual(['Contoso', 'Northwind']);
    expect(rows.map((r) => r.getAttribute('aria-selected'))).toEqual(['true', 'false']);
    expect(grid.getAttribute('aria-activedescendant')).toBe(rows[0]!.id);
    expect(grid.tabIndex).toBe(0);
    const number = (id: string) => store.getCase(id)!.number;
    expect(liveRegion().textContent).toBe(`Case ${number('C-1')}, Severity 1, Contoso — 1 of 2`);
    grid.focus();
    press('ArrowDown');
    await waitFor(() => expect(grid.getAttribute('aria-activedescendant')).toBe(rows[1]!.id));
    expect(rows[1]!.getAttribute('aria-selected')).toBe('true');
    expect(liveRegion().textContent).toBe(`Case ${number('C-2')}, Severity 2, Northwind — 2 of 2`);
  });
});

describe('a dialog over the queue', () => {
  it('the new-case dialog keeps Tab inside, both ways, and gives the focus back to the button it was opened from', async () => {
    await mount();
    const opener = screen.getByRole('button', { name: /^Severity 1/ });
    opener.focus();
    press('n');
    const dialog = await screen.findByRole('dialog', { name: 'New case' });
    const first = within(dialog).getByLabelText('Company');
    const last = within(dialog).getByRole('button', { name: 'Create case' });
    await waitFor(() => expect(document.activeElement).toBe(first));
    last.focus();
    press('Tab');
    expect(document.activeElement).toBe(first);
    press('Tab', { shiftKey: true });
    expect(document.activeElement).toBe(last);
    press('Escape');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.activeElement).toBe(opener);
  });

  it('the case workspace keeps Tab inside and gives the focus back to the grid it was opened from', async () => {
    const { grid } = await mount();
    grid.focus();
    press('Enter');
    const workspace = await screen.findByRole('dialog', { name: /^Case / });
    await within(workspace).findByRole('navigation', { name: 'Actions' });
    const close = within(workspace).getByRole('button', { name: 'Close (Esc)' });
    expect(document.activeElement).toBe(close);
    press('Tab', { shiftKey: true }); // from the first control to the last
    const last = document.activeElement as HTMLElement;
    expect(workspace.contains(last)).toBe(true);
    expect(last).not.toBe(close);
    press('Tab');
    expect(document.activeElement).toBe(close);
    press('Escape');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.activeElement).toBe(grid);
  });

  it('the shortcut help lists every declared shortcut, keeps the focus, and gives it back', async () => {
    const { grid } = await mount();
    grid.focus();
    press('?');
    const help = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(document.activeElement).toBe(help);
    const listed = [...help.querySelectorAll('li')].map((li) => [li.querySelector('kbd')!.textContent, li.textContent!.slice(li.querySelector('kbd')!.textContent!.length)]);
    expect(listed.sort()).toEqual(SHORTCUTS.map((s) => [s.shown, s.description]).sort());
    expect(listed.map(([key]) => key).sort()).toEqual(['/', '?', '!', 'Enter', 'Esc', 'a', 'c', 'e', 'j k', 'm', 'n', 'r', 's', 't', 'u', 'v', 'w', '↑ ↓'].sort());
    press('Tab');
    expect(document.activeElement).toBe(help);
    press('n'); // the queue behind does not have the keyboard
    expect(screen.queryByRole('dialog', { name: 'New case' })).toBeNull();
    press('?');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.activeElement).toBe(grid);
  });
});
