// Bundles the command line (electron/cli) into out/cli/casedesk.mjs. Runs in `prepare`, so
// `npm ci` alone leaves `npx casedesk` working; the tests run it again before they start.
import { build } from 'esbuild';

await build({
  entryPoints: ['electron/cli/main.ts'],
  outfile: 'out/cli/casedesk.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
