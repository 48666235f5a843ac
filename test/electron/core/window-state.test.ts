import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadWindowState, saveWindowState } from '../../../electron/core/window-state';
import { tempDbPath } from '../../support/temp-db';

const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];

describe('the remembered window', () => {
  it('comes back where it was left', () => {
    const path = tempDbPath('window.json');
    saveWindowState(path, { x: 100, y: 80, width: 1280, height: 800, maximized: false });
    expect(loadWindowState(path, screen)).toEqual({ x: 100, y: 80, width: 1280, height: 800, maximized: false });
  });

  it('is forgotten when it would open off every screen', () => {
    const path = tempDbPath('window.json');
    saveWindowState(path, { x: 2500, y: 100, width: 1280, height: 800, maximized: false }); // on a monitor since unplugged
    expect(loadWindowState(path, screen)).toBeNull();
    expect(loadWindowState(path, [...screen, { x: 1920, y: 0, width: 2560, height: 1440 }])).not.toBeNull();
  });

  it('is forgotten when the file is missing or damaged', () => {
    const path = tempDbPath('window.json');
    expect(loadWindowState(path, screen)).toBeNull();
    writeFileSync(path, '{"x": 1, "y":');
    expect(loadWindowState(path, screen)).toBeNull();
    writeFileSync(path, '{"x": 1, "y": 1, "width": 10, "height": 10}');
    expect(loadWindowState(path, screen)).toBeNull();
  });
});
