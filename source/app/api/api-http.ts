import type http from 'node:http';
import { ApiError } from './api-errors.js';
import { BEARER_PROTOCOL_PREFIX } from './browser-token.js';

/** Largest body a request may carry: an order or a signal is well under a kilobyte. */
export const MAX_BODY = 64 * 1024;

/** The bearer token of a request, if it sent one. */
export function bearer(req: http.IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  const m = typeof h === 'string' ? /^Bearer +(\S+) *$/i.exec(h) : null;
  return m?.[1];
}

/**
 * The token a browser's WebSocket offers as a subprotocol (`new WebSocket(url, ['atapi.v1',
 * 'bearer.' + token])`): a browser cannot set Authorization on a WebSocket. Only the events
 * stream reads it; every other request takes the header alone.
 */
export function protocolToken(req: http.IncomingMessage): string | undefined {
  const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  return offered.find((p) => p.startsWith(BEARER_PROTOCOL_PREFIX))?.slice(BEARER_PROTOCOL_PREFIX.length) || undefined;
}

/** Whether the request says it carries a body. */
export function hasBody(req: http.IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

/**
 * The body, read up to `limit` bytes: past it (by Content-Length, or as the bytes arrive) the
 * reading stops at once with a 413, so a huge body costs no memory.
 */
export function readBody(req: http.IncomingMessage, limit = MAX_BODY): Promise<Buffer> {
  const tooLarge = (): ApiError => new ApiError(413, 'body.too-large', `the body is larger than ${limit / 1024} KiB: an order or a signal is a few hundred bytes`);
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        reject(tooLarge());
        return;
      }
      parts.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(parts)));
    req.once('error', reject);
  });
}

/**
 * A body's JSON, for a content type that says JSON. `signal` also takes text/plain (TradingView
 * posts an alert as text/plain when its template is not exactly JSON, and cannot be told
 * otherwise) and hands a body that is not JSON on as its text: the signal port records every
 * signal, even one it cannot read, so a malformed one is refused there, on the record.
 */
export function parseJsonBody(req: http.IncomingMessage, bytes: Buffer, o: { readonly signal?: boolean } = {}): unknown {
  if (bytes.length === 0) return undefined;
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const allowed = type === 'application/json' || (o.signal === true && type === 'text/plain');
  if (!allowed) throw new ApiError(415, 'body.content-type', `a body needs Content-Type: application/json${o.signal ? ' (or text/plain)' : ''} (got "${type.slice(0, 60) || 'none'}")`);
  const text = bytes.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    if (o.signal) return text;
    throw new ApiError(400, 'body.json', 'the body is not valid JSON: send one JSON object, like {"symbol": "BTC/USDT", "side": "buy", "quantity": 0.01}');
  }
}

/** Writes one JSON answer; `close` hangs up after it (a body left unread is not read). */
export function sendJson(res: http.ServerResponse, status: number, body: unknown, o: { readonly close?: boolean; readonly headers?: Readonly<Record<string, string>> } = {}): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
    ...(o.close ? { connection: 'close' } : {}),
    ...o.headers,
  });
  res.end(text);
}
