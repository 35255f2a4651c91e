import http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { isDurable } from '../../domain/index.js';
import type { Session } from '../session/session.js';
import { errorBody, type ApiErrorBody } from './api-errors.js';
import { EVENTS_PROTOCOL } from './browser-token.js';

export interface EventStreamLimits {
  /** Streams open at once (default 8); the next is answered 503. */
  readonly maxEventClients?: number;
  /**
   * Bytes a stream may leave unsent before it is dropped (default 4 MiB): a consumer that does
   * not read must not make the daemon's memory grow (the daemon hub's rule for terminals).
   */
  readonly maxEventBacklog?: number;
}

/** The subprotocol the events stream speaks, for a client that names one (a browser offering its token): named in browser-token.ts, which the page imports too. */
export { EVENTS_PROTOCOL };

export interface EventStreams {
  /** Takes over an upgrade the server has already authorised and routed. */
  upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void;
  clients(): number;
  close(reason: string): void;
}

/** An answer on a socket that was asking to upgrade (no HTTP response object exists for it). */
export function refuseUpgrade(socket: Duplex, status: number, body: ApiErrorBody): void {
  const text = JSON.stringify(body);
  socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
}

/**
 * `GET /api/v1/events`: the ledger's events as they are folded, one JSON message per batch
 * (`{type: 'events', batch}`), after a `hello` naming the last seq already folded. Market
 * data is left out (it is not the ledger's). One serialisation per batch for every stream.
 */
export function createEventStreams(session: Session, o: EventStreamLimits & { readonly log: (event: string, fields?: Record<string, unknown>) => void }): EventStreams {
  const max = o.maxEventClients ?? 8;
  const maxBacklog = o.maxEventBacklog ?? 4 * 1024 * 1024;
  // Nothing a client sends is wanted: a tiny payload limit, and its messages are ignored.
  // A browser that offered its token as a subprotocol must be answered with one it offered:
  // `atapi.v1` (the token itself is never echoed back).
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024, handleProtocols: (offered) => (offered.has(EVENTS_PROTOCOL) ? EVENTS_PROTOCOL : false) });
  const clients = new Set<WebSocket>();
  let count = 0;

  const stopObserving = session.store.observe((batch) => {
    if (clients.size === 0) return;
    const durable = batch.filter((e) => isDurable(e.event));
    if (durable.length === 0) return;
    const line = JSON.stringify({ type: 'events', batch: durable });
    for (const ws of clients) {
      if (ws.bufferedAmount > maxBacklog) {
        o.log('api-events-dropped', { reason: 'too slow', backlog: ws.bufferedAmount });
        clients.delete(ws);
        ws.terminate();
        continue;
      }
      ws.send(line);
    }
  });

  return {
    upgrade(req, socket, head) {
      if (clients.size >= max) {
        refuseUpgrade(socket, 503, errorBody('events.busy', `the daemon serves at most ${max} event streams at once and that many are open: close one`));
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        const n = ++count;
        clients.add(ws);
        o.log('api-events-open', { stream: n, streams: clients.size });
        ws.on('error', () => undefined);
        ws.on('close', () => {
          if (clients.delete(ws)) o.log('api-events-closed', { stream: n, streams: clients.size });
        });
        ws.send(JSON.stringify({ type: 'hello', lastSeq: session.state().lastSeq, venue: session.venue, mode: session.mode }));
      });
    },
    clients: () => clients.size,
    close(reason) {
      stopObserving();
      for (const ws of clients) {
        ws.close(1001, reason.slice(0, 120));
        // A consumer that does not answer the close is not waited for: the server's close waits on its socket.
        setTimeout(() => ws.terminate(), 1_000).unref();
      }
      clients.clear();
      wss.close();
    },
  };
}
