// Bundles the status page (source/web): index.html, app.js, app.css. Everything the page needs
// is in those three files (Preact and uPlot included), so it works on a server with no
// internet. bundle.mjs writes them to dist/web at build time; the API, when it runs from
// source under tsx (tests, development), bundles them in memory on the first request instead,
// so the page it serves is always the code beside it.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'source', 'web');

/** The files the page is made of. */
export const WEB_FILES = ['index.html', 'app.js', 'app.css'];

/** The three files in memory, by name. */
export async function bundleWeb() {
  const esbuild = await import('esbuild');
  const out = await esbuild.build({
    entryPoints: { app: path.join(web, 'main.tsx') },
    outdir: path.join(root, 'dist', 'web'),
    write: false,
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
  const files = new Map(out.outputFiles.map((f) => [path.basename(f.path), Buffer.from(f.contents)]));
  files.set('index.html', fs.readFileSync(path.join(web, 'page.html')));
  for (const f of WEB_FILES) if (!files.has(f)) throw new Error(`the status page bundle has no ${f}`);
  return files;
}

/** Writes the three files into `outDir`. */
export async function buildWeb(outDir) {
  const files = await bundleWeb();
  fs.mkdirSync(outDir, { recursive: true });
  for (const [name, bytes] of files) fs.writeFileSync(path.join(outDir, name), bytes);
  return outDir;
}
