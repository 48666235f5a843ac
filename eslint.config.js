// Lint, and the import allow-list of docs/ARCHITECTURE.md: what each folder may import is enforced
// here (the rule itself: eslint/allowed-imports.js).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { fileURLToPath } from 'node:url';
import casedeskRules from './eslint/allowed-imports.js';

const ROOT = fileURLToPath(new URL('.', import.meta.url));

// The import allow-list: what each folder may import (folders of the repository, npm packages, and
// `node` for Node's built-ins). `dir` is that folder's own files, `dir/**` the folder and all below.
// An entry is for its folder alone, or with `/**` for the folder and all below; a new folder of
// electron/, server/, shared/ or renderer/ that no entry covers may import nothing until it is
// given one.
const LAYERS = [
  { folder: 'shared/**', may: ['shared/**', 'zod', 'luxon'], why: 'shared/ is pure TypeScript that runs anywhere: no Node, Electron, React or other layer' },
  { folder: 'shared/files', may: ['shared/**', 'file-type'], why: "a file's type from its content, the same on the desktop and on the server" },
  { folder: 'shared/oncall', may: ['shared/**', 'zod', 'rrule'], why: "who is on call, by the rota's recurring shifts (RRULE), the same on the desktop and on the server" },
  {
    folder: 'renderer/**',
    may: ['renderer/**', 'shared/**', 'react', 'react-dom', 'luxon', '@tanstack/react-table', '@tanstack/react-virtual', 'signature_pad'],
    why: 'the page talks to the app only through window.casedesk: no Node, no Electron, no core, no server',
  },
  { folder: 'electron/preload', may: ['electron', 'shared/ipc'], why: 'the sandboxed preload only forwards calls: no Node, no core' },
  { folder: 'electron/main', may: ['electron', 'node', 'electron/main', 'electron/core/**', 'shared/**'], why: 'the Electron shell hosts the core: no React, no UI, no server' },
  { folder: 'electron/core', may: ['node', 'zod', 'shared/**', 'electron/core'], why: 'the core runs in plain Node: no Electron, no UI, no server' },
  {
    folder: 'electron/core/store/**',
    may: ['node', 'better-sqlite3', 'uuid', 'shared/**', 'electron/core/store/**'],
    why: 'the store owns the desktop database and knows nothing of the sync, the API or the hosts',
  },
  {
    folder: 'electron/core/files',
    may: ['node', 'file-type', 'shared/**', 'electron/core/store', 'electron/core/files'],
    why: "the case files' bytes on disk: content-addressed, sniffed, recorded through the store",
  },
  {
    folder: 'electron/core/diagnostics',
    may: ['node', 'pdf-lib', 'shared/**', 'electron/core/store', 'electron/core/diagnostics'],
    why: "the diagnosis's documents (the waiver's PDF), rendered from the case as the store has it",
  },
  {
    folder: 'electron/core/sync',
    may: ['node', 'zod', 'shared/**', 'electron/core/store', 'electron/core/files', 'electron/core/sync'],
    why: 'the sync reaches the server over HTTP only, the database through the store, the file bytes through the file store',
  },
  {
    folder: 'electron/core/alerts',
    may: ['node', 'zod', 'shared/**', 'electron/core/store', 'electron/core/alerts'],
    why: "the desktop's alerts: the scheduler over the store's clock columns, raised as the core's events",
  },
  {
    folder: 'electron/core/api',
    may: ['node', 'zod', 'shared/**', 'electron/core', 'electron/core/store', 'electron/core/sync', 'electron/core/files', 'electron/core/diagnostics', 'electron/core/alerts', 'electron/core/api'],
    why: 'the API answers the contract from the store and the sync: no Electron, no UI, no SQL',
  },
  { folder: 'electron/core/host', may: ['node', 'shared/**', 'electron/core', 'electron/core/api', 'electron/core/host'], why: 'the browser host serves the API over HTTP' },
  {
    folder: 'electron/core/thread',
    may: ['node', 'shared/**', 'electron/core', 'electron/core/api', 'electron/core/files', 'electron/core/store', 'electron/core/sync', 'electron/core/thread'],
    why: 'the core thread runs the API in a worker and answers by message',
  },
  {
    // The command line also starts the central server (`casedesk server`).
    folder: 'electron/cli/**',
    may: ['node', 'commander', 'shared/**', 'electron/cli/**', 'electron/core/**', 'server/**'],
    why: 'the command line drives the core and the server: no Electron, no UI',
  },
  { folder: 'server', may: ['node', 'fastify', 'shared/**', 'server/**'], why: 'the server has its own store: no Electron, no desktop code, no UI' },
  {
    folder: 'server/store/**',
    may: ['node', 'better-sqlite3', 'kysely', 'pg', 'uuid', 'shared/**', 'server/store/**'],
    why: 'the server store owns the central database and knows nothing of HTTP',
  },
  {
    folder: 'server/alerts',
    may: ['node', 'uuid', 'shared/**', 'server/store', 'server/alerts'],
    why: "the central store's scheduler records what the policy does by itself through the store",
  },
  { folder: 'server/auth', may: ['node', 'shared/**', 'server/store', 'server/auth'], why: 'authentication reads users from the store' },
  {
    folder: 'server/http',
    may: ['node', 'fastify', 'zod', 'shared/**', 'server/auth', 'server/files', 'server/http', 'server/intake', 'server/store'],
    why: 'the endpoints reach the database only through the server store, and file bytes through server/files',
  },
  {
    folder: 'server/files',
    may: ['node', 'fastify', 'zod', 'shared/**', 'server/files', 'server/http', 'server/store'],
    why: 'the file bytes live in their folder; which case holds a file is read through the server store',
  },
  {
    folder: 'server/intake',
    may: ['node', 'fastify', '@fastify/cookie', '@fastify/csrf-protection', '@fastify/formbody', '@fastify/multipart', '@fastify/rate-limit', 'luxon', 'uuid', 'zod', 'shared/**', 'server/files', 'server/http', 'server/intake', 'server/store'],
    why: 'the online form reaches the database only through the server store',
  },
];

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
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { casedesk: casedeskRules },
    rules: { 'casedesk/allowed-imports': ['error', { root: ROOT, covers: ['electron', 'server', 'shared', 'renderer'], layers: LAYERS }] },
  },
  {
    // SQL stays in the stores: outside electron/core/store/ nobody takes the store's connection.
    files: ['electron/**', 'server/**', 'shared/**', 'renderer/**'],
    ignores: ['electron/core/store/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/store/case-store'], importNames: ['connectionOf', 'statementOf'], message: 'SQL stays in electron/core/store/: give the store a method or a module there' }] },
      ],
    },
  },
  { files: ['shared/**'], languageOptions: { globals: {} } },
  { files: ['renderer/**'], languageOptions: { globals: { ...globals.browser } } },
);
