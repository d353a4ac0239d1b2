// Bundles the command line into dist/cli.js once, at install (npm's "prepare"), so that each
// `openlg` call starts without compiling TypeScript; bin/openlg.js falls back to the sources
// through tsx whenever the bundle is missing or older than them. Plain JavaScript: it runs
// before anything can compile TypeScript.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Sources find their files (views, docs, catalogue, styles) from their own location; in one
 * bundle they would all share dist/'s. Each import.meta.dirname or .url is rewritten to the
 * source's own place, relative to the repository the bundle is in, so a moved checkout works.
 */
const ownLocation = {
  name: 'own-location',
  setup(esbuild) {
    esbuild.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const relative = path.relative(root, args.path).split(path.sep).join('/');
      const contents = source
        .replaceAll(
          'import.meta.dirname',
          `__openlgPath(${JSON.stringify(path.posix.dirname(relative))})`,
        )
        .replaceAll('import.meta.url', `__openlgUrl(${JSON.stringify(relative)})`);
      return { contents, loader: 'ts' };
    });
  },
};

await build({
  entryPoints: [path.join(root, 'src/cli/main.ts')],
  outdir: path.join(root, 'dist'),
  entryNames: 'cli',
  // What main.ts loads only when needed (the web application, the spreadsheet reader) stays in
  // chunks of its own (beside cli.js: each file finds the repository one level up), so commands
  // that do not need it do not load it.
  splitting: true,
  chunkNames: '[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  // Dependencies load from node_modules as they do from the sources; only openlg's code is bundled.
  packages: 'external',
  plugins: [ownLocation],
  banner: {
    js: [
      "import { fileURLToPath as __openlgFileUrl, pathToFileURL as __openlgToUrl } from 'node:url';",
      "const __openlgRoot = __openlgFileUrl(new URL('..', import.meta.url));",
      'const __openlgPath = (p) => __openlgRoot + p;',
      'const __openlgUrl = (p) => __openlgToUrl(__openlgRoot + p).href;',
    ].join('\n'),
  },
  logLevel: 'warning',
});
