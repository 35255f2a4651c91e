import { createDaemonHub, type Connection, type DaemonHub, type Peer } from '../source/app/daemon/daemon-hub.js';
import type { Session } from '../source/app/session/session.js';
import { DEFAULT_LIMITS } from '../source/engine/risk.js';
import type { SimRandom } from './sim-random.js';
import type { OrderAsk } from './workload.js';

/**
 * The daemon's socket as a source of faults: what a broken script, a buggy terminal or a
 * hostile local process sends the daemon. Driven through the daemon's real protocol core
 * (`daemon-hub.ts`: line reading, limits, parsing, dispatch checks, the session's methods)
 * with in-process peers instead of a socket per seed: no kernel buffers or timers, so a seed
 * replays byte for byte. The socket layer around it is daemon-server.ts's, tested on its own.
 */
export type DaemonFault =
  /** Not JSON, not an object, or a partial line the client never finishes. */
  | { readonly kind: 'garbage'; readonly text: string }
  /** A method the daemon has not, or one it has with arguments of the wrong shape. */
  | { readonly kind: 'badRequest'; readonly method: string; readonly args: unknown }
  /** Events of the types a terminal may send, with data that is not theirs (behind --daemon-bad-events). */
  | { readonly kind: 'badEvents'; readonly events: readonly unknown[] }
  /** A line longer than the daemon reads: told why and hung up. */
  | { readonly kind: 'overlong'; readonly bytes: number }
  /** A terminal that stops reading: dropped once its backlog passes the limit. */
  | { readonly kind: 'stall' }
  /** An order sent through the daemon; the client vanishes before (or after) the answer. */
  | { readonly kind: 'order'; readonly order: OrderAsk; readonly vanish: boolean };

/** A simulated client: what the hub wrote it, whether it reads, whether it is gone. */
interface SimPeer extends Peer {
  conn?: Connection;
  reading: boolean;
  gone: boolean;
  written: number;
  lines: string[];
}

/** The limits of the simulated daemon: small, so a few steps reach them. */
const LIMITS = { maxClients: 4, maxBacklog: 16 * 1024, maxLine: 4 * 1024 };

export function describeDaemonFault(f: DaemonFault): string {
  switch (f.kind) {
    case 'garbage':
      return `daemon garbage ${JSON.stringify(f.text.slice(0, 40))}`;
    case 'badRequest':
      return `daemon request ${f.method} ${JSON.stringify(f.args)?.slice(0, 60)}`;
    case 'badEvents':
      return `daemon dispatch ${JSON.stringify(f.events).slice(0, 80)}`;
    case 'overlong':
      return `daemon line of ${f.bytes} bytes`;
    case 'stall':
      return 'daemon client stalls';
    case 'order':
      return `daemon order ${f.order.side} ${f.order.type} ${f.order.symbol} ${f.order.qty}${f.vanish ? ' (client vanishes)' : ''}`;
    default: {
      const never: never = f;
      return String(never);
    }
  }
}

/** Allowed types, data that is not theirs: the store must refuse each (issue 19, item 1). */
const BAD_EVENTS: readonly unknown[] = [
  { type: 'watchlist/set', data: { symbols: 5 } },
  { type: 'alert/set', data: {} },
  { type: 'alert/set', data: null },
  { type: 'strategy/status', data: null },
  { type: 'strategy/signal', data: { strategyId: 7 } },
  { type: 'alert/triggered', data: null },
  { type: 'user/command', data: { line: ['x'] } },
];

const BAD_REQUESTS: readonly { method: string; args: unknown }[] = [
  { method: 'dropTables', args: [] },
  { method: 'buy', args: 'x' },
  { method: 'cancel', args: [{ id: 1 }] },
  { method: 'order', args: [null] },
  { method: 'order', args: [{ symbol: 'BTC/USDT', side: 'sideways', type: 'market', qty: 1 }] },
  { method: 'sell', args: ['NOPE/USDT', -1] },
  { method: 'dispatch', args: [[{ type: 'order/filled', data: {} }]] },
  { method: 'dispatch', args: ['not a list'] },
  { method: 'startStrategy', args: [{ strategy: 'no-such', symbol: 'BTC/USDT' }] },
  { method: 'futures.setLeverage', args: ['BTC/USDT', 'many'] },
];

/** Draws a daemon fault (the caller gives an order it could place). */
export function nextDaemonFault(rng: SimRandom, order: OrderAsk | undefined, badEvents: boolean): DaemonFault {
  const kind = rng.weighted({ garbage: 3, badRequest: 5, badEvents: badEvents ? 3 : 0, overlong: 1, stall: 2, order: order ? 4 : 0 });
  switch (kind) {
    case 'garbage':
      return { kind, text: rng.pick(['this is not json\n', '{"id":1,"method":\n', '[1,2,3]\n', '{"id":"x","method":"orders"}\n', '{"id":3,"method":"buy","args":["BTC/USDT"', '\n\n\n']) };
    case 'badRequest': {
      const r = rng.pick(BAD_REQUESTS);
      return { kind, method: r.method, args: r.args };
    }
    case 'badEvents':
      return { kind, events: [rng.pick(BAD_EVENTS)] };
    case 'overlong':
      return { kind, bytes: LIMITS.maxLine + rng.int(1, 3 * LIMITS.maxLine) };
    case 'stall':
      return { kind };
    case 'order':
      return { kind, order: order!, vanish: rng.chance(0.5) };
  }
}

/**
 * The simulated daemon of one process: its hub on the session, and the clients it has. A new
 * process (restart, crash) gets a new one; internal errors the hub answered are collected
 * for the run to report (a bad request must be refused as the user's mistake).
 */
export class SimDaemon {
  private readonly hub: DaemonHub;
  private peers: SimPeer[] = [];
  private nextId = 0;
  /** Answers that said "internal error": each one is a bug. */
  readonly internalErrors: string[] = [];

  constructor(session: Session) {
    this.hub = createDaemonHub(session, { ...LIMITS, info: { pid: 0, startedAt: 0, venue: session.venue, label: session.label, mode: session.mode, limits: DEFAULT_LIMITS } });
  }

  /** Does one fault; returns what the trace records. */
  act(f: DaemonFault): string {
    const p = this.connect();
    if (p.gone) return 'refused: too many clients';
    const send = (text: string): void => p.conn!.data(text);
    switch (f.kind) {
      case 'garbage':
        send(f.text);
        // Half a line and gone: the daemon keeps nothing of it.
        if (!f.text.endsWith('\n')) this.hangUp(p);
        break;
      case 'badRequest':
        send(`${JSON.stringify({ id: ++this.nextId, method: f.method, args: f.args })}\n`);
        break;
      case 'badEvents':
        send(`${JSON.stringify({ id: ++this.nextId, method: 'dispatch', args: [f.events] })}\n`);
        break;
      case 'overlong':
        // In pieces, as a socket delivers it.
        for (let sent = 0; sent < f.bytes; sent += 1024) send('a'.repeat(Math.min(1024, f.bytes - sent)));
        break;
      case 'stall':
        p.reading = false;
        break;
      case 'order':
        send(`${JSON.stringify({ id: ++this.nextId, method: 'order', args: [f.order] })}\n`);
        if (f.vanish) this.hangUp(p);
        break;
    }
    return this.collect(p);
  }

  /** A terminal that does not read gets further behind with every batch. */
  private connect(): SimPeer {
    // Clients that are done leave (as terminals do), the stalled ones stay until dropped.
    for (const q of this.peers.filter((x) => x.reading && !x.gone)) this.hangUp(q);
    const p: SimPeer = {
      reading: true,
      gone: false,
      written: 0,
      lines: [],
      write(line) {
        if (p.gone) return;
        // Only what the run reads back is kept: answers and a refusal, not the event stream.
        if (line.startsWith('{"type":"reply"') || line.startsWith('{"type":"refused"')) p.lines.push(line);
        if (!p.reading) p.written += line.length;
      },
      backlog: () => (p.reading ? 0 : p.written),
      end: () => this.hangUp(p),
      destroy: () => this.hangUp(p),
    };
    p.conn = this.hub.accept(p);
    if (p.gone || p.lines[0]?.startsWith('{"type":"refused"')) {
      this.hangUp(p);
      return p;
    }
    this.peers.push(p);
    return p;
  }

  private hangUp(p: SimPeer): void {
    if (p.gone) return;
    p.gone = true;
    p.conn?.closed();
  }

  /** What the client was answered (its first reply), noting internal errors; the replies are consumed. */
  private collect(p: SimPeer): string {
    const replies = p.lines.filter((l) => l.startsWith('{"type":"reply"'));
    p.lines = p.lines.filter((l) => !l.startsWith('{"type":"reply"'));
    const said = replies.map((r) => JSON.parse(r) as { error?: { message: string; user: boolean } });
    for (const m of said) if (m.error && !m.error.user) this.internalErrors.push(m.error.message);
    const first = said[0];
    if (!first) return p.gone ? 'client gone' : 'no answer yet';
    return first.error ? `refused: ${first.error.message.slice(0, 120)}` : 'answered';
  }

  /** Replies that came after the step (an order's answer), checked for internal errors; what they said. */
  settle(): string[] {
    const late = this.peers.filter((p) => p.lines.length > 0).map((p) => this.collect(p));
    this.peers = this.peers.filter((p) => !p.gone);
    return late;
  }

  /** The process ends: every client is hung up, the hub stops hearing the session. */
  async close(): Promise<void> {
    for (const p of this.peers) this.hangUp(p);
    await this.hub.closeAll('process ends', 0);
  }
}
