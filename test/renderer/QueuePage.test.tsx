// @vitest-environment jsdom
// The queue component against the real core and a real SQLite file, in jsdom.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { QueuePage } from '../../renderer/src/queue/QueuePage';
import { Screens } from '../../renderer/src/views/Screens';
import { coreApi } from './core-api';

const NOW = Date.UTC(2010, 10, 29, 14, 30); // Mon 09:30 EST
const base = { type: 'problem', channel: 'email' };
const cases = [
  { ...base, id: 'C-1', severity: 1, loggedAt: '2010-11-29T09:10:00-05:00', company: 'Contoso', summary: 'All mail deferred', engineer: 'Dana' },
  { ...base, id: 'C-2', severity: 2, loggedAt: '2010-11-29T09:00:00-05:00', company: 'Northwind', summary: 'Digest missing', engineer: 'Lee' },
  { ...base, id: 'C-3', severity: 3, loggedAt: '2010-11-01T09:00:00-05:00', company: 'Adatum', summary: 'Closed long ago',
    events: [{ at: '2010-11-01T10:00:00-05:00', type: 'status', status: 'closed' }] },
];

beforeAll(() => {
  // jsdom lays nothing out: give elements a size so the virtual list has room for rows.
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 1200 });
});
afterEach(cleanup);

const companies = () => [...document.querySelectorAll('.grid-body [role="row"] .col-company')].map((cell) => cell.textContent);

describe('the queue component', () => {
  it('shows the open cases with their clocks, and the view counts', async () => {
    const { api } = coreApi(cases, NOW);
    render(<QueuePage api={api} me="Dana" />);
    await waitFor(() => expect(companies()).toEqual(['Contoso', 'Northwind']));
    expect(screen.getByRole('status', { name: '' }).textContent).toBe('2 cases');
    await waitFor(() => expect(screen.getByRole('button', { name: /^All/ }).textContent).toBe('All 3'));
    expect(screen.getByRole('button', { name: /^My cases/ }).textContent).toBe('My cases 1');
  });

  it('sorts when a column header is clicked', async () => {
    const { api } = coreApi(cases, NOW);
    render(<QueuePage api={api} me="Dana" />);
    await waitFor(() => expect(companies()).toEqual(['Contoso', 'Northwind']));
    fireEvent.click(screen.getByRole('columnheader', { name: /Company/ }));
    fireEvent.click(screen.getByRole('columnheader', { name: /Company/ }));
    await waitFor(() => expect(companies()).toEqual(['Northwind', 'Contoso']));
    expect(screen.getByRole('columnheader', { name: /Company/ }).getAttribute('aria-sort')).toBe('descending');
  });

  it('searches every case, closed ones too, after /', async () => {
    const { api } = coreApi(cases, NOW);
    render(<QueuePage api={api} me="Dana" />);
    await waitFor(() => expect(companies()).toHaveLength(2));
    fireEvent.keyDown(window, { key: '/' });
    const search = screen.getByLabelText('Search cases');
    expect(document.activeElement).toBe(search);
    fireEvent.change(search, { target: { value: 'adatum' } });
    await waitFor(() => expect(companies()).toEqual(['Adatum']));
  });

  it('creates a case with n', async () => {
    const { api, store } = coreApi(cases, NOW);
    // The queue asks for a new case; the view layer opens the dialog over it.
    render(<Screens api={api} me="Dana" />);
    await waitFor(() => expect(companies()).toHaveLength(2));
    fireEvent.keyDown(window, { key: 'n' });
    const dialog = await screen.findByRole('dialog', { name: 'New case' });
    // The core's clock says 2010 here: the first report is set back to a call taken at 09:20.
    fireEvent.change(within(dialog).getByLabelText(/First report/), { target: { value: '2010-11-29T09:20' } });
    fireEvent.change(within(dialog).getByLabelText('Summary'), { target: { value: 'Spam storm' } });
    fireEvent.change(within(dialog).getByLabelText('Company'), { target: { value: 'Tailspin' } });
    await act(async () => {
      fireEvent.submit(dialog);
    });
    await waitFor(() => expect(screen.getByText(/^Case .+-4 created$/)).toBeTruthy());
    expect(store.caseCount()).toBe(4);
    await waitFor(() => expect(companies()).toContain('Tailspin'));
  });
});
