// Native notifications and the tray with Electron's classes faked: a page or an alert shows once,
// stays referenced until closed or clicked, and a click opens its case; on Windows the toast carries
// the case link (clicked with Casedesk closed, it still opens the case); an alert held back by
// quiet hours or a mute does not pop up. The tray counts the cases at risk, mutes and unmutes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { APP_ID } from '../../../electron/main/app-id';
import { nativeNotifications, toastXml } from '../../../electron/main/notifications';
import { caseIdOfLink, pageAckOfLink } from '../../../electron/core/case-link';
import { alertTray, MUTE_MS, trayIconPixels } from '../../../electron/main/tray';
import type { AlertNotice } from '../../../shared/ipc/contract';
import { repoRoot } from '../../support/run-casedesk';

type Listener = (...args: any[]) => void;

function fakeNotifications() {
  const made: FakeNotification[] = [];
  class FakeNotification {
    listeners = new Map<string, Listener>();
    shown = false;
    constructor(readonly options: Record<string, unknown>) {
      made.push(this);
    }
    on(event: string, listener: Listener) {
      this.listeners.set(event, listener);
      return this;
    }
    closed = false;
    show() {
      this.shown = true;
    }
    close() {
      this.closed = true;
      this.listeners.get('close')?.();
    }
  }
  return { made, FakeNotification };
}

const notice = (over: Partial<AlertNotice> = {}): AlertNotice => ({
  id: 'C-1/reminder/response/1',
  caseId: 'C-1',
  number: '9RW-1042',
  company: 'Contoso Bank',
  severity: 1,
  kind: 'reminder',
  clock: 'response',
  at: 1,
  about: 2,
  raisedAt: 1,
  title: 'Response due in 15 min — 9RW-1042 Contoso Bank, Severity-1',
  body: 'Due today 12:00.',
  reason: 'your case',
  critical: true,
  popup: true,
  sound: true,
  held: null,
  ...over,
});

describe('native notifications', () => {
  it('show a page as critical, naming the case; kept until clicked, and the click opens the case', () => {
    const { made, FakeNotification } = fakeNotifications();
    const open = vi.fn();
    const notifications = nativeNotifications(FakeNotification as never, open, 'linux');
    notifications.page({ caseId: 'C-9', number: 'WEB-7', summary: 'all mail bouncing', company: 'Acme', step: 'primary', receivedAt: 0 });
    expect(made.map((n) => n.options)).toEqual([{ title: 'Severity 1: case WEB-7', body: 'Acme — all mail bouncing', urgency: 'critical', timeoutType: 'never' }]);
    expect(made[0]!.shown).toBe(true);
    expect(notifications.kept()).toBe(1);
    made[0]!.listeners.get('click')!();
    expect(open).toHaveBeenCalledWith('C-9');
    expect(notifications.kept()).toBe(0);
  });

  it('give a page an Acknowledge button that acknowledges it, and take a page away when it was acknowledged elsewhere', () => {
    const { made, FakeNotification } = fakeNotifications();
    const acknowledge = vi.fn();
    const open = vi.fn();
    const notifications = nativeNotifications(FakeNotification as never, open, 'darwin', { acknowledge, key: 'k'.repeat(32) });
    notifications.page({ caseId: 'C-9', number: 'WEB-7', summary: 'all mail bouncing', company: 'Acme', step: 'primary', receivedAt: 0 });
    notifications.page({ caseId: 'C-8', number: 'WEB-8', summary: '', company: 'Beta', step: 'secondary', receivedAt: 0 });
    expect(made[0]!.options.actions).toEqual([{ type: 'button', text: 'Acknowledge' }]);
    expect(made[1]!.options.title).toBe('Severity 1: case WEB-8 (escalated to you)');
    made[0]!.listeners.get('action')!({}, 0);
    expect(acknowledge).toHaveBeenCalledWith('C-9');
    expect(open).not.toHaveBeenCalled();
    // Acknowledged on another desktop: its sync silences the notification here.
    notifications.silence('C-8');
    expect(made[1]!.closed).toBe(true);
    expect(notifications.kept()).toBe(0);
    notifications.silence('C-unknown');
  });

  it('on Windows put the Acknowledge button in the toast as a link carrying this run’s key; only that key acknowledges', () => {
    const { made, FakeNotification } = fakeNotifications();
    const key = 'abcdefghijklmnop0123456789_-ABCD';
    nativeNotifications(FakeNotification as never, vi.fn(), 'win32', { acknowledge: vi.fn(), key }).page({ caseId: 'C 9', number: 'WEB-7', summary: '', company: 'Acme', step: 'primary', receivedAt: 0 });
    const xml = made[0]!.options.toastXml as string;
    expect(xml).toContain(`<action content="Acknowledge" activationType="protocol" arguments="casedesk://ack/C%209?key=${key}"/>`);
    expect(pageAckOfLink(`casedesk://ack/C%209?key=${key}`, key)).toEqual({ caseId: 'C 9', acknowledge: true });
    // A link with another key (an earlier run's, or made up) only opens the case.
    expect(pageAckOfLink(`casedesk://ack/C%209?key=${'x'.repeat(32)}`, key)).toEqual({ caseId: 'C 9', acknowledge: false });
    expect(pageAckOfLink('casedesk://ack/C-9', key)).toBeNull();
    expect(caseIdOfLink(`casedesk://ack/C%209?key=${key}`)).toBeNull();
  });

  it('show an alert in its words, critical for a Severity-1, silent when asked; one held back does not pop up', () => {
    const { made, FakeNotification } = fakeNotifications();
    const notifications = nativeNotifications(FakeNotification as never, vi.fn(), 'darwin');
    notifications.alert(notice());
    notifications.alert(notice({ severity: 2, critical: false, sound: false, title: 'Response due in 1 h — 9RW-1043 Acme, Severity-2' }));
    notifications.alert(notice({ severity: 3, critical: false, popup: false, sound: false, held: 'quiet hours' }));
    expect(made.map((n) => n.options)).toEqual([
      { title: 'Response due in 15 min — 9RW-1042 Contoso Bank, Severity-1', body: 'Due today 12:00.', silent: false, urgency: 'critical', timeoutType: 'never' },
      { title: 'Response due in 1 h — 9RW-1043 Acme, Severity-2', body: 'Due today 12:00.', silent: true, urgency: 'normal', timeoutType: 'default' },
    ]);
    expect(notifications.kept()).toBe(2);
    made[1]!.listeners.get('close')!();
    expect(notifications.kept()).toBe(1);
  });

  it("on Windows carry the case's casedesk:// link in the toast, its text escaped", () => {
    const { made, FakeNotification } = fakeNotifications();
    nativeNotifications(FakeNotification as never, vi.fn(), 'win32').alert(notice({ caseId: 'C 1&2', title: 'Due <soon> & "now"' }));
    const xml = made[0]!.options.toastXml as string;
    expect(xml).toContain('launch="casedesk://case/C%201%262"');
    expect(xml).toContain('activationType="protocol"');
    expect(xml).toContain('<text>Due &#60;soon&#62; &#38; &#34;now&#34;</text>');
    expect(toastXml('t', 'b', 'C-1', false, true)).toContain('<audio silent="true"/>');
  });

  it("take the app id electron-builder packages the app under (Windows' AppUserModelID)", () => {
    expect(readFileSync(join(repoRoot, 'electron-builder.yml'), 'utf8')).toMatch(new RegExp(`^appId: ${APP_ID.replaceAll('.', '\\.')}$`, 'm'));
  });
});

describe('the tray', () => {
  function fakeTray() {
    const state = { tooltip: '', menu: [] as any[], image: null as unknown, badges: [] as number[], destroyed: false, click: null as Listener | null };
    const parts = {
      createTray: (image: unknown) => {
        state.image = image;
        return {
          setToolTip: (t: string) => (state.tooltip = t),
          setContextMenu: (m: any) => (state.menu = m),
          setImage: (i: unknown) => (state.image = i),
          on: (_e: string, l: Listener) => (state.click = l),
          destroy: () => (state.destroyed = true),
        };
      },
      buildMenu: (template: any[]) => template,
      image: (pixels: Buffer, size: number) => ({ risk: pixels.includes(0xdc), size }) as never,
      badge: (count: number) => state.badges.push(count),
    };
    const actions = { open: vi.fn(), mute: vi.fn(), unmute: vi.fn(), quit: vi.fn() };
    return { state, tray: alertTray(parts, actions, () => '14:30'), actions };
  }
  const labels = (menu: { label?: string; type?: string }[]) => menu.map((m) => m.label ?? m.type);

  it('counts the cases at risk in its menu, tooltip, icon and the badge', () => {
    const { state, tray } = fakeTray();
    expect(labels(state.menu)).toEqual(['Open Casedesk', 'No case at risk', 'Mute non-critical alerts for 1 hour', 'separator', 'Quit Casedesk']);
    tray.update({ atRisk: 3, unseen: 1, mutedUntil: null });
    expect(state.menu[1]).toMatchObject({ label: '3 cases at risk (breached or breaching within 2 h)', enabled: false });
    expect(state.tooltip).toBe('Casedesk — 3 cases at risk');
    expect(state.image).toMatchObject({ risk: true });
    expect(state.badges).toEqual([0, 3]);
  });

  it('opens Casedesk, mutes for an hour, unmutes and quits from its menu', () => {
    const { state, tray, actions } = fakeTray();
    state.menu[0].click();
    state.click!();
    expect(actions.open).toHaveBeenCalledTimes(2);
    state.menu[2].click();
    expect(actions.mute).toHaveBeenCalledWith(MUTE_MS);
    tray.update({ atRisk: 0, unseen: 0, mutedUntil: Date.now() + MUTE_MS });
    expect(state.menu[2].label).toBe('Alerts muted until 14:30 (Severity-1 still sounds) — unmute');
    state.menu[2].click();
    expect(actions.unmute).toHaveBeenCalled();
    state.menu[4].click();
    expect(actions.quit).toHaveBeenCalled();
  });

  it('draws its icon: a disc, transparent outside, with a red mark while a case is at risk', () => {
    const calm = trayIconPixels(32, false);
    const risk = trayIconPixels(32, true);
    const at = (p: Buffer, x: number, y: number) => [...p.subarray((y * 32 + x) * 4, (y * 32 + x) * 4 + 4)];
    expect(at(calm, 0, 0)[3]).toBe(0);
    expect(at(calm, 16, 16)).toEqual([0xeb, 0x63, 0x25, 255]);
    expect(at(risk, 16, 16)).toEqual([0xeb, 0x63, 0x25, 255]);
    expect(at(calm, 25, 25)).toEqual([0xeb, 0x63, 0x25, 255]);
    expect(at(risk, 25, 25)).toEqual([0x26, 0x26, 0xdc, 255]);
  });
});
