import crypto from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/*
 * The status page's files, served by the daemon's API at `/` (issue 22). The page itself holds
 * no data and no secret: it asks for the token and reads everything through the API, so its
 * three files are served without the token. Only these names are served (a fixed table, never
 * a path joined from the request), so nothing else of the disk can be reached.
 */

/** What the page is told about the daemon in `GET /api/v1/status`, beside the daemon's own status. */
export interface WebStatus {
  /** The setting api.webCommands: the page offers stop, cancel and the kill switch only when true. */
  readonly webCommands: boolean;
}

const PAGE_FILES: Readonly<Record<string, { readonly file: string; readonly type: string }>> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
};

/** The page's files by name, or undefined when there is no page to serve. */
export type PageFiles = (name: string) => Promise<Buffer | undefined>;

/**
 * Where the built page is (`dist/web`): looked for above this module, which runs from
 * `dist/app/api` as tsc wrote it or `dist/chunks` bundled.
 */
export function findWebDir(from = path.dirname(fileURLToPath(import.meta.url))): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'dist', 'web');
    if (fs.existsSync(path.join(candidate, 'index.html'))) return candidate;
    if (path.basename(dir) === 'dist' && fs.existsSync(path.join(dir, 'web', 'index.html'))) return path.join(dir, 'web');
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * The page's files: from `webDir` when given; built (`dist/web`) when atapi runs built; and when
 * it runs from source under tsx (tests, development), bundled from source/web in memory on the
 * first request, so the page served is always the code beside the server, never a stale build.
 */
export function pageFiles(webDir?: string): PageFiles {
  const fromSource = webDir === undefined && import.meta.url.endsWith('.ts');
  if (!fromSource) {
    const dir = webDir ?? findWebDir();
    return async (name) => (dir === undefined ? undefined : fs.promises.readFile(path.join(dir, name)).catch(() => undefined));
  }
  let bundle: Promise<Map<string, Buffer> | undefined> | undefined;
  return async (name) => {
    // A path built at run time: the release bundle must not follow it into the build tooling.
    const script = pathToFileURL(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../scripts/build-web.mjs')).href;
    bundle ??= (import(script) as Promise<{ bundleWeb(): Promise<Map<string, Buffer>> }>).then((m) => m.bundleWeb()).catch(() => undefined);
    return (await bundle)?.get(name);
  };
}

/*
 * The page runs only its own script and style and talks only to this origin; no page may frame
 * it, and it sends no referrer (a `?token=` it was opened with never leaves in a Referer).
 * uPlot sizes its canvas through inline styles, hence 'unsafe-inline' for styles only.
 */
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
} as const;

/**
 * Claims a request for one of the page's files (and answers it) with true; false for anything
 * else, which the API answers. No page to serve: `/` says how to build it.
 */
export function serveWebPage(req: http.IncomingMessage, res: http.ServerResponse, files: PageFiles): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  let pathname: string;
  try {
    pathname = new URL(req.url ?? '/', 'http://page.invalid').pathname;
  } catch {
    return false;
  }
  const entry = Object.prototype.hasOwnProperty.call(PAGE_FILES, pathname) ? PAGE_FILES[pathname] : undefined;
  if (!entry) return false;
  void files(entry.file).then((bytes) => sendFile(req, res, entry.type, bytes), () => sendFile(req, res, entry.type, undefined));
  return true;
}

function sendFile(req: http.IncomingMessage, res: http.ServerResponse, type: string, bytes: Buffer | undefined): void {
  if (res.headersSent) return;
  const body = req.method === 'HEAD' ? undefined : bytes;
  if (bytes === undefined) {
    const text = 'The status page is not built: run npm run build (it writes dist/web). The API under /api/v1 answers as usual.\n';
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), 'cache-control': 'no-store', ...SECURITY_HEADERS });
    res.end(req.method === 'HEAD' ? undefined : text);
    return;
  }
  // Revalidated on every load (no-cache + ETag): an upgraded daemon serves its new page at once,
  // and an unchanged one costs a 304.
  const etag = `"${crypto.createHash('sha256').update(bytes).digest('base64url').slice(0, 22)}"`;
  const headers = { 'cache-control': 'no-cache', etag, ...SECURITY_HEADERS };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, 'content-type': type, 'content-length': String(bytes.length) });
  res.end(body);
}
