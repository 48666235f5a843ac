// The main window's size and position, remembered between runs (a small JSON file in the app's
// data folder). A saved position that no longer lies on any screen (a monitor unplugged) is not
// used: the window opens at its default place instead of off-screen.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

const stateSchema = z.object({
  x: z.int(),
  y: z.int(),
  width: z.int().min(400).max(20_000),
  height: z.int().min(300).max(20_000),
  maximized: z.boolean().default(false),
});
export type WindowState = z.infer<typeof stateSchema>;

export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The saved state, if it is readable and its window would be visible on one of `displays`. */
export function loadWindowState(path: string, displays: readonly Area[]): WindowState | null {
  let state: WindowState;
  try {
    const parsed = stateSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    if (!parsed.success) return null;
    state = parsed.data;
  } catch {
    return null;
  }
  // Visible enough: at least 100 × 50 px of the window's top lies within some display.
  const visible = displays.some(
    (d) => state.x + state.width - 100 >= d.x && state.x + 100 <= d.x + d.width && state.y >= d.y && state.y + 50 <= d.y + d.height,
  );
  return visible ? state : null;
}

export function saveWindowState(path: string, state: WindowState): void {
  const temp = `${path}.tmp`;
  writeFileSync(temp, JSON.stringify(state));
  renameSync(temp, path);
}
