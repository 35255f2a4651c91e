import { assertEvents, RefusedError, UserError, type DomainEvent } from '../../domain/index.js';
import type { Session } from '../session/session.js';
import { selectNextAlertId, type State } from '../../store/index.js';
import type { DaemonHealth } from './daemon-health.js';
import type { ChannelStatus } from '../notify/delivery.js';
import { encode, lineReader, MAX_REQUEST_LINE, parseRequest, STATUS_METHOD, type DaemonInfo, type DaemonStatus, type Request, type ServerMessage } from './protocol.js';
import { buildDaemonStatus } from './daemon-status.js';
import { futuresSetter, isRemoteMethod, REFUSED_WHILE_STOPPING, REMOTE_METHODS } from './remote-methods.js';
import { daemonDirCommand } from './daemon-hints.js';

/**
 * One client as the hub sees it, whatever carries its bytes: a Unix socket in the daemon,
 * a simulated peer in the fault simulator (sim/daemon-faults.ts).
 */
export interface Peer {
  /** Queues a line for the client. */
  write(line: string): void;
  /** Bytes (or characters) queued for the client and not yet taken by it. */
  backlog(): number;
  /** Sends what is queued, then hangs up. */
  end(): void;
  /** Hangs up at once, dropping what is queued. */
  destroy(): void;
}

/** What the hub does with one connection's bytes, and to hear that it is gone. */
export interface Connection {
  readonly data: (chunk: Buffer | string) => void;
  readonly closed: () => void;
}

export interface HubLimits {
  /**
   * Bytes a terminal may leave unread beyond its hello before it is dropped: a stalled
   * terminal must not make the daemon's memory grow. Default 4 MiB (a burst of ticks is kilobytes).
   */
  readonly maxBacklog?: number;
  /** Terminals attached at once (default 32); the next one is refused with a one-line reason. */
  readonly maxClients?: number;
  /** Longest request line (default MAX_REQUEST_LINE, 1 MiB). */
  readonly maxLine?: number;
}

export interface HubOptions extends HubLimits {
  readonly info: DaemonInfo;
  /** One JSON-able record per thing worth keeping in the daemon's log. */
  readonly log?: (event: string, fields?: Record<string, unknown>) => void;
  /** Called with a connection turned away, to hang it up after a grace (the socket's timer). */
  readonly onRefused?: (peer: Peer) => void;
  /** The daemon's health now, for the status (daemon-health.ts). */
  readonly health?: () => DaemonHealth;
  /** The notification channels' queues now (started after the hub; undefined while none is). */
  readonly notify?: () => readonly ChannelStatus[] | undefined;
  /** The HTTP API's address (started after the hub; undefined while it does not serve). */
  readonly api?: () => string | undefined;
}

export interface DaemonHub {
  /** A new connection: gets the hello (or a refusal) now; feed it its bytes. */
  accept(peer: Peer): Connection;
  /** Terminals attached now. */
  clients(): number;
  /** The daemon's status as `atapi daemon status` shows it (every terminal attached counted). */
  status(): DaemonStatus;
  /** From now on, orders are refused with `reason` (a SIGTERM is being handled). */
  refuseOrders(reason: string): void;
  /** Resolves once every request taken so far has its answer, or after `limitMs`. */
  answered(limitMs: number): Promise<void>;
  /** Says goodbye to every terminal and hangs up; resolves when each is gone (or was destroyed). */
  closeAll(reason: string, graceMs: number): Promise<void>;
}

interface Client {
  readonly peer: Peer;
  readonly n: number;
  /** The hello's size: a terminal's backlog counts only beyond it (attaching takes a moment). */
  readonly hello: number;
  readonly gone: Promise<void>;
  readonly markGone: () => void;
}

/**
 * The daemon's side of the protocol, apart from the socket: every client gets the state at
 * attach and then every dispatched batch, in order; its requests go to the session through
 * the one table of remote methods. It protects itself: request lines are bounded (1 MiB),
 * terminals are counted (32), and one that does not read is dropped past a bounded backlog.
 */
export function createDaemonHub(session: Session, o: HubOptions): DaemonHub {
  const log = o.log ?? (() => undefined);
  const maxBacklog = o.maxBacklog ?? 4 * 1024 * 1024;
  const maxClients = o.maxClients ?? 32;
  const maxLine = o.maxLine ?? MAX_REQUEST_LINE;
  const clients = new Set<Client>();
  const pending = new Set<Promise<void>>();
  let refusal: string | undefined;
  let count = 0;
  /** Connections refused and not yet hung up, oldest first (each may still ask the status). */
  const waiting = new Set<Peer>();

  const send = (c: Client, line: string): void => {
    if (!clients.has(c)) return;
    if (c.peer.backlog() > maxBacklog + c.hello) {
      log('client-dropped', { client: c.n, reason: 'too slow', backlog: c.peer.backlog() });
      drop(c);
      c.peer.destroy();
      return;
    }
    c.peer.write(line);
  };
  const drop = (c: Client): void => {
    if (!clients.delete(c)) return;
    log('client-detached', { client: c.n, clients: clients.size });
    c.markGone();
  };

  // The state is immutable: terminals attaching before it changes share one serialisation
  // (and one string in memory), so a crowd attaching at once costs the daemon one hello.
  let lastHello: { state: unknown; line: string } | undefined;

  // One serialisation per batch, whatever the number of clients.
  const stopObserving = session.store.observe((batch) => {
    // The state changed: the hello made for the one before is no use to anyone again, and it is
    // the whole state (0.5 MB at start, 2 MB once the day's candles are in), held for as long
    // as the daemon runs after the last attach if nothing lets it go.
    lastHello = undefined;
    if (clients.size === 0) return;
    const line = encode({ type: 'events', batch });
    for (const c of clients) send(c, line);
  });

  const helloLine = (): string => {
    const state = session.state();
    if (lastHello?.state !== state) lastHello = { state, line: encode({ type: 'hello', info: o.info, state }) };
    return lastHello.line;
  };

  const status = (asker: Client | undefined): DaemonStatus =>
    buildDaemonStatus({
      info: o.info,
      state: session.state(),
      halted: session.halted(),
      // The terminals attached, not counting the one asking.
      clients: clients.size - (asker && clients.has(asker) ? 1 : 0),
      stopping: refusal !== undefined,
      now: Date.now(),
      health: o.health?.(),
      notify: o.notify?.(),
      api: o.api?.(),
    });

  /**
   * Answers each request; one refused at once is answered at once, so answers that need no
   * waiting go out in the order asked. Resolves (never rejects) once the answer is sent.
   */
  const answer = (req: Request, asker: Client): Promise<void> | undefined => {
    const r = reply(req, asker);
    if (!(r instanceof Promise)) {
      send(asker, encode(r));
      return undefined;
    }
    return r.then((m) => send(asker, encode(m)));
  };
  const reply = (req: Request, asker: Client): ServerMessage | Promise<ServerMessage> => {
    const ok = (result: unknown): ServerMessage => ({ type: 'reply', id: req.id, result: result === undefined ? null : result });
    const fail = (err: unknown): ServerMessage => {
      const user = err instanceof UserError;
      const message = user ? err.message : `internal error in the daemon: ${(err as Error)?.message ?? String(err)}`;
      if (!user) log('request-failed', { client: asker.n, method: req.method, error: message });
      // A refusal's code and field travel beside its words: the client gets the same RefusedError.
      const refused = err instanceof RefusedError ? { code: err.refusal.code, ...(err.refusal.field === undefined ? {} : { field: err.refusal.field }) } : undefined;
      return { type: 'reply', id: req.id, error: { message, user, ...(refused ? { refusal: refused } : {}) } };
    };
    try {
      if (req.method === STATUS_METHOD) return ok(status(asker));
      const setter = futuresSetter(req.method);
      if (setter) {
        if (refusal !== undefined) throw new UserError(refusal);
        const fn = session.futures[setter] as (...args: unknown[]) => Promise<void>;
        return Promise.resolve(fn.apply(session.futures, [...req.args])).then(() => ok(null), fail);
      }
      if (!isRemoteMethod(req.method)) throw new UserError(`unknown method "${req.method.slice(0, 40)}": use one of ${Object.keys(REMOTE_METHODS).join(', ')}`);
      if (refusal !== undefined && REFUSED_WHILE_STOPPING.has(req.method)) throw new UserError(refusal);
      // A terminal's cancel names the order only: who cancelled is the trader, never a claim from the socket.
      const args = req.method === 'dispatch' ? [alertsNumberedHere(checkDispatched(req.args[0]), session.state())] : req.method === 'cancel' ? req.args.slice(0, 1) : req.args;
      const fn = (session as unknown as Record<string, (...args: unknown[]) => unknown>)[req.method];
      if (typeof fn !== 'function') throw new UserError(`the daemon's session has no method "${req.method}" (an older daemon? restart it: ${o.info.dataDir === undefined ? 'atapi daemon stop' : daemonDirCommand('stop', o.info.dataDir)}, then ${o.info.startCommand ?? 'start it as it was started'})`);
      const result = fn.apply(session, [...args]);
      // An order refused by the engine is an answer, not an error: it comes back as it is.
      return result instanceof Promise ? result.then(ok, fail) : ok(result);
    } catch (err) {
      return fail(err);
    }
  };

  const tooLong = encode({ type: 'reply', id: 0, error: { message: `bad request: a line longer than ${maxLine} bytes (one JSON request per line, each well under ${Math.round(maxLine / 1024)} KiB); disconnected`, user: true } });

  /** A connection over the limit: told why, it may still ask the status (atapi daemon status), then it is hung up. */
  const refuse = (peer: Peer): Connection => {
    const n = ++count;
    log('client-refused', { client: n, clients: clients.size });
    peer.write(encode({ type: 'refused', reason: `the daemon serves at most ${maxClients} terminals at once and that many are attached: close one (${o.info.dataDir === undefined ? 'atapi daemon status' : daemonDirCommand('status', o.info.dataDir)} shows them)` }));
    // As many refused ones may wait to ask the status as terminals may attach: past that the
    // oldest is hung up, so a crowd that never asks cannot keep `atapi daemon status` out.
    const leave = (): void => void waiting.delete(peer);
    waiting.add(peer);
    if (waiting.size > maxClients) {
      const oldest = waiting.values().next().value!;
      waiting.delete(oldest);
      oldest.destroy();
    }
    let done = false;
    const data = lineReader(
      (line) => {
        if (done) return;
        done = true;
        const parsed = parseRequest(line);
        if (parsed.ok && parsed.request.method === STATUS_METHOD) peer.write(encode({ type: 'reply', id: parsed.request.id, result: status(undefined) }));
        leave();
        peer.end();
      },
      () => {
        leave();
        peer.destroy();
      },
      4096,
    );
    o.onRefused?.(peer);
    return { data, closed: leave };
  };

  return {
    accept(peer) {
      if (clients.size >= maxClients) return refuse(peer);
      let markGone!: () => void;
      const gone = new Promise<void>((resolve) => (markGone = resolve));
      const hello = helloLine();
      const c: Client = { peer, n: ++count, hello: hello.length, gone, markGone };
      clients.add(c);
      log('client-attached', { client: c.n, clients: clients.size });
      const data = lineReader(
        (line) => {
          const parsed = parseRequest(line);
          if (!parsed.ok) {
            send(c, encode({ type: 'reply', id: parsed.id ?? 0, error: { message: parsed.error, user: true } }));
            return;
          }
          // Kept until answered: a stop sends its goodbye only after every request taken before
          // it has its answer (an order placed but not yet answered would otherwise reach its
          // client as "the daemon stopped" although it traded).
          const answering = answer(parsed.request, c);
          if (!answering) return;
          pending.add(answering);
          void answering.finally(() => pending.delete(answering));
        },
        () => {
          log('client-dropped', { client: c.n, reason: 'line too long' });
          // Told why, then hung up: nothing more it sends is read.
          const said = clients.has(c);
          drop(c);
          if (said) peer.write(tooLong);
          peer.end();
        },
        maxLine,
      );
      peer.write(hello);
      return { data, closed: () => drop(c) };
    },
    clients: () => clients.size,
    status: () => status(undefined),
    refuseOrders(reason) {
      refusal = reason;
    },
    async answered(limitMs) {
      if (pending.size === 0) return;
      let timer: NodeJS.Timeout | undefined;
      const limit = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, limitMs);
        timer.unref();
      });
      await Promise.race([Promise.allSettled([...pending]), limit]);
      clearTimeout(timer);
    },
    async closeAll(reason, graceMs) {
      stopObserving();
      const bye = encode({ type: 'bye', reason });
      const all = [...clients];
      // Each client's leaving is logged before the daemon says it stopped.
      for (const c of all) {
        send(c, bye);
        c.peer.end();
      }
      // A client that does not read its goodbye is not waited for.
      const timer = setTimeout(() => {
        for (const c of all) {
          c.peer.destroy();
          drop(c);
        }
      }, graceMs);
      await Promise.all(all.map((c) => c.gone));
      clearTimeout(timer);
    },
  };
}

/** Events a terminal may record in the daemon's ledger: its own doings, never the venue's facts. */
const TERMINAL_EVENTS = /^(user|strategy|alert|watchlist)\//;

/**
 * Orders, fills and balances come from the venue through the daemon's own engine; a client
 * that sends such an event (a bug, or a script) must not write money facts into the ledger.
 */
function checkDispatched(events: unknown): DomainEvent[] {
  if (!Array.isArray(events)) throw new UserError('bad request: dispatch takes a list of events');
  for (const e of events) {
    const type = typeof e === 'object' && e !== null ? (e as { type?: unknown }).type : undefined;
    if (typeof type !== 'string' || !TERMINAL_EVENTS.test(type)) throw new UserError(`a terminal may not record "${String(type).slice(0, 40)}" events: orders, fills and balances come from the venue`);
  }
  // Each must match its schema too (the store checks again): one the fold cannot take would
  // stop every later open of the ledger.
  assertEvents(events as DomainEvent[]);
  return events as DomainEvent[];
}

/**
 * A terminal numbers a new alert from its replica, which may be behind: two terminals setting
 * one at once would both pick the same id and the second would replace the first. The daemon's
 * ledger is the one count, so the ids are given here, in the order the alerts are recorded.
 */
function alertsNumberedHere(events: DomainEvent[], state: State): DomainEvent[] {
  let ahead = 0;
  return events.map((e) => (e.type === 'alert/set' ? { ...e, data: { ...e.data, alert: { ...e.data.alert, id: selectNextAlertId(state, ahead++) } } } : e));
}
