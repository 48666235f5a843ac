// An ESLint rule of our own: the import allow-list of docs/ARCHITECTURE.md. Every folder of the
// app's code names what it may import — folders of the repository and npm packages — and an
// import of anything else is refused with the folder's reason. A folder that no entry covers gets
// no free pass: its first import is refused until the folder is given its list.
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';

const BUILTINS = new Set(builtinModules);

/** `@scope/name/deep` → `@scope/name`; `name/deep` → `name`; Node's built-ins → `node`. */
function packageOf(source) {
  if (source.startsWith('node:') || BUILTINS.has(source) || BUILTINS.has(source.split('/')[0])) return 'node';
  const parts = source.split('/');
  return source.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * The entry for a folder: the one naming it (`electron/core`), else the most specific one that
 * holds it and all below (`shared/**`). A new folder inside a folder named alone gets no entry.
 */
function layerOf(layers, folder) {
  let best = null;
  for (const layer of layers) {
    const deep = layer.folder.endsWith('/**');
    const dir = deep ? layer.folder.slice(0, -3) : layer.folder;
    const covers = folder === dir || (deep && folder.startsWith(`${dir}/`));
    if (covers && (!best || dir.length > best.dir.length || (dir.length === best.dir.length && !deep))) best = { ...layer, dir };
  }
  return best;
}

/** `may` entries: `pkg` (an npm package or `node`), `dir` (that folder's own files), `dir/**` (the folder and all below it). */
function allowed(may, target) {
  for (const entry of may) {
    if (entry.endsWith('/**')) {
      const dir = entry.slice(0, -3);
      if (target === dir || target.startsWith(`${dir}/`)) return true;
    } else if (entry === target) return true;
  }
  return false;
}

export const allowedImports = {
  meta: {
    type: 'problem',
    docs: { description: 'each folder imports only what its entry in the allow-list names' },
    schema: [
      {
        type: 'object',
        properties: {
          root: { type: 'string' },
          /** Top folders the rule covers (`electron`, `server`…); files elsewhere (tests, scripts) are free. */
          covers: { type: 'array', items: { type: 'string' } },
          layers: {
            type: 'array',
            items: {
              type: 'object',
              properties: { folder: { type: 'string' }, may: { type: 'array', items: { type: 'string' } }, why: { type: 'string' } },
              required: ['folder', 'may', 'why'],
            },
          },
        },
        required: ['root', 'covers', 'layers'],
      },
    ],
  },
  create(context) {
    const { root, covers, layers } = context.options[0];
    const file = relative(root, context.filename).split('\\').join('/');
    if (!covers.some((top) => file.startsWith(`${top}/`))) return {};
    const folder = dirname(file);
    const layer = layerOf(layers, folder);

    const check = (node, source) => {
      if (typeof source !== 'string') return;
      let target;
      if (source.startsWith('.')) {
        const path = relative(root, resolve(join(root, folder), source)).split('\\').join('/');
        // `./x` names a file (its folder counts) or, rarely, a folder's index.
        target = /\.[a-z]+$/.test(path) || !layers.some((l) => l.folder === path || l.folder === `${path}/**`) ? dirname(path) : path;
      } else {
        target = packageOf(source);
      }
      if (!layer) {
        context.report({ node, message: `${folder}/ has no entry in the import allow-list (eslint.config.js, LAYERS): say what it may import` });
      } else if (!allowed(layer.may, target)) {
        context.report({ node, message: `${folder}/ may not import '${source}' (${target}): ${layer.why}` });
      }
    };
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};

export default { rules: { 'allowed-imports': allowedImports } };
