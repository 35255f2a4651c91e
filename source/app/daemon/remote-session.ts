import net from 'node:net';
import type { DomainEvent } from '../../domain/index.js';
import { UserError } from '../../domain/index.js';
import type { Session } from '../session.js';
import { encode, lineReader, type DaemonInfo, type ServerMessage } from './protocol.js';
import { REMOTE_METHODS, type FuturesSetter, type RemoteKind, type RemoteMethod } from './remote-methods.js';
import { createFuturesApi } from '../futures-session.js';
import type { VenuePort } from '../../engine/ports.js';
import { createReplicaStore } from './replica-store.js';
import { sessionView, type SessionView } from './session-view.js';

/** A session whose record and venue are the daemon's: what an attached terminal works on. */
export interface RemoteSession extends Session {
  /** The daemon attached to (its pid for the status bar: `attached to daemon (pid N)`). */
  readonly daemon: DaemonInfo;
  /** Resolves with the reason once the daemon is gone or `close` detached (never rejects). */
  readonly detached: Promise<string>;
}

export interface AttachOptions {
  readonly notifyIntervalMs?: number;
  /** A `tell` (alert, watch, ...) the daemon refused: the replica already showed its answer. */
  readonly onError?: (message: string) => void;
  /** How long to wait for the daemon's hello (ms). */
  readonly timeoutMs?: number;
}

type KeysOf<Kind> = { [K in RemoteMethod]: (typeof REMOTE_METHODS)[K] extends Kind ? K : never }[RemoteMethod];
type AskKey = KeysOf<'ask'>;
type TellKey = KeysOf<'tell'>;
type QueryKey = KeysOf<'query' | 'query-per-strategy'>;
type AnyFn = (...args: unknown[]) => unknown;

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

  const leave = (reason: string): void => {
    if (gone !== undefined) return;
    gone = reason;
    for (const p of pending.values()) p.reject(new UserError(`${reason}; the order's fate is in the daemon's ledger (atapi daemon status, orders)`));
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
        if (m.error) p.reject(m.error.user ? new UserError(m.error.message) : new Error(m.error.message));
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
  socket.on('close', () => leave('the daemon closed the connection'));

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

  const call = (method: RemoteMethod | `futures.${FuturesSetter}`, args: readonly unknown[]): Promise<unknown> => {
    if (gone !== undefined) return Promise.reject(new UserError(`not attached: ${gone}`));
    const id = ++nextId;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      socket.write(encode({ id, method, args }));
    });
  };
  const tell = (method: RemoteMethod, args: readonly unknown[]): void => {
    call(method, args).catch((err: Error) => o.onError?.(err.message));
  };

  const replica = createReplicaStore({ initial: first.state, notifyIntervalMs: o.notifyIntervalMs, forward: (events: readonly DomainEvent[]) => tell('dispatch', [events]) });
  store = replica;
  const view = sessionView(replica, info.venue, info.limits, info.ledgerDir);

  // Answers of `query` methods, by method and arguments, as the daemon last gave them.
  const answers = new Map<string, { ok: true; value: unknown } | { ok: false; error: string }>();
  const keyOf = (name: string, args: readonly unknown[]): string => `${name}${JSON.stringify(args)}`;
  const queryNames = (Object.entries(REMOTE_METHODS) as [RemoteMethod, RemoteKind][]).filter(([, k]) => k === 'query' || k === 'query-per-strategy');
  const refreshAnswers = async (): Promise<void> => {
    for (const [name, kind] of queryNames) {
      const argSets = kind === 'query' ? [[]] : Object.keys(replica.getState().ledger.strategies).map((id) => [id]);
      for (const args of argSets) {
        const answer = await call(name, args).then((value) => ({ ok: true as const, value }), (err: Error) => ({ ok: false as const, error: err.message }));
        if (gone !== undefined) return;
        answers.set(keyOf(name, args), answer);
      }
    }
  };
  // Asked again after a change, one round at a time: a burst of ticks is one refresh, not many.
  let refreshing: Promise<void> | undefined;
  let again = false;
  const refreshSoon = (): void => {
    if (queryNames.length === 0 || gone !== undefined) return;
    if (refreshing) {
      again = true;
      return;
    }
    refreshing = refreshAnswers().finally(() => {
      refreshing = undefined;
      if (again) {
        again = false;
        setTimeout(refreshSoon, 100).unref();
      }
    });
  };

  const asks = {} as Record<AskKey, AnyFn>;
  const tells = {} as Record<TellKey, AnyFn>;
  const queries = {} as Record<QueryKey, AnyFn>;
  for (const [name, kind] of Object.entries(REMOTE_METHODS) as [RemoteMethod, RemoteKind][]) {
    if (kind === 'ask') asks[name as AskKey] = (...args) => call(name, args);
    else if (kind === 'query' || kind === 'query-per-strategy') {
      queries[name as QueryKey] = (...args) => {
        const a = answers.get(keyOf(name, args));
        if (!a) throw new UserError(`${name}${args.length ? ` ${args.map(String).join(' ')}` : ''}: not known to the daemon yet (see: strategies)`);
        if (!a.ok) throw new UserError(a.error);
        return a.value;
      };
    } else {
      const local = view[name as TellKey] as AnyFn;
      tells[name as TellKey] = (...args) => {
        // Checked here first, so a bad symbol is a one-line error at once, as in a local session.
        const answer = local(...args);
        tell(name, args);
        return answer;
      };
    }
  }

  // Perpetuals attached: positions and margin from the replica, every setter the daemon's.
  const remoteFutures = () => {
    const port: NonNullable<VenuePort['futures']> = {
      setLeverage: (...args) => call('futures.setLeverage', args) as Promise<void>,
      setMarginMode: (...args) => call('futures.setMarginMode', args) as Promise<void>,
      setPositionMode: (...args) => call('futures.setPositionMode', args) as Promise<void>,
    };
    const reads = createFuturesApi(replica, { venue: info.venue, label: info.label, futures: port } as VenuePort, () => info.limits, view.symbol);
    return { ...reads, setLeverage: port.setLeverage, setMarginMode: port.setMarginMode, setPositionMode: port.setPositionMode } as Session['futures'];
  };

  await refreshAnswers();
  replica.observe(() => refreshSoon());

  const session: RemoteSession = {
    ...(view as Omit<SessionView, TellKey | QueryKey>),
    ...(queries as unknown as Pick<Session, QueryKey>),
    ...(asks as unknown as Pick<Session, AskKey>),
    ...(tells as unknown as Pick<Session, TellKey>),
    venue: info.venue,
    label: info.label,
    mode: info.mode,
    store: replica,
    futures: remoteFutures(),
    reports: [],
    dataDir: info.dataDir,
    ledgerDir: info.ledgerDir,
    daemon: info,
    attachedTo: { pid: info.pid },
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
  return session;
}
