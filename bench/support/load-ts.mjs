// Loads the project's TypeScript modules into a benchmark: esbuild bundles a small entry that
// re-exports what the bench names (npm packages left external, as scripts/build-cli.mjs does) into
// out/bench/NAME.mjs — inside the repository, so the bundle's imports of better-sqlite3, kysely, pg
// and the rest resolve to node_modules — and the bench imports that.
//
//   const { CaseStore, syncOnce } = await loadTs('latency', {
//     'electron/core/store/case-store': ['CaseStore'],
//     'electron/core/sync/sync-client': ['syncOnce'],
//   });
import { build } from 'esbuild';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Bundle `exports` ({ 'path/from/repo/root': ['name', …] }) and import the bundle. */
export async function loadTs(name, exports) {
  const contents = Object.entries(exports)
    .map(([path, names]) => `export { ${names.join(', ')} } from ${JSON.stringify(`./${path}`)};`)
    .join('\n');
  const outfile = `${root}out/bench/${name}.mjs`;
  await build({
    stdin: { contents, resolveDir: root, loader: 'ts', sourcefile: `bench-${name}.ts` },
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return import(`${pathToFileURL(outfile).href}?t=${Date.now()}`);
}
