// The import allow-list of docs/ARCHITECTURE.md, as ESLint enforces it (eslint/allowed-imports.js):
// code that imports what its folder's entry does not name is refused, code that keeps to it passes,
// a folder with no entry may import nothing, and SQL stays in the stores.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/run-casedesk';

const eslint = new ESLint({ cwd: repoRoot });

async function refusals(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'casedesk/allowed-imports' || m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it('keep shared/ free of Node, Electron, React and the other layers', async () => {
    const code = [
      "import { readFileSync } from 'node:fs';",
      "import { app } from 'electron';",
      "import { useState } from 'react';",
      "import { loadPolicyFile } from '../../electron/core/policy-file';",
      "import { App } from '../../renderer/src/App';",
      'export const all = [readFileSync, app, useState, loadPolicyFile, App];',
    ].join('\n');
    const messages = await refusals('shared/calendar/example.ts', code);
    expect(messages).toHaveLength(5);
    expect(messages[0]).toBe("shared/calendar/ may not import 'node:fs' (node): shared/ is pure TypeScript that runs anywhere: no Node, Electron, React or other layer");
    expect(messages[1]).toMatch(/may not import 'electron' \(electron\)/);
    expect(messages[2]).toMatch(/may not import 'react' \(react\)/);
    expect(messages[3]).toMatch(/may not import '..\/..\/electron\/core\/policy-file' \(electron\/core\)/);
    expect(messages[4]).toMatch(/may not import '..\/..\/renderer\/src\/App' \(renderer\/src\)/);
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

  it('refuse a package no entry names: shared/ may not import pg, fastify or better-sqlite3; the core may not import the CLI', async () => {
    for (const name of ['pg', 'fastify', 'better-sqlite3', 'kysely']) {
      expect(await refusals('shared/cases/example.ts', `import x from '${name}';\nexport const y = x;`)).toEqual([
        `shared/cases/ may not import '${name}' (${name}): shared/ is pure TypeScript that runs anywhere: no Node, Electron, React or other layer`,
      ]);
    }
    expect(await refusals('electron/core/sync/example.ts', "import { program } from '../../cli/main';\nexport const p = program;")).toHaveLength(1);
    expect(await refusals('electron/core/api/example.ts', "import { program } from 'commander';\nexport const p = program;")).toHaveLength(1);
  });

  it('give a new folder no free pass: it imports nothing until it has an entry', async () => {
    expect(await refusals('electron/core/attachments/example.ts', "import { CaseStore } from '../store/case-store';\nexport const s = CaseStore;")).toEqual([
      'electron/core/attachments/ has no entry in the import allow-list (eslint.config.js, LAYERS): say what it may import',
    ]);
    expect(await refusals('server/mail/example.ts', "import { z } from 'zod';\nexport const s = z;")).toHaveLength(1);
  });

  it('keep SQL in the stores: only electron/core/store and server/store reach a database', async () => {
    expect(await refusals('electron/core/sync/example.ts', "import Database from 'better-sqlite3';\nexport const d = Database;")).toHaveLength(1);
    expect(await refusals('server/http/example.ts', "import pg from 'pg';\nexport const d = pg;")).toHaveLength(1);
    expect(await refusals('server/http/example.ts', "import { Kysely } from 'kysely';\nexport const d = Kysely;")).toHaveLength(1);
    // The store's connection is for the store's own modules.
    const sync = await refusals('electron/core/sync/example.ts', "import { connectionOf, statementOf } from '../store/case-store';\nexport const s = [connectionOf, statementOf];");
    expect(sync).toHaveLength(2);
    expect(sync[0]).toMatch(/SQL stays in electron\/core\/store/);
    expect(await refusals('electron/core/store/example.ts', "import Database from 'better-sqlite3';\nimport { connectionOf } from './case-store';\nexport const s = [Database, connectionOf];")).toEqual([]);
    expect(await refusals('server/store/example.ts', "import pg from 'pg';\nimport { Kysely } from 'kysely';\nexport const s = [pg, Kysely];")).toEqual([]);
  });

  it('allow each layer what it may use', async () => {
    expect(await refusals('electron/main/example.ts', "import { app } from 'electron';\nimport { isSafeExternalUrl } from '../core/external-url';\nexport const all = [app, isSafeExternalUrl];")).toEqual([]);
    expect(await refusals('renderer/src/Example.tsx', "import { useState } from 'react';\nimport { defaultPolicy } from '../../shared/policy/load-policy';\nexport const all = [useState, defaultPolicy];")).toEqual([]);
    expect(await refusals('electron/core/example.ts', "import { readFileSync } from 'node:fs';\nimport { defaultPolicy } from '../../shared/policy/load-policy';\nexport const all = [readFileSync, defaultPolicy];")).toEqual([]);
  });
});
