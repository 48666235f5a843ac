// Starts `casedesk web` (the built command) on a database and waits for the address it prints.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './run-casedesk';

export interface RunningHost {
  url: string;
  origin: string;
  key: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export function startHost(db: string, options: { args?: string[]; env?: Record<string, string> } = {}): Promise<RunningHost> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin/casedesk.js'), 'web', '--db', db, ...(options.args ?? [])], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`casedesk web printed no address: ${err}`)), 15_000);
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('http://'));
      if (line) {
        clearTimeout(timer);
        const url = line.trim();
        resolve({
          url,
          origin: new URL(url).origin,
          key: /#key=(.+)$/.exec(url)![1]!,
          process: child,
          stop: () =>
            new Promise((done) => {
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`casedesk web exited (${code}): ${err}`)));
  });
}
