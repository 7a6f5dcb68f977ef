// Bundles the JupyterLab 4 test page (page/) with esbuild, from Lab's own npm packages.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const page = join(dirname(fileURLToPath(import.meta.url)), 'page');

// Lab's stylesheets import packages webpack's way, as url('~package/file.css').
const tildeImports = {
  name: 'tilde-imports',
  setup(build) {
    build.onResolve({ filter: /^~/ }, (args) => build.resolve(args.path.slice(1), { kind: args.kind, resolveDir: args.resolveDir }));
  },
};

/** Writes index.html, bench.js with the bench.css it imports, page.css and the two themes' variables into outDir. */
export async function buildLabPage(outDir) {
  mkdirSync(outDir, { recursive: true });
  await esbuild.build({
    // The widget manager imports the widgets' stylesheets: they come out beside the script as bench.css.
    entryPoints: [['bench.js', 'bench'], ['bench.css', 'page'], ['theme-light.css', 'theme-light'], ['theme-dark.css', 'theme-dark']]
      .map(([file, out]) => ({ in: join(page, file), out })),
    outdir: outDir,
    bundle: true,
    format: 'iife',
    target: 'es2020',
    logLevel: 'warning',
    plugins: [tildeImports],
    loader: { '.svg': 'dataurl', '.woff': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl', '.eot': 'dataurl', '.png': 'dataurl', '.gif': 'dataurl' },
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  copyFileSync(join(page, 'index.html'), join(outDir, 'index.html'));
}
