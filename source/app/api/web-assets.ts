import crypto from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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

/**
 * Where the built page is (`dist/web`): looked for above this module, which runs from
 * `source/app/api` under tsx, `dist/app/api` as tsc wrote it, or `dist/chunks` bundled.
 */
export function findWebDir(from = path.dirname(fileURLToPath(import.meta.url))): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'dist', 'web');
    if (fs.existsSync(path.join(candidate, 'index.html'))) return candidate;
    if (path.basename(dir) === 'dist' && fs.existsSync(path.join(dir, 'web', 'index.html'))) return path.join(dir, 'web');
    if (path.dirname(dir) === dir) return undefined;
  }
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
 * Answers a request for one of the page's files and says true; false for anything else (the
 * API answers it). `dir` undefined: the page was not built, and `/` says how to build it.
 */
export function serveWebPage(req: http.IncomingMessage, res: http.ServerResponse, dir: string | undefined): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  let pathname: string;
  try {
    pathname = new URL(req.url ?? '/', 'http://page.invalid').pathname;
  } catch {
    return false;
  }
  const entry = Object.prototype.hasOwnProperty.call(PAGE_FILES, pathname) ? PAGE_FILES[pathname] : undefined;
  if (!entry) return false;
  let bytes: Buffer;
  try {
    if (dir === undefined) throw new Error('not built');
    bytes = fs.readFileSync(path.join(dir, entry.file));
  } catch {
    const text = 'The status page is not built: run npm run build (it writes dist/web). The API under /api/v1 answers as usual.\n';
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), 'cache-control': 'no-store', ...SECURITY_HEADERS });
    res.end(req.method === 'HEAD' ? undefined : text);
    return true;
  }
  // Revalidated on every load (no-cache + ETag): an upgraded daemon serves its new page at once,
  // and an unchanged one costs a 304.
  const etag = `"${crypto.createHash('sha256').update(bytes).digest('base64url').slice(0, 22)}"`;
  const headers = { 'cache-control': 'no-cache', etag, ...SECURITY_HEADERS };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    res.end();
    return true;
  }
  res.writeHead(200, { ...headers, 'content-type': entry.type, 'content-length': String(bytes.length) });
  res.end(req.method === 'HEAD' ? undefined : bytes);
  return true;
}
