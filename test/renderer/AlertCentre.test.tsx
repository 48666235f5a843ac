// @vitest-environment jsdom
// The header's alerts against the real core on a simulated clock: an alert of the engineer's case
// pops up in the app with a button that opens the case, the bell counts it until the list is
// opened, the list opens cases too; a mute and the preferences are saved in the core; the name
// typed in the header is who "my cases" belong to.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS, type AlertsState, type CasedeskApi } from '../../shared/ipc/contract';
import { CasedeskApiCore } from '../../electron/core/api/casedesk-api';
import { CaseStore } from '../../electron/core/store/case-store';
import { AlertCentre } from '../../renderer/src/alerts/AlertCentre';
import { SimulatedHost } from '../support/simulated-host';
import { tempDbPath } from '../support/temp-db';

const MINUTE = 60_000;

let host: SimulatedHost;
let store: CaseStore;
let core: CasedeskApiCore;
let api: CasedeskApi;

function Header({ me, onOpenCase }: { me: string; onOpenCase: (id: string) => void }) {
  const [open, setOpen] = useState(false);
  return <AlertCentre api={api} me={me} open={open} onOpenChange={setOpen} onOpenCase={onOpenCase} />;
}

beforeEach(() => {
  host = new SimulatedHost('2010-11-29T11:30:00-05:00');
  store = CaseStore.open(tempDbPath(), { create: true, clock: { now: () => host.wall } });
  core = new CasedeskApiCore(store, null, { alerts: { host: host.host, startAfterMs: 0 } });
  api = { ...Object.fromEntries(CHANNELS.map((c) => [c, async (input: unknown) => core.handle(c, input)])), onEvent: (l: never) => core.onEvent(l) } as unknown as CasedeskApi;
  host.advance(0);
});

afterEach(() => {
  cleanup();
  core.close();
  store.close();
});

const newCase = (engineer: string, loggedAt = '2010-11-29T09:00:00-05:00') =>
  core.handle('case:create', { severity: 2, channel: 'online', loggedAt, company: 'Contoso Bank', summary: 'Mail stuck', engineer }) as Promise<{ id: string; number: string }>;

describe("the header's alerts", () => {
  it("pop up an alert of my case with a button that opens it; the bell counts it until the list is opened, whose entries open cases too", async () => {
    const onOpenCase = vi.fn();
    render(<Header me="Dana" onOpenCase={onOpenCase} />);
    // The name typed in the header reaches the core: Dana's cases are "mine".
    await waitFor(async () => expect(((await core.handle('alerts:get', {})) as AlertsState).me).toBe('Dana'), { timeout: 3000 });
    const { id, number } = await newCase('Dana');
    act(() => host.advance(31 * MINUTE));
    const toast = await screen.findByRole('status');
    expect(toast.textContent).toContain(`Response due in 1 h — ${number} Contoso Bank, Severity-2`);
    const bell = screen.getByRole('button', { name: /^Alerts: 1 new/ });
    fireEvent.click(within(toast).getByRole('button', { name: `Open case ${number}` }));
    expect(onOpenCase).toHaveBeenCalledWith(id);
    expect(screen.queryByRole('status')).toBeNull();
    fireEvent.click(bell);
    const list = await screen.findByRole('dialog', { name: 'Alerts' });
    await waitFor(() => expect(screen.getByRole('button', { name: /^Alerts: 0 new/ })).toBeTruthy());
    fireEvent.click(within(list).getByRole('button', { name: /Response due in 1 h/ }));
    expect(onOpenCase).toHaveBeenCalledTimes(2);
    expect(screen.queryByRole('dialog', { name: 'Alerts' })).toBeNull();
  });

  it('mute for an hour and change the preferences from the list, saved in the core', async () => {
    render(<Header me="Dana" onOpenCase={vi.fn()} />);
    fireEvent.click(await screen.findByRole('button', { name: /^Alerts/ }));
    const list = await screen.findByRole('dialog', { name: 'Alerts' });
    fireEvent.click(await within(list).findByRole('button', { name: 'Mute for 1 hour' }));
    await within(list).findByRole('button', { name: 'Unmute' });
    expect(((await core.handle('alerts:get', {})) as AlertsState).mutedUntil).toBe(host.wall + 60 * MINUTE);
    fireEvent.click(within(list).getByText('Preferences'));
    fireEvent.click(within(list).getByRole('checkbox', { name: 'Sound' }));
    fireEvent.change(within(list).getByRole('combobox', { name: /About/ }), { target: { value: 'mine' } });
    fireEvent.click(within(list).getByRole('checkbox', { name: /Quiet hours/ }));
    await waitFor(async () => {
      const saved = ((await core.handle('alerts:get', {})) as AlertsState).preferences;
      expect(saved).toMatchObject({ sound: false, cases: 'mine', quietHours: { from: '22:00', to: '07:00' } });
    });
    // A case of someone else's does not reach Dana any more ("My cases only").
    await newCase('Lee');
    act(() => host.advance(31 * MINUTE));
    expect(screen.queryByRole('status')).toBeNull();
  });
});
