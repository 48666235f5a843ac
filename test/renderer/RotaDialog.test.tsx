// @vitest-environment jsdom
// The on-call rota against the real core and a real SQLite file: the header says who is on call
// now and until when; a manager (or a desktop working alone) adds a weeknight shift and an override,
// puts the rota in use and sees the week laid out day by day in the policy's zone; a shift with
// nobody on it is refused naming the shift, and nothing is written; an engineer only reads it.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { OnCallButton, RotaDialog, weekdaysOf } from '../../renderer/src/oncall/RotaDialog';
import { rotaInForce } from '../../electron/core/store/team-rota';
import { coreApi } from './core-api';

// Monday 7 December 2026, 09:30 in New York (the default policy's zone).
const NOW = Date.UTC(2026, 11, 7, 14, 30);
afterEach(cleanup);

const day = (dialog: HTMLElement, name: string) => within(dialog).getByRole('region', { name }).textContent;

describe('the on-call rota', () => {
  it('puts a weeknight shift and an override in use, shown day by day; the header then names who is on call and until when', async () => {
    const { api, store } = coreApi([], NOW);
    render(<OnCallButton api={api} me="Mia" role={null} dataVersion={0} />);
    fireEvent.click(await screen.findByRole('button', { name: 'On-call rota…' }));
    const dialog = await screen.findByRole('dialog', { name: 'On-call rota' });
    await waitFor(() => expect(day(dialog, 'Mon 7 Dec')).toContain('Nobody on call'));
    expect(within(dialog).getByText(/Nobody is on call by the rota now/)).toBeTruthy();

    fireEvent.click(within(dialog).getByRole('button', { name: 'Add shift' }));
    fireEvent.change(within(dialog).getByLabelText('Name of shift 1'), { target: { value: 'Weeknights' } });
    const save = within(dialog).getByRole('button', { name: 'Put in use' }) as HTMLButtonElement;
    // Nobody on it yet: refused, naming the shift, and nothing written.
    fireEvent.click(save);
    expect((await within(dialog).findByRole('alert')).textContent).toContain('shifts[0] (Weeknights).primary: name the person');
    expect(rotaInForce(store).revision).toBe(0);

    fireEvent.change(within(dialog).getByLabelText('Primary of Weeknights'), { target: { value: 'Ana Lima' } });
    fireEvent.change(within(dialog).getByLabelText('Secondary of Weeknights'), { target: { value: 'Bo Chen' } });
    // Mondays to Fridays by default, 18:00 to 08:00: Friday is taken off.
    fireEvent.click(within(within(dialog).getByRole('group', { name: 'Days of Weeknights' })).getByLabelText('Fri'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add override' }));
    fireEvent.change(within(dialog).getByLabelText('From'), { target: { value: '2026-12-07T09:00' } });
    fireEvent.change(within(dialog).getByLabelText('To'), { target: { value: '2026-12-07T12:00' } });
    fireEvent.change(within(dialog).getByLabelText('Primary'), { target: { value: 'Cy Dube' } });
    fireEvent.change(within(dialog).getByLabelText('Reason'), { target: { value: 'covering the release' } });
    fireEvent.change(within(dialog).getByLabelText(/^Management/), { target: { value: 'Mia Manager, Max Boss' } });
    fireEvent.click(save);
    await waitFor(() => expect(within(dialog).getByRole('status').textContent).toMatch(/Rota revision 1 is in use/));

    const stored = rotaInForce(store);
    expect(stored).toMatchObject({ revision: 1, by: 'Mia', pending: true });
    expect(stored.rota.shifts).toEqual([
      { id: expect.any(String), name: 'Weeknights', repeat: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH', starts: '2026-12-07', from: '18:00', to: '08:00', primary: 'Ana Lima', secondary: 'Bo Chen' },
    ]);
    expect(stored.rota.overrides[0]).toMatchObject({ from: '2026-12-07T09:00:00-05:00', to: '2026-12-07T12:00:00-05:00', primary: 'Cy Dube', secondary: null });
    expect(stored.rota.management).toEqual(['Mia Manager', 'Max Boss']);

    // The week, in New York's hours: the override this morning, the shift each night Monday to Thursday.
    expect(day(dialog, 'Mon 7 Dec')).toBe('Mon 7 Dec09:00–12:00 Cy Dube Override: covering the release18:00–24:00 Ana Lima · secondary Bo Chen Weeknights');
    expect(day(dialog, 'Fri 11 Dec')).toBe('Fri 11 Dec00:00–08:00 Ana Lima · secondary Bo Chen Weeknights');
    expect(day(dialog, 'Sat 12 Dec')).toContain('Nobody on call');
    expect(within(dialog).getByText(/On call now:/).parentElement!.textContent).toMatch(/On call now: Cy Dube \(Override: covering the release\) until [^.]*\(?12:00 EST\)?\./);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Next week →' }));
    await waitFor(() => expect(day(dialog, 'Mon 14 Dec')).toContain('18:00–24:00 Ana Lima'));

    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.getByRole('button', { name: /^On call: Cy Dube until / })).toBeTruthy());
  });

  it('shows the rota read-only to an engineer signed in to the team’s server, and closes with Escape', async () => {
    const { api } = coreApi([], NOW);
    let closed = false;
    render(<RotaDialog api={api} me="Raj" role="engineer" dataVersion={0} onClose={() => (closed = true)} />);
    const dialog = await screen.findByRole('dialog', { name: 'On-call rota' });
    await waitFor(() => expect(within(dialog).getByText(/Only a manager or an admin changes the rota/)).toBeTruthy());
    expect(within(dialog).queryByRole('button', { name: 'Put in use' })).toBeNull();
    expect(within(dialog).queryByRole('button', { name: 'Add shift' })).toBeNull();
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(closed).toBe(true);
  });

  it('edits a plain weekly rule as days, any other rule as its text', () => {
    expect([...weekdaysOf('FREQ=WEEKLY;BYDAY=SA,SU')!]).toEqual(['SA', 'SU']);
    expect(weekdaysOf('FREQ=DAILY')).toBeNull();
    expect(weekdaysOf('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO')).toBeNull();
  });
});
