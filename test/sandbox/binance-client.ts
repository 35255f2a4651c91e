import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import { WebSocket } from 'ws';

/**
 * A Binance client of our own, written from Binance's API docs with only node:http, node:crypto
 * and ws: HMAC-SHA256 over the query string, or over the query string concatenated without
 * separator to the body, as the docs' examples do.
 */
export interface Reply<T = unknown> {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: T;
}

export interface Creds {
  readonly url: string;
  readonly apiKey: string;
  readonly secret: string;
}

export const hmac = (payload: string, secret: string): string => createHmac('sha256', secret).update(payload).digest('hex');

export function request<T = unknown>(url: string, method: string, path: string, query = '', body = '', headers: Record<string, string> = {}): Promise<Reply<T>> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}${path}${query ? `?${query}` : ''}`, { method, headers: { ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...headers } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) as T });
        } catch (e) {
          reject(new Error(`not JSON from ${method} ${path}: ${text.slice(0, 200)} (${(e as Error).message})`));
        }
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

export const get = <T = unknown>(url: string, path: string, params: Record<string, string | number> = {}) => request<T>(url, 'GET', path, qs(params));

export const qs = (params: Record<string, string | number | boolean>): string => Object.entries(params).map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join('&');

/**
 * A SIGNED request. `where` puts the parameters in the query string, in the body, or the first
 * half in the query and the rest in the body (signature over query + body, no separator).
 */
export function signed<T = unknown>(c: Creds, method: string, path: string, params: Record<string, string | number | boolean>, where: 'query' | 'body' | 'split' = method === 'POST' ? 'body' : 'query'): Promise<Reply<T>> {
  const all = { ...params, timestamp: params.timestamp ?? Date.now() };
  const entries = Object.entries(all);
  const cut = where === 'query' ? entries.length : where === 'body' ? 0 : Math.ceil(entries.length / 2);
  const query = qs(Object.fromEntries(entries.slice(0, cut)));
  const body = qs(Object.fromEntries(entries.slice(cut)));
  const signature = hmac(query + body, c.secret);
  const headers = { 'X-MBX-APIKEY': c.apiKey };
  if (where === 'query') return request<T>(c.url, method, path, `${query}&signature=${signature}`, '', headers);
  return request<T>(c.url, method, path, query, `${body}&signature=${signature}`, headers);
}

/** Asserts a Binance error answer: status and code, and returns the message. */
export function assertError(r: Reply, status: number, code: number, msg?: RegExp): string {
  const body = r.body as { code?: number; msg?: string };
  assert.equal(r.status, status, `HTTP status (got ${JSON.stringify(r.body)})`);
  assert.equal(body.code, code, `code (got ${JSON.stringify(r.body)})`);
  if (msg) assert.match(body.msg ?? '', msg);
  return body.msg ?? '';
}

/** A websocket whose messages are queued, with bounded waits for the next one that matches. */
export class Socket {
  readonly ws: WebSocket;
  private readonly queue: unknown[] = [];
  private waiters: (() => void)[] = [];
  closed?: { code: number; reason: string };

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (raw) => {
      this.queue.push(JSON.parse(raw.toString()));
      this.wake();
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.wake();
    });
  }

  static async open(url: string): Promise<Socket> {
    const ws = new WebSocket(url);
    const s = new Socket(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('close', () => resolve());
    });
    return s;
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  send(payload: unknown): void {
    this.ws.send(JSON.stringify(payload));
  }

  /** The next message matching `pred` (earlier non-matching ones are dropped); fails naming `what`. */
  async next<T = Record<string, unknown>>(what: string, pred: (m: T) => boolean = () => true, limitMs = 10_000): Promise<T> {
    const end = Date.now() + limitMs;
    for (;;) {
      while (this.queue.length) {
        const m = this.queue.shift() as T;
        if (pred(m)) return m;
      }
      if (this.closed) assert.fail(`socket closed (${this.closed.code} ${this.closed.reason}) while waiting for ${what}`);
      if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, 100);
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  /** A request/response exchange by id. */
  async call<T = Record<string, unknown>>(payload: { id: unknown } & Record<string, unknown>): Promise<T> {
    this.send(payload);
    return this.next<T>(`the answer to ${JSON.stringify(payload).slice(0, 80)}`, (m) => (m as { id?: unknown }).id === payload.id);
  }

  close(): void {
    this.ws.terminate();
  }
}
