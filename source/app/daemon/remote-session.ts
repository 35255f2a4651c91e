import { settingsOf } from '../session/settings-of.js';
import net from 'node:net';
import type { DomainEvent } from '../../domain/index.js';
import { isRefusalCode, RefusedError, refusal, UserError } from '../../domain/index.js';
import type { ArbPort, HaltPort, MarketFeedPort, OrderPort, Session, StrategyPort } from '../session/session-types.js';
import { encode, lineReader, STATUS_METHOD, type DaemonInfo, type DaemonStatus, type ServerMessage, type WireError } from './protocol.js';
import type { FuturesSetter, REMOTE_METHODS, RemoteMethod, RemotePorts } from './remote-methods.js';
import { createFuturesApi } from '../futures/futures-session.js';
import type { VenuePort } from '../../engine/ports.js';
import { createReplicaStore } from './replica-store.js';
import { createReadModel } from '../session/read-model.js';
import { fillRecord } from '../session/fill-record.js';
import { createNotesPort } from '../session/notes-port.js';
import { readHistory } from '../session/session-ledger.js';
import type { SessionFlags } from '../session/session-argv.js';
import { requestLostText } from './daemon-hints.js';

/** A session whose record and venue are the daemon's: what an attached terminal works on. */
export interface RemoteSession extends Session {
  /** The daemon attached to (its pid for the status bar: `attached to daemon (pid N)`). */
  readonly daemon: DaemonInfo;
  /** Resolves with the reason once the daemon is gone or `close` detached (never rejects). */
  readonly detached: Promise<string>;
}

export interface AttachOptions {
  readonly notifyIntervalMs?: number;
  /** A note (alert, watch, typed command) the daemon refused to record: the replica already showed its answer. */
  readonly onError?: (message: string) => void;
  /** How long to wait for the daemon's hello (ms). */
  readonly timeoutMs?: number;
  /**
   * The data directory the socket was found in and this terminal's ledger flags: the texts that
   * say what to type next name them (else the directory the daemon's hello names).
   */
  readonly dataDir?: string;
  readonly flags?: SessionFlags;
}

type AskKey = { [K in RemoteMethod]: (typeof REMOTE_METHODS)[K] extends 'ask' ? K : never }[RemoteMethod];

/**
 * Attaches to the daemon listening on `socketPath`. Rejects with a UserError when nobody
 * answers there. Closing the session detaches; the daemon and its strategies go on.
 */
export async function attachDaemon(socketPath: string, o: AttachOptions = {}): Promise<RemoteSession> {
  const socket = net.createConnection(socketPath);
  socket.setEncoding('utf8');
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  let gone: string | undefined;
  let markDetached!: (reason: string) => void;
  const detached = new Promise<string>((resolve) => (markDetached = resolve));
  let onHello!: (m: Extract<ServerMessage, { type: 'hello' }>) => void;
  let onFail!: (e: Error) => void;
  const hello = new Promise<Extract<ServerMessage, { type: 'hello' }>>((resolve, reject) => {
    onHello = resolve;
    onFail = reject;
  });
  let store: ReturnType<typeof createReplicaStore> | undefined;
  // The directory asked for, else the one the daemon says it serves (known once it said hello,
  // before which no request is in flight).
  let dataDir = o.dataDir;

  const leave = (reason: string): void => {
    if (gone !== undefined) return;
    gone = reason;
    for (const p of pending.values()) p.reject(new UserError(requestLostText(reason, dataDir, o.flags)));
    pending.clear();
    onFail(new UserError(reason));
    markDetached(reason);
  };

  socket.on('data', lineReader(
    (line) => {
      let m: ServerMessage;
      try {
        m = JSON.parse(line) as ServerMessage;
      } catch {
        socket.destroy();
        leave('the daemon sent something that is not JSON');
        return;
      }
      if (m.type === 'events') store?.apply(m.batch);
      else if (m.type === 'hello') onHello(m);
      else if (m.type === 'reply') {
        const p = pending.get(m.id);
        pending.delete(m.id);
        if (!p) return;
        if (m.error) p.reject(wireError(m.error));
        else p.resolve(m.result ?? undefined);
      } else if (m.type === 'bye') leave(`the daemon stopped: ${m.reason}`);
      else if (m.type === 'refused') leave(m.reason);
    },
    () => {
      socket.destroy();
      leave('the daemon sent a line too long to read');
    },
  ));
  socket.on('error', (err: NodeJS.ErrnoException) => {
    leave(err.code === 'ENOENT' || err.code === 'ECONNREFUSED' ? `no daemon answers on ${socketPath}` : `lost the daemon: ${err.code ?? err.message}`);
  });
  // A daemon that stops says so first ('bye'): a connection closed without a word is one that was killed or crashed.
  socket.on('close', () => leave('the daemon went away without stopping (killed or crashed?): nothing trades until it runs again'));

  const timer = setTimeout(() => {
    socket.destroy();
    leave(`the daemon on ${socketPath} did not answer`);
  }, o.timeoutMs ?? 10_000);
  let first: Extract<ServerMessage, { type: 'hello' }>;
  try {
    first = await hello;
  } finally {
    clearTimeout(timer);
  }
  const { info } = first;
  dataDir ??= info.dataDir;

  const call = (method: RemoteMethod | `futures.${FuturesSetter}` | typeof STATUS_METHOD, args: readonly unknown[]): Promise<unknown> => {
    if (gone !== undefined) return Promise.reject(new UserError(`not attached: ${gone}`));
    const id = ++nextId;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      socket.write(encode({ id, method, args }));
    });
  };

  const replica = createReplicaStore({ initial: first.state, notifyIntervalMs: o.notifyIntervalMs, forward: (events: readonly DomainEvent[]) => call('dispatch', [events]).then(() => undefined, (err: Error) => o.onError?.(err.message)) });
  store = replica;
  // The same read model and notes port as a local session, over the replica.
  const reads = createReadModel(replica, { venue: info.venue, venues: info.venues, label: info.label, limits: () => info.limits, clock: Date.now, settings: ((v) => () => v)(settingsOf(info.dataDir)) });
  // The command ports that need the daemon: each method is the daemon's, asked by name.
  const ask = <K extends AskKey>(name: K): RemotePorts[K] => ((...args: unknown[]) => call(name, args)) as RemotePorts[K];
  const orders: OrderPort = { order: ask('order'), buy: ask('buy'), sell: ask('sell'), cancel: ask('cancel'), amend: ask('amend'), oco: ask('oco'), bracket: ask('bracket'), cancelAll: ask('cancelAll') };
  const feeds: MarketFeedPort = { loadCandles: ask('loadCandles'), focusMarket: ask('focusMarket') };
  const strategies: StrategyPort = { startStrategy: ask('startStrategy'), stopStrategy: ask('stopStrategy'), pruneStrategies: ask('pruneStrategies'), writeOffStrategies: ask('writeOffStrategies'), strategiesIdle: ask('strategiesIdle') };
  const halt: HaltPort = { flatten: ask('flatten'), resume: ask('resume') };
  const arb: ArbPort = { startArb: ask('startArb'), stopArb: ask('stopArb'), arbIdle: ask('arbIdle'), startCarry: ask('startCarry'), stopCarry: ask('stopCarry'), carryIdle: ask('carryIdle') };
  // Perpetuals attached: positions and margin from the replica, checked here, then set by the daemon.
  const hasPerpetuals = Object.values(first.state.market.instruments).some((i) => i.venue === info.venue && i.perpetual !== undefined);
  const futuresPort: NonNullable<VenuePort['futures']> = {
    setLeverage: (...args) => call('futures.setLeverage', args).then(() => undefined),
    setMarginMode: (...args) => call('futures.setMarginMode', args).then(() => undefined),
    setPositionMode: (...args) => call('futures.setPositionMode', args).then(() => undefined),
  };
  const futures = createFuturesApi(replica, { venue: info.venue, label: info.label, futures: hasPerpetuals ? futuresPort : undefined }, () => info.limits, reads.symbol);

  const session: RemoteSession = {
    ...reads,
    ...orders,
    ...feeds,
    ...strategies,
    ...arb,
    ...halt,
    // Signals reach the daemon through its API (POST /api/v1/signals), never through a terminal.
    signal: () => Promise.reject(new UserError('signals reach the daemon through its API (POST /api/v1/signals), not through an attached terminal')),
    ...createNotesPort(replica, reads, info.venue, Date.now),
    // The daemon's log, read as it stands: a batch still being written is simply not there yet.
    history: (filter = {}) => readHistory({ ledgerDir: info.ledgerDir }, filter),
    fills: () => allFills(),
    venue: info.venue,
    label: info.label,
    mode: info.mode,
    store: replica,
    futures,
    reports: [],
    dataDir: info.dataDir,
    ledgerDir: info.ledgerDir,
    daemon: info,
    attachedTo: { pid: info.pid, startedAt: info.startedAt, ...(info.uncleanStop ? { uncleanStop: info.uncleanStop } : {}) },
    daemonStatus: () => call(STATUS_METHOD, []) as Promise<DaemonStatus>,
    detached,
    async close() {
      if (gone === undefined) {
        // What was said last (a watch, the command just typed) is answered before leaving.
        const until = Date.now() + 5_000;
        while (pending.size > 0 && gone === undefined && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
        const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
        socket.end();
        leave('detached');
        await Promise.race([ended, new Promise((r) => setTimeout(r, 1_000).unref())]);
        socket.destroy();
      }
      await replica.close();
    },
  };
  const allFills = fillRecord(session);
  return session;
}

/**
 * The daemon's error as the session's own would be: a refusal with its code and field (checked:
 * the daemon may be another version), a user error, or the bug it is.
 */
function wireError(e: WireError): Error {
  const r = e.refusal;
  if (e.user && r && isRefusalCode(r.code)) return new RefusedError(refusal(r.code, e.message, typeof r.field === 'string' ? r.field.slice(0, 60) : undefined));
  return e.user ? new UserError(e.message) : new Error(e.message);
}
