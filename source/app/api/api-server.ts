import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { UserError } from '../../domain/index.js';
import type { Session } from '../session/session.js';
import type { DaemonStatus } from '../daemon/protocol.js';
import { checkBody } from './api-body.js';
import type { ApiContext } from './api-context.js';
import { ApiError, errorBody, errorReply, type ApiReply } from './api-errors.js';
import { createEventStreams, refuseUpgrade, type EventStreamLimits } from './api-events.js';
import { bearer, hasBody, MAX_BODY, parseJsonBody, protocolToken, readBody, sendJson } from './api-http.js';
import { API_PREFIX, EVENTS_PATH, matchRoute, routeList } from './api-routes.js';
import { tokenMatches, tokenSource } from './api-token.js';
import { EQUITY_FILE, startEquityHistory } from './equity-history.js';
import { pageFiles, serveWebPage } from './web-assets.js';

export interface ApiServerOptions extends EventStreamLimits {
  /** Default 127.0.0.1 (setting api.host). */
  readonly host?: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  /** Where api-token and signal-token are kept (made 0600 here if absent). */
  readonly dataDir: string;
  /** The daemon's status (`DaemonServer.status()`). */
  readonly status: () => DaemonStatus;
  readonly log?: (event: string, fields?: Record<string, unknown>) => void;
  /** Longest a request may take to arrive whole (ms, default 10 s): a slow client gets 408 and is hung up. */
  readonly requestTimeoutMs?: number;
  /** Longest its headers may take (ms, default 5 s). */
  readonly headersTimeoutMs?: number;
  readonly maxBody?: number;
  readonly now?: () => number;
  /** The built status page served at / (default: dist/web, or bundled from source under tsx). */
  readonly webDir?: string;
}

export interface ApiServer {
  readonly host: string;
  readonly port: number;
  /** `http://host:port`, for the log and the tests. */
  readonly url: string;
  /** Event streams open now. */
  eventClients(): number;
  /** Stops listening, closes the event streams and every connection. */
  close(reason: string): Promise<void>;
}

/** Addresses only this machine reaches: anything else puts the API on a network. */
export function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === '::1' || host === 'localhost';
}

/**
 * The daemon's HTTP API and event stream: a thin translator between HTTP and the session's
 * ports (the route table in api-routes.ts). It defends itself the way the daemon socket does:
 * every request is authorised first (401 and nothing else), bodies are bounded (64 KiB, 413),
 * slow clients time out (408), event streams are counted and a stalled one dropped.
 */
export async function startApiServer(session: Session, o: ApiServerOptions): Promise<ApiServer> {
  const log = o.log ?? (() => undefined);
  const host = o.host ?? '127.0.0.1';
  const apiToken = tokenSource(o.dataDir, 'api');
  // Sampled from the start, so the page's chart has the hours before anyone looked.
  const equity = startEquityHistory(session, { file: session.ledgerDir && path.join(session.ledgerDir, EQUITY_FILE), clock: o.now, log });
  const ctx: ApiContext = { session, status: o.status, signalToken: tokenSource(o.dataDir, 'signals'), now: o.now ?? Date.now, fills: session.fills, equity };
  const events = createEventStreams(session, { ...o, log });
  const requestTimeout = o.requestTimeoutMs ?? 10_000;
  const page = pageFiles(o.webDir);

  const answer = async (req: http.IncomingMessage): Promise<ApiReply & { close?: boolean }> => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://api.invalid');
    } catch {
      return { status: 400, body: errorBody('route.unknown', 'the request line is not a URL'), close: true };
    }
    const sub = url.pathname.startsWith(`${API_PREFIX}/`) ? url.pathname.slice(API_PREFIX.length) : undefined;
    const found = sub === undefined ? undefined : matchRoute(req.method ?? '', sub);
    const route = found && 'route' in found ? found.route : undefined;
    // Authorised before anything is said about routes: without the token, every answer is the same 401.
    if (route?.auth !== 'body' && !tokenMatches(bearer(req), apiToken())) {
      return { status: 401, body: errorBody('auth.token', 'unauthorised: send Authorization: Bearer TOKEN (atapi api token prints it)'), close: hasBody(req) };
    }
    if (sub === EVENTS_PATH) return { status: 426, body: errorBody('route.method', `GET ${API_PREFIX}${EVENTS_PATH} is a WebSocket: connect with a WebSocket client`), headers: { upgrade: 'websocket' } };
    if (!found) return { status: 404, body: errorBody('route.unknown', `no route ${(req.method ?? '').slice(0, 10)} ${url.pathname.slice(0, 80)}: the routes are ${routeList()}`), close: hasBody(req) };
    if (!route) {
      const methods = 'methods' in found ? found.methods : [];
      return { status: 405, body: errorBody('route.method', `${url.pathname.slice(0, 80)} takes ${methods.join(', ')}, not ${(req.method ?? '').slice(0, 10)}`), headers: { allow: methods.join(', ') }, close: hasBody(req) };
    }
    // As the socket refuses orders while a SIGTERM settles those in flight, so does the API.
    if (route.refusedWhileStopping && ctx.status().stopping) return { status: 503, body: errorBody('daemon.stopping', `the daemon is stopping: it takes no new commands (start it again with ${ctx.status().startCommand ?? 'the command that started it'})`), close: hasBody(req) };
    const unknownQuery = [...url.searchParams.keys()].find((k) => !Object.hasOwn(route.query ?? {}, k));
    if (unknownQuery !== undefined) {
      const allowed = Object.keys(route.query ?? {});
      return { status: 400, body: errorBody('input.invalid', `unknown query parameter "${unknownQuery.slice(0, 40)}" for ${route.method} ${API_PREFIX}${route.path}: ${allowed.length ? `it takes ${allowed.join(', ')}` : 'it takes none'}`, unknownQuery.slice(0, 40)), close: hasBody(req) };
    }
    const takesBody = route.body !== undefined || route.auth === 'body';
    if (!takesBody && hasBody(req)) return { status: 400, body: errorBody('input.invalid', `${route.method} ${API_PREFIX}${route.path} takes no body`), close: true };
    const raw = takesBody ? parseJsonBody(req, await readBody(req, o.maxBody ?? MAX_BODY), { signal: route.auth === 'body' }) : undefined;
    const body = route.body ? checkBody(route.body, raw) : raw;
    return route.handle(ctx, { params: 'params' in found ? found.params : {}, query: url.searchParams, body });
  };

  const server = http.createServer({ requestTimeout, headersTimeout: o.headersTimeoutMs ?? 5_000, connectionsCheckingInterval: Math.min(1_000, requestTimeout), keepAliveTimeout: 5_000 }, (req, res) => {
    req.on('error', () => undefined);
    res.on('error', () => undefined);
    // The status page's own files (web-assets.ts); everything else is the API's.
    if (serveWebPage(req, res, page)) return;
    answer(req).then(
      (r) => sendJson(res, r.status, r.body, { close: r.close, headers: r.headers }),
      (err: unknown) => {
        const r = errorReply(err, (bug) => log('api-failed', { method: req.method, url: req.url?.slice(0, 120), error: (bug as Error)?.stack ?? String(bug) }));
        // A body not read whole (413, or refused before reading) is not read on: the connection ends with the answer.
        sendJson(res, r.status, r.body, { close: err instanceof ApiError && (err.status === 413 || err.status === 415) });
      },
    );
  });
  server.maxConnections = 256;
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    // One line of JSON, then the connection is closed: a slow client (408) or a malformed request (400).
    if (!socket.writable) return void socket.destroy();
    if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') refuseUpgrade(socket, 408, errorBody('request.timeout', `the request did not arrive whole within ${requestTimeout / 1000} s: the connection is closed`));
    else refuseUpgrade(socket, 400, errorBody('input.invalid', 'malformed HTTP request'));
  });
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => undefined);
    let path = '';
    try {
      path = new URL(req.url ?? '/', 'http://api.invalid').pathname;
    } catch {
      /* not a URL: not the events path */
    }
    if (!tokenMatches(bearer(req) ?? protocolToken(req), apiToken())) return refuseUpgrade(socket, 401, errorBody('auth.token', 'unauthorised: send Authorization: Bearer TOKEN (atapi api token prints it)'));
    if (path !== `${API_PREFIX}${EVENTS_PATH}`) return refuseUpgrade(socket, 404, errorBody('route.unknown', `only ${API_PREFIX}${EVENTS_PATH} is a WebSocket`));
    events.upgrade(req, socket, head);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((err: NodeJS.ErrnoException) => {
    events.close('the API could not listen');
    throw new UserError(`the API cannot listen on ${host}:${o.port}: ${err.code === 'EADDRINUSE' ? 'the port is in use (choose another with --api-port N)' : (err.code ?? err.message)}`);
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log('api-listening', { url, loopback: isLoopback(host) });
  return {
    host,
    port,
    url,
    eventClients: () => events.clients(),
    async close(reason) {
      equity.stop();
      events.close(reason);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Requests still being answered finish; a connection that lingers past that is cut.
      const cut = setTimeout(() => server.closeAllConnections(), 2_000);
      cut.unref();
      await closed;
      clearTimeout(cut);
      log('api-closed', { reason });
    },
  };
}
