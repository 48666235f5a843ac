#!/usr/bin/env node
// `npx casedesk`: runs the bundled command line that `npm ci` builds (the `prepare` script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../out/cli/casedesk.mjs', import.meta.url);
if (!existsSync(fileURLToPath(bundle))) {
  process.stderr.write('casedesk: the command line is not built yet: run `npm ci` (or `npm run build:cli`) in the repository.\n');
  process.exit(1);
}
await import(bundle.href);
