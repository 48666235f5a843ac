// Builds the command line and the UI once per test run, so the CLI and browser tests run the
// sources under test. CASEDESK_SKIP_BUILD=1 skips it (a quick rerun of tests that use neither,
// or while another run is building).
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  if (process.env.CASEDESK_SKIP_BUILD === '1') return;
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { stdio: 'inherit' });
  execFileSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
}
