// `npm start`: runs the desktop app where the Electron binary is installed. Where it is not (it
// cannot be downloaded on every machine), says so and starts the browser host instead, on a local
// database (casedesk.db, created with the example cases the first time).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const electronDir = `${root}node_modules/electron`;
const cli = `${root}bin/casedesk.js`;
const db = process.env.CASEDESK_DB ?? `${root}casedesk.db`;

function electronBinary() {
  const pathFile = `${electronDir}/path.txt`;
  if (!existsSync(pathFile)) return null;
  const binary = `${electronDir}/dist/${readFileSync(pathFile, 'utf8')}`;
  return existsSync(binary) ? binary : null;
}

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root });
  return result.status ?? 1;
}

if (electronBinary()) {
  process.exit(run(process.execPath, [`${root}node_modules/electron-vite/bin/electron-vite.js`, 'dev']));
}

process.stderr.write(
  [
    'Casedesk: the Electron binary is not installed on this machine, so the desktop window cannot open.',
    '  (Where the network allows it, `npx install-electron` fetches it; then run `npm start` again.)',
    'Starting the browser host instead: the same Casedesk, in your browser.',
    '',
  ].join('\n'),
);
if (!existsSync(db)) {
  const status = run(process.execPath, [cli, 'import', `${root}docs/examples/cases.json`, '--db', db]);
  if (status !== 0) process.exit(status);
}
process.exit(run(process.execPath, [cli, 'web', '--db', db]));
