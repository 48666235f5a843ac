// The import rule of docs/ARCHITECTURE.md, as ESLint enforces it: code that crosses a boundary is
// refused, code that keeps to its layer passes.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/run-casedesk';

const eslint = new ESLint({ cwd: repoRoot });

async function refusals(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it('keep shared/ free of Node, Electron, React and the other layers', async () => {
    const code = [
      "import { readFileSync } from 'node:fs';",
      "import { app } from 'electron';",
      "import { useState } from 'react';",
      "import { loadPolicyFile } from '../electron/core/policy-file';",
      "import { App } from '../renderer/src/App';",
      'export const all = [readFileSync, app, useState, loadPolicyFile, App];',
    ].join('\n');
    const messages = await refusals('shared/calendar/example.ts', code);
    expect(messages.join('\n')).toMatch(/node:fs.*no Node built-ins/);
    expect(messages.join('\n')).toMatch(/'electron'.*only electron\/main and electron\/preload may import electron/);
    expect(messages.join('\n')).toMatch(/'react'.*React belongs to renderer/);
    expect(messages.join('\n')).toMatch(/policy-file.*shared\/ is pure/);
    expect(messages.join('\n')).toMatch(/App.*shared\/ imports nothing of renderer/);
  });

  it('keep the renderer on window.casedesk: no Node, no Electron, no core', async () => {
    const messages = await refusals(
      'renderer/src/Example.tsx',
      "import { join } from 'path';\nimport { loadPolicyFile } from '../../electron/core/policy-file';\nexport const all = [join, loadPolicyFile];",
    );
    expect(messages).toHaveLength(2);
  });

  it('keep electron out of the plain-Node core and the CLI', async () => {
    expect(await refusals('electron/core/example.ts', "import { Notification } from 'electron';\nexport const n = Notification;")).toHaveLength(1);
    expect(await refusals('electron/cli/example.ts', "import { secureWindowOptions } from '../main/window-options';\nexport const s = secureWindowOptions;")).toHaveLength(1);
  });

  it('keep the desktop core off the server’s code: it talks to the server over HTTP', async () => {
    expect(await refusals('electron/core/sync/example.ts', "import { ServerStore } from '../../../server/store/server-store';\nexport const s = ServerStore;")).toHaveLength(1);
    expect(await refusals('electron/cli/commands/example.ts', "import { ServerStore } from '../../../server/store/server-store';\nexport const s = ServerStore;")).toEqual([]);
    expect(await refusals('server/example.ts', "import { CaseStore } from '../electron/core/store/case-store';\nexport const s = CaseStore;")).toHaveLength(1);
  });

  it('allow each layer what it may use', async () => {
    expect(await refusals('electron/main/example.ts', "import { app } from 'electron';\nimport { isSafeExternalUrl } from '../core/external-url';\nexport const all = [app, isSafeExternalUrl];")).toEqual([]);
    expect(await refusals('renderer/src/Example.tsx', "import { useState } from 'react';\nimport { defaultPolicy } from '../../shared/policy/load-policy';\nexport const all = [useState, defaultPolicy];")).toEqual([]);
    expect(await refusals('electron/core/example.ts', "import { readFileSync } from 'node:fs';\nimport { defaultPolicy } from '../../shared/policy/load-policy';\nexport const all = [readFileSync, defaultPolicy];")).toEqual([]);
  });
});
