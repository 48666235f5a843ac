// Lint, and the import boundaries of docs/ARCHITECTURE.md: who may import whom is enforced here.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises', 'http', 'http2',
  'https', 'module', 'net', 'os', 'path', 'perf_hooks', 'process', 'readline', 'stream', 'timers', 'tls', 'url', 'util',
  'v8', 'vm', 'worker_threads', 'zlib',
];

/** A no-restricted-imports rule from named packages and path patterns, each with the reason. */
function restrict(...groups) {
  return {
    'no-restricted-imports': [
      'error',
      {
        paths: groups.flatMap((g) => (g.paths ?? []).map((name) => ({ name, message: g.message }))),
        patterns: groups.filter((g) => g.patterns).map((g) => ({ group: g.patterns, message: g.message })),
      },
    ],
  };
}

const noElectron = { paths: ['electron'], patterns: ['electron/*'], message: 'only electron/main and electron/preload may import electron' };
const noNode = { paths: NODE_BUILTINS, patterns: ['node:*'], message: 'this layer runs outside Node: no Node built-ins' };
const noReact = { paths: ['react', 'react-dom'], patterns: ['react-dom/*'], message: 'React belongs to renderer/' };
const layer = (name, why) => ({ patterns: [`**/${name}/*`, `**/${name}`], message: why });

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test/artifacts/**', 'bench/data/**', 'resources/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // Tests poke at parsed JSON documents to break them on purpose.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['shared/**'],
    languageOptions: { globals: {} },
    rules: restrict(noElectron, noNode, noReact, layer('electron', 'shared/ is pure: it imports nothing of electron/'), layer('renderer', 'shared/ imports nothing of renderer/'), layer('server', 'shared/ imports nothing of server/')),
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict(noElectron, noNode, layer('electron', 'the renderer talks to the app only through window.casedesk'), layer('server', 'the renderer talks to the server only through the app')),
  },
  {
    files: ['electron/core/**'],
    rules: restrict(noElectron, noReact, layer('renderer', 'the core does not import the UI'), layer('main', 'the core does not import the Electron shell'), layer('preload', 'the core does not import the preload'), layer('server', 'the desktop reaches the central server over HTTP only (core/sync)')),
  },
  {
    // The command line also starts the central server (`casedesk server`).
    files: ['electron/cli/**'],
    rules: restrict(noElectron, noReact, layer('renderer', 'the core does not import the UI'), layer('main', 'the core does not import the Electron shell'), layer('preload', 'the core does not import the preload')),
  },
  {
    files: ['electron/preload/**'],
    rules: restrict(noReact, noNode, layer('core', 'the sandboxed preload only forwards calls; the core runs in the main process'), layer('renderer', 'the preload does not import the UI'), layer('server', 'the preload does not import the server')),
  },
  {
    files: ['electron/main/**'],
    rules: restrict(noReact, layer('renderer', 'the main process does not import the UI')),
  },
  {
    files: ['server/**'],
    rules: restrict(noElectron, noReact, layer('renderer', 'the server does not import the UI'), layer('electron', 'the server has its own store; it imports only shared/')),
  },
);
