// `npm start`: runs the desktop app where the Electron binary is installed. Where it is not (it
// cannot be downloaded on every machine), says so and shows what works without it: the command
// line, on the example cases.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const electronDir = `${root}node_modules/electron`;

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

const cli = `${root}bin/casedesk.js`;
process.stdout.write(
  [
    'Casedesk: the Electron binary is not installed on this machine, so the desktop window cannot open.',
    '  (Where the network allows it, `npx install-electron` fetches it; then run `npm start` again.)',
    '',
    'The policy engine and its command line work without it. An example, on docs/examples/cases.json:',
    '',
    '$ npx casedesk sla explain docs/examples/cases.json C-1002 --at 2010-12-25T12:00:00-05:00',
    '',
  ].join('\n'),
);
const status = run(process.execPath, [cli, 'sla', 'explain', 'docs/examples/cases.json', 'C-1002', '--at', '2010-12-25T12:00:00-05:00']);
process.stdout.write('\nMore: npx casedesk --help\n');
process.exit(status);
