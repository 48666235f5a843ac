// Runs the built `casedesk` command (bin/casedesk.js, as `npx casedesk` does) in a child process.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function casedesk(...args: string[]): CliResult {
  const result = spawnSync(process.execPath, [join(repoRoot, 'bin/casedesk.js'), ...args], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 1 << 30 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh temporary folder with the given files written into it; returns the folder. */
export function tempFiles(files: Record<string, string | object>): string {
  const dir = mkdtempSync(join(tmpdir(), 'casedesk-test-'));
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}
