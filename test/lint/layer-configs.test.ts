// Each layer compiles under its own TypeScript config and sees only the globals it may use: the
// sandboxed preload has no Node (`process`, `require`, `Buffer`), shared/ neither Node nor the DOM.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/run-casedesk';

const TSC = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');

/** Compile one file under a layer's config; tsc's error lines. */
function compile(config: string, code: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'casedesk-layer-'));
  const probe = join(dir, 'probe.ts');
  writeFileSync(probe, code);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ extends: join(repoRoot, config), compilerOptions: { composite: false, incremental: false }, include: [], files: [probe] }),
  );
  const run = spawnSync(process.execPath, [TSC, '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
  return run.stdout.split('\n').filter((line) => line.includes('error TS'));
}

describe('the layer configs', () => {
  it('give the preload electron’s sandbox surface and no Node globals', () => {
    const errors = compile('tsconfig.preload.json', "import { ipcRenderer } from 'electron';\nexport const x = [ipcRenderer.invoke, process.env.HOME, require('fs'), Buffer.from('x')];\n");
    expect(errors.map((e) => e.match(/Cannot find name '(\w+)'/)?.[1])).toEqual(['process', 'require', 'Buffer']);
  });

  it('compile the preload’s own use of electron', () => {
    expect(compile('tsconfig.preload.json', "import { contextBridge, ipcRenderer } from 'electron';\ncontextBridge.exposeInMainWorld('x', { ping: () => ipcRenderer.invoke('ping') });\n")).toEqual([]);
  });

  it('give shared/ neither Node nor the DOM', () => {
    const errors = compile('tsconfig.shared.json', 'export const x = [process.env.HOME, document.title];\n');
    expect(errors.map((e) => e.match(/Cannot find name '(\w+)'/)?.[1])).toEqual(['process', 'document']);
  });
});
