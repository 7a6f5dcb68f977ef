// Bundles the ipywidgets 7 test page (page/) with esbuild.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const page = join(dirname(fileURLToPath(import.meta.url)), 'page');

/** Writes index.html, widgets7.js and the widgets' styles it imports (widgets7.css) into outDir. */
export async function buildWidgets7Page(outDir) {
  mkdirSync(outDir, { recursive: true });
  await esbuild.build({
    entryPoints: [join(page, 'widgets7.js')],
    outdir: outDir,
    bundle: true,
    format: 'iife',
    target: 'es2020',
    logLevel: 'warning',
    loader: { '.svg': 'dataurl', '.woff': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl', '.eot': 'dataurl', '.png': 'dataurl', '.gif': 'dataurl', '.css': 'css' },
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  copyFileSync(join(page, 'index.html'), join(outDir, 'index.html'));
}
