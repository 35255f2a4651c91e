// Bundles the status page (source/web) into one directory: index.html, app.js, app.css.
// Everything the page needs is in those three files (Preact and uPlot included), so it works
// on a server with no internet. Used by bundle.mjs at build time and by the browser test,
// which builds into a temp dir because a test run under tsx may have no dist/.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'source', 'web');

/** The files the API serves, by the name the page asks for. */
export const WEB_FILES = ['index.html', 'app.js', 'app.css'];

export async function buildWeb(outDir) {
  const esbuild = await import('esbuild');
  fs.mkdirSync(outDir, { recursive: true });
  await esbuild.build({
    entryPoints: { app: path.join(web, 'main.tsx') },
    outdir: outDir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome110', 'firefox110', 'safari16'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: true,
    // uPlot's stylesheet is imported by the chart: it lands in app.css with the page's own.
    loader: { '.css': 'css' },
    legalComments: 'eof',
    logLevel: 'error',
  });
  fs.copyFileSync(path.join(web, 'page.html'), path.join(outDir, 'index.html'));
  for (const f of WEB_FILES) if (!fs.existsSync(path.join(outDir, f))) throw new Error(`the status page bundle has no ${f}`);
  return outDir;
}
