// @vitest-environment jsdom
// The header's sync state against the real core, a real sync service and a real server on
// 127.0.0.1: connecting, refused changes listed with their reasons, a Severity-1 page as a banner.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS, type CasedeskApi } from '../../shared/ipc/contract';
import { CasedeskApiCore } from '../../electron/core/api/casedesk-api';
import { applyMutation } from '../../electron/core/store/apply-mutation';
import { memoryVault, SyncService } from '../../electron/core/sync/sync-service';
import { SyncIndicator } from '../../renderer/src/sync/SyncIndicator';
import { useSyncStatus } from '../../renderer/src/sync/useSyncStatus';
import { casePageOf } from '../../shared/oncall/case-pages';
import { breakCaseInserts, heal } from '../support/server-fault';
import { newCase, SyncWorld } from '../support/sync-world';
import { tempDbPath } from '../support/temp-db';

const at = (time: string) => `2010-11-29T${time}-05:00`;

function Header({ api, onOpenCase }: { api: CasedeskApi; onOpenCase: (id: string) => void }) {
  const sync = useSyncStatus(api, 60_000);
  return <SyncIndicator api={api} status={sync.status} onStatus={sync.set} onOpenCase={onOpenCase} />;
}

describe('the sync state in the header', () => {
  let world: SyncWorld;
  let service: SyncService;
  beforeEach(async () => {
    world = await SyncWorld.start({ sqlite: tempDbPath('central.db') });
  });
  afterEach(async () => {
    cleanup();
    sessionStorage.clear();
    await service?.close();
    await world.close();
  });

  function mount(onOpenCase = vi.fn()) {
    const store = world.desktop();
    service = new SyncService(store, { vault: memoryVault(), intervalMs: 60_000 });
    const core = new CasedeskApiCore(store, service);
    // The status reaches the header by the core's events, as in the app (no polling).
    const api = { ...Object.fromEntries(CHANNELS.map((c) => [c, async (input: unknown) => core.handle(c, input)])), onEvent: (l: never) => core.onEvent(l) } as unknown as CasedeskApi;
    render(<Header api={api} onOpenCase={onOpenCase} />);
    return { store, onOpenCase };
  }

  it('says Casedesk is local only, connects with a checked token, then shows it online', async () => {
    const { store } = mount();
    newCase(store, 'C-1');
    const state = await screen.findByRole('button', { name: /Local only/ });
    fireEvent.click(state);
    const dialog = screen.getByRole('dialog', { name: 'Team server' });
    // The case made before connecting goes in the name of whoever connects: the dialog says so.
    await waitFor(() => expect(dialog.textContent).toContain('1 change(s) made here wait to be sent: they go to the server in the name of whoever connects'));
    fireEvent.change(within(dialog).getByLabelText('Server address'), { target: { value: world.server.url } });
    fireEvent.change(within(dialog).getByLabelText('Your token'), { target: { value: 'cdt_not-a-token' } });
    fireEvent.submit(dialog);
    await waitFor(() => expect(within(dialog).getByRole('alert').textContent).toMatch(/refused the token: the token is not known to this server/));
    fireEvent.change(within(dialog).getByLabelText('Your token'), { target: { value: world.token } });
    fireEvent.submit(dialog);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(screen.getByRole('button', { name: /^Online · synced/ }).textContent).not.toContain('waiting'), { timeout: 5000 });
    expect(await world.server.store.exportCases()).toHaveLength(1);
  });

  it('lists a change the server refused, with its case and reason, until understood', async () => {
    const a = world.desktop();
    newCase(a, 'C-1');
    applyMutation(a, 'changeStatus', { caseId: 'C-1', at: at('10:00:00'), author: 'Ann', status: 'resolved' });
    await world.sync(a);
    const { store, onOpenCase } = mount();
    await service.connect(world.server.url, world.token);
    await waitFor(() => expect(store.getCase('C-1')).not.toBeNull(), { timeout: 5000 });
    await service.close(); // the watch and the sync it may be running: what follows is synced by hand
    applyMutation(a, 'closeCase', { caseId: 'C-1', at: at('11:00:00'), author: 'Ann', agreement: { by: 'Bo', at: at('10:55:00'), how: 'phone' } });
    await world.sync(a);
    applyMutation(store, 'changeStatus', { caseId: 'C-1', at: at('11:05:00'), author: 'Raj', status: 'awaiting-customer' });
    await service.syncNow();
    fireEvent.click(await screen.findByRole('button', { name: '1 change refused' }));
    const dialog = screen.getByRole('dialog', { name: 'Changes the server refused' });
    expect(dialog.textContent).toMatch(/changeStatus on case .+: case .+ is closed; reopen it first/);
    fireEvent.click(within(dialog).getByRole('button', { name: store.getCase('C-1')!.number }));
    expect(onOpenCase).toHaveBeenCalledWith('C-1');
    fireEvent.click(await screen.findByRole('button', { name: '1 change refused' }));
    fireEvent.click(screen.getByRole('button', { name: 'Understood' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: /refused/ })).toBeNull());
  });

  it('lists a change the server could not take, keeps it, and it goes when the server is well again', async () => {
    const { store } = mount();
    await service.connect(world.server.url, world.token);
    await service.close(); // the watch and the sync it may be running: what follows is synced by hand
    await breakCaseInserts(world);
    newCase(store, 'C-1');
    await service.syncNow();
    fireEvent.click(await screen.findByRole('button', { name: '1 change not taken by the server' }));
    const dialog = screen.getByRole('dialog', { name: 'Changes the server could not take' });
    expect(dialog.textContent).toMatch(/createCase on case .+: the server could not apply this change \(disk I\/O error\) — tried 1 time, next try at/);
    expect(dialog.textContent).toContain('nothing is lost');
    expect(store.getCase('C-1')).not.toBeNull();
    await heal(world);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Try again now' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: /not taken by the server/ })).toBeNull());
    expect((await world.server.store.exportCases()).map((c) => c.id)).toEqual(['C-1']);
  });

  it('shows a Severity-1 page as a banner that opens the case', async () => {
    const { token } = await world.server.store.addUser('Olu', 'on-call');
    const { onOpenCase } = mount();
    await service.connect(world.server.url, token);
    await waitFor(() => expect(service.status().online).toBe(true), { timeout: 5000 });
    await world.server.live.page({ caseId: 'C-9', step: 'primary', to: ['Olu'], data: { caseId: 'C-9', number: 'WEB-9', summary: 'all mail bouncing', company: 'Acme' } });
    const banner = await screen.findByRole('alert', {}, { timeout: 2000 });
    expect(banner.textContent).toContain('Severity 1 page: case WEB-9 — Acme — all mail bouncing');
    fireEvent.click(within(banner).getByRole('button', { name: 'Open case' }));
    expect(onOpenCase).toHaveBeenCalledWith('C-9');
    fireEvent.click(within(banner).getByRole('button', { name: 'Dismiss pages' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  /** Olu, on call, signed in here; a Severity-1 case C-9 on the server paged to Olu. */
  async function pagedToOlu() {
    const a = world.desktop('Mo', 'manager');
    newCase(a, 'C-9', { summary: 'all mail bouncing' }, 1);
    await world.sync(a);
    const { token } = await world.server.store.addUser('Olu', 'on-call');
    const mounted = mount();
    await service.connect(world.server.url, token);
    await waitFor(() => expect(service.status().online).toBe(true), { timeout: 5000 });
    await world.page('C-9', ['Olu']);
    const banner = await screen.findByRole('alert', {}, { timeout: 3000 });
    return { ...mounted, a, banner };
  }

  const serverPage = async () => casePageOf((await world.server.store.snapshots(world.server.store.db, ['C-9']))[0]!.record);

  it('acknowledges a page from the banner: recorded on the case at the server, and the page goes away', async () => {
    const { banner } = await pagedToOlu();
    expect(banner.textContent).toContain('Severity 1 page: case');
    fireEvent.click(within(banner).getByRole('button', { name: 'Acknowledge' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull(), { timeout: 5000 });
    expect(service.status().pages).toEqual([]);
    await waitFor(async () => expect((await serverPage())?.acknowledged?.by).toBe('Olu'), { timeout: 5000 });
  });

  it('takes the page away when it was acknowledged on another desktop, and tells what went wrong when an acknowledgement is refused', async () => {
    const { a, banner } = await pagedToOlu();
    await world.sync(a);
    applyMutation(a, 'acknowledgePage', { caseId: 'C-9', at: new Date(world.clock.now).toISOString(), author: 'Mo', note: 'I have it' });
    await world.sync(a);
    // The server's live channel tells this desktop; its sync brings the acknowledgement; the page goes.
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull(), { timeout: 5000 });
    expect(banner.isConnected).toBe(false);
    // Acknowledging it again (a page from before the sync) is refused with who answered it.
    await expect(service.acknowledgePage('C-9')).rejects.toThrow('was acknowledged already, by Mo');
  });
});

