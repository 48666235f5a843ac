// The tray icon and its menu — open Casedesk, how many cases are at risk, mute the alerts that are
// not Severity-1 for an hour (or unmute), quit — and the same count on the dock or taskbar badge.
// The icon is drawn here (a disc, with a red mark while any case is at risk): no image file to ship.
import type { MenuItemConstructorOptions, NativeImage } from 'electron';
import type { AlertsSummary } from '../../shared/ipc/contract';

export type { AlertsSummary };

export const MUTE_MS = 3_600_000;


export interface TrayParts {
  createTray(image: NativeImage): { setToolTip(text: string): void; setContextMenu(menu: unknown): void; setImage(image: NativeImage): void; on(event: 'click', listener: () => void): unknown; destroy(): void };
  buildMenu(template: MenuItemConstructorOptions[]): unknown;
  /** The icon as an image, from its BGRA pixels. */
  image(pixels: Buffer, size: number): NativeImage;
  /** The dock or taskbar badge (0 takes it away). */
  badge(count: number, image: NativeImage | null): void;
}

export interface TrayActions {
  open(): void;
  mute(ms: number): void;
  unmute(): void;
  quit(): void;
}

/** The icon's pixels, BGRA, `size` square: a blue disc, a red mark at its lower right when `atRisk`. */
export function trayIconPixels(size: number, atRisk: boolean): Buffer {
  const pixels = Buffer.alloc(size * size * 4);
  const r = size / 2;
  const mark = size * 0.22;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      const inDisc = (x + 0.5 - r) ** 2 + (y + 0.5 - r) ** 2 <= (r - 0.5) ** 2;
      const inMark = atRisk && (x + 0.5 - (size - mark)) ** 2 + (y + 0.5 - (size - mark)) ** 2 <= mark ** 2;
      const [b, g, red] = inMark ? [0x26, 0x26, 0xdc] : inDisc ? [0xeb, 0x63, 0x25] : [0, 0, 0];
      pixels[i] = b;
      pixels[i + 1] = g;
      pixels[i + 2] = red;
      pixels[i + 3] = inMark || inDisc ? 255 : 0;
    }
  }
  return pixels;
}

const ICON_SIZE = 32;
const cases = (n: number) => `${n} case${n === 1 ? '' : 's'}`;

/** The menu as the summary says: what is at risk, and mute or unmute. */
export function trayMenu(summary: AlertsSummary, actions: TrayActions, timeOf: (ms: number) => string): MenuItemConstructorOptions[] {
  return [
    { label: 'Open Casedesk', click: () => actions.open() },
    { label: summary.atRisk === 0 ? 'No case at risk' : `${cases(summary.atRisk)} at risk (breached or breaching within 2 h)`, enabled: false },
    summary.mutedUntil !== null
      ? { label: `Alerts muted until ${timeOf(summary.mutedUntil)} (Severity-1 still sounds) — unmute`, click: () => actions.unmute() }
      : { label: 'Mute non-critical alerts for 1 hour', click: () => actions.mute(MUTE_MS) },
    { type: 'separator' },
    { label: 'Quit Casedesk', click: () => actions.quit() },
  ];
}

export function alertTray(parts: TrayParts, actions: TrayActions, timeOf: (ms: number) => string) {
  const icons = { calm: parts.image(trayIconPixels(ICON_SIZE, false), ICON_SIZE), risk: parts.image(trayIconPixels(ICON_SIZE, true), ICON_SIZE) };
  const tray = parts.createTray(icons.calm);
  tray.on('click', () => actions.open());
  const update = (summary: AlertsSummary) => {
    tray.setImage(summary.atRisk > 0 ? icons.risk : icons.calm);
    tray.setToolTip(summary.atRisk === 0 ? 'Casedesk — no case at risk' : `Casedesk — ${cases(summary.atRisk)} at risk`);
    tray.setContextMenu(parts.buildMenu(trayMenu(summary, actions, timeOf)));
    parts.badge(summary.atRisk, summary.atRisk > 0 ? icons.risk : null);
  };
  update({ atRisk: 0, unseen: 0, mutedUntil: null });
  return { update, destroy: () => tray.destroy() };
}
