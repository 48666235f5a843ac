// Bundles the command line (electron/cli) into out/cli/casedesk.mjs (and the log search's thread
// beside it), and links it as
// node_modules/.bin/casedesk. Runs in `prepare`, so `npm ci` alone leaves `npx casedesk` working;
// the tests run it again before they start.
//
// Why a link and not package.json "bin": for a package's own bin, `npx` first loads the whole
// installed dependency tree (about a second here); a command already in node_modules/.bin runs at
// once.
import { build } from 'esbuild';
import { chmodSync, existsSync, lstatSync, mkdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

await build({
  // The log viewer's search thread is its own small bundle, so it starts in milliseconds.
  entryPoints: { casedesk: `${root}electron/cli/main.ts`, 'log-search-worker': `${root}electron/core/files/log-search-worker.ts` },
  outdir: `${root}out/cli`,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});

/** Where `path` points, 'not a link' for another file, or null when there is nothing. */
function linkTarget(path) {
  try {
    return lstatSync(path).isSymbolicLink() ? readlinkSync(path) : 'not a link';
  } catch {
    return null;
  }
}

const binDir = `${root}node_modules/.bin`;
const link = `${binDir}/casedesk`;
const target = '../../bin/casedesk.js';
chmodSync(`${root}bin/casedesk.js`, 0o755);
if (existsSync(binDir) || existsSync(`${root}node_modules`)) {
  mkdirSync(binDir, { recursive: true });
  const current = linkTarget(link);
  if (current !== target) {
    if (current !== null) rmSync(link, { force: true });
    try {
      symlinkSync(target, link);
    } catch (err) {
      console.warn(`could not link ${link} (${err.code}); run the command line as: node bin/casedesk.js`);
    }
  }
}
