// Builds the command line once per test run, so the CLI tests spawn the same bundle `npx casedesk`
// runs, from the sources under test.
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { stdio: 'inherit' });
}
