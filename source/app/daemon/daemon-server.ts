import fs from 'node:fs';
import net from 'node:net';
import { assertEvents, UserError, type DomainEvent } from '../../domain/index.js';
import type { Session } from '../session.js';
import { encode, lineReader, parseRequest, STATUS_METHOD, type DaemonInfo, type DaemonStatus, type Request, type ServerMessage } from './protocol.js';
import { futuresSetter, isRemoteMethod, REFUSED_WHILE_STOPPING, REMOTE_METHODS } from './remote-methods.js';

export interface ServerOptions {
  readonly socketPath: string;
  readonly info: DaemonInfo;
  /** One JSON-able record per thing worth keeping in the daemon's log. */
  readonly log?: (event: string, fields?: Record<string, unknown>) => void;
  /**
   * Bytes a client may have waiting unread before it is dropped: a stalled terminal must
   * not make the daemon's memory grow. Default 32 MiB (a hello with a full market is a few).
   */
  readonly maxBacklog?: number;
}

export interface DaemonServer {
  /** Clients attached now. */
  clients(): number;
  /** From now on, orders are refused with `reason` (a SIGTERM is being handled). */
  refuseOrders(reason: string): void;
  /** Tells every client goodbye, disconnects them and stops listening; removes the socket. */
  close(reason: string): Promise<void>;
}

interface Client {
  readonly socket: net.Socket;
  readonly n: number;
}

/**
 * Serves one session on a Unix socket (mode 0600: only this user may attach). Every client
 * gets the state at attach and then every dispatched batch, in order; its requests are
 * forwarded to the session through the one table of remote methods.
 */
export async function startDaemonServer(session: Session, o: ServerOptions): Promise<DaemonServer> {
  const log = o.log ?? (() => undefined);
  const maxBacklog = o.maxBacklog ?? 32 * 1024 * 1024;
  const clients = new Set<Client>();
  let refusal: string | undefined;
  let count = 0;

  const send = (c: Client, line: string): void => {
    if (c.socket.destroyed) return;
    if (c.socket.writableLength > maxBacklog) {
      log('client-dropped', { client: c.n, reason: 'too slow', backlog: c.socket.writableLength });
      c.socket.destroy();
      return;
    }
    c.socket.write(line);
  };

  // One serialisation per batch, whatever the number of clients.
  const stopObserving = session.store.observe((batch) => {
    if (clients.size === 0) return;
    const line = encode({ type: 'events', batch });
    for (const c of clients) send(c, line);
  });

  const status = (): DaemonStatus => ({
    ...o.info,
    uptimeMs: Date.now() - o.info.startedAt,
    // The asker is a client too; the others are the terminals attached.
    clients: Math.max(0, clients.size - 1),
    strategies: Object.values(session.state().ledger.strategies)
      .filter((s) => s.status === 'running' && s.venue === session.venue)
      .map((s) => ({ id: s.strategyId, name: s.name, symbol: s.symbol })),
    stopping: refusal !== undefined,
  });

  const answer = async (c: Client, req: Request): Promise<void> => {
    let reply: ServerMessage;
    try {
      if (req.method === STATUS_METHOD) {
        reply = { type: 'reply', id: req.id, result: status() };
        send(c, encode(reply));
        return;
      }
      const setter = futuresSetter(String(req.method));
      if (setter) {
        if (refusal !== undefined) throw new UserError(refusal);
        const fn = session.futures[setter] as (...args: unknown[]) => Promise<void>;
        await fn.apply(session.futures, [...req.args]);
        send(c, encode({ type: 'reply', id: req.id, result: null }));
        return;
      }
      if (!isRemoteMethod(req.method)) throw new UserError(`unknown method "${String(req.method).slice(0, 40)}": use one of ${Object.keys(REMOTE_METHODS).join(', ')}`);
      if (refusal !== undefined && REFUSED_WHILE_STOPPING.has(req.method)) throw new UserError(refusal);
      if (req.method === 'dispatch') checkDispatched(req.args[0]);
      const fn = (session as unknown as Record<string, (...args: unknown[]) => unknown>)[req.method];
      if (typeof fn !== 'function') throw new UserError(`the daemon's session has no method "${req.method}" (an older daemon? restart it: atapi daemon stop, atapi daemon start)`);
      const result = await fn.apply(session, [...req.args]);
      // An order refused by the engine is an answer, not an error: it comes back as it is.
      reply = { type: 'reply', id: req.id, result: result === undefined ? null : result };
    } catch (err) {
      const user = err instanceof UserError;
      const message = user ? err.message : `internal error in the daemon: ${(err as Error)?.message ?? String(err)}`;
      if (!user) log('request-failed', { client: c.n, method: req.method, error: message });
      reply = { type: 'reply', id: req.id, error: { message, user } };
    }
    send(c, encode(reply));
  };

  const pending = new Set<Promise<void>>();
  const server = net.createServer((socket) => {
    const c: Client = { socket, n: ++count };
    clients.add(c);
    log('client-attached', { client: c.n, clients: clients.size });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clients.delete(c);
      log('client-detached', { client: c.n, clients: clients.size });
    });
    socket.on('data', lineReader(
      (line) => {
        const parsed = parseRequest(line);
        if (!parsed.ok) {
          send(c, encode({ type: 'reply', id: parsed.id ?? 0, error: { message: parsed.error, user: true } }));
          return;
        }
        // Kept until answered: a stop sends its goodbye only after every request taken before
        // it has its answer (an order placed but not yet answered would otherwise reach its
        // client as "the daemon stopped" although it traded).
        const answering = answer(c, parsed.request);
        pending.add(answering);
        void answering.finally(() => pending.delete(answering));
      },
      () => {
        log('client-dropped', { client: c.n, reason: 'line too long' });
        socket.destroy();
      },
    ));
    send(c, encode({ type: 'hello', info: o.info, state: session.state() }));
  });

  removeStaleSocket(o.socketPath);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Made with no access for anyone but this user before it can be connected to.
    const umask = process.umask(0o177);
    try {
      server.listen(o.socketPath, () => {
        server.off('error', reject);
        resolve();
      });
    } finally {
      process.umask(umask);
    }
  }).catch((err: NodeJS.ErrnoException) => {
    stopObserving();
    throw new UserError(`cannot listen on ${o.socketPath}: ${err.code ?? err.message}`);
  });
  fs.chmodSync(o.socketPath, 0o600);

  return {
    clients: () => clients.size,
    refuseOrders(reason) {
      refusal = reason;
    },
    async close(reason) {
      if (pending.size > 0) {
        let timer: NodeJS.Timeout | undefined;
        const limit = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, ANSWER_WAIT_MS);
          timer.unref();
        });
        await Promise.race([Promise.allSettled([...pending]), limit]);
        clearTimeout(timer);
      }
      stopObserving();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const bye = encode({ type: 'bye', reason });
      // Each client's leaving is logged before the daemon says it stopped.
      const gone = [...clients].map((c) => new Promise<void>((resolve) => (c.socket.destroyed && c.socket.closed ? resolve() : c.socket.once('close', () => resolve()))));
      for (const c of clients) {
        send(c, bye);
        c.socket.end();
      }
      // A client that does not read its goodbye is not waited for.
      const timer = setTimeout(() => {
        for (const c of clients) c.socket.destroy();
      }, 2_000);
      timer.unref();
      await Promise.all([closed, ...gone]);
      clearTimeout(timer);
      removeStaleSocket(o.socketPath);
    },
  };
}

/** A socket file left by a daemon that died; the caller already knows no daemon answers on it. */
function removeStaleSocket(file: string): void {
  try {
    if (fs.lstatSync(file).isSocket()) fs.unlinkSync(file);
  } catch {
    // Absent: nothing to remove.
  }
}

/** Events a terminal may record in the daemon's ledger: its own doings, never the venue's facts. */
const TERMINAL_EVENTS = /^(user|strategy|alert|watchlist)\//;

/**
 * Orders, fills and balances come from the venue through the daemon's own engine; a client
 * that sends such an event (a bug, or a script) must not write money facts into the ledger.
 */
function checkDispatched(events: unknown): void {
  if (!Array.isArray(events)) throw new UserError('bad request: dispatch takes a list of events');
  for (const e of events) {
    const type = typeof e === 'object' && e !== null ? (e as { type?: unknown }).type : undefined;
    if (typeof type !== 'string' || !TERMINAL_EVENTS.test(type)) throw new UserError(`a terminal may not record "${String(type).slice(0, 40)}" events: orders, fills and balances come from the venue`);
  }
  // Each must match its schema too (the store checks again): one the fold cannot take would
  // stop every later open of the ledger.
  assertEvents(events as DomainEvent[]);
}

/** How long a stop waits for the answers of requests taken before it (orders in flight). */
const ANSWER_WAIT_MS = 15_000;
