import type { Envelope, VenueId } from '../domain/index.js';
import type { Store } from '../store/index.js';

/** One line of what happened: fills, refusals, reconnects, alerts, notices, the app's messages. */
export interface ActivityEntry {
  readonly ts: number;
  readonly level: 'info' | 'good' | 'warn' | 'error';
  readonly text: string;
}

export interface ActivityLog {
  /** Oldest first, at most `limit`. */
  entries(): readonly ActivityEntry[];
  /** Adds a line of the app's own (a status message). */
  note(text: string, level?: ActivityEntry['level']): void;
  subscribe(listener: () => void): () => void;
  stop(): void;
}

/** What a trader wants to read back from one event, or nothing for the rest (ticks, books). */
export function describeActivity(env: Envelope, venue: VenueId, orderSymbol: (id: string) => string | undefined): Omit<ActivityEntry, 'ts'> | undefined {
  const e = env.event;
  switch (e.type) {
    case 'order/filled':
    case 'order/partiallyFilled': {
      const f = e.data.fill;
      return { level: 'good', text: `${e.type === 'order/filled' ? 'filled' : 'part filled'}: order ${f.orderId} ${f.side} ${f.qty} ${f.symbol} at ${f.price}` };
    }
    case 'order/rejected':
      return { level: 'error', text: `rejected: order ${e.data.id} ${orderSymbol(e.data.id) ?? ''} ${e.data.reason}`.replace(/\s+/g, ' ') };
    case 'order/unknown':
      return { level: 'warn', text: `unknown: order ${e.data.id} ${orderSymbol(e.data.id) ?? ''} ${e.data.reason}`.replace(/\s+/g, ' ') };
    case 'order/cancelled':
      return { level: 'info', text: `cancelled: order ${e.data.id} ${orderSymbol(e.data.id) ?? ''} ${e.data.reason}`.replace(/\s+/g, ' ') };
    case 'market/connection':
      if (e.data.venue !== venue) return undefined;
      return { level: e.data.state === 'connected' ? 'good' : e.data.state === 'connecting' ? 'info' : 'warn', text: `link ${e.data.state}${e.data.detail ? `: ${e.data.detail}` : ''}` };
    case 'alert/triggered':
      return { level: 'warn', text: `alert ${e.data.id} went off at ${e.data.last}` };
    case 'strategy/status':
      return { level: 'info', text: `strategy ${e.data.strategyId} ${e.data.status}` };
    case 'system/notice':
      return { level: e.data.level === 'info' ? 'info' : e.data.level, text: e.data.message };
    default:
      return undefined;
  }
}

/** HH:MM:SS in UTC, as the Log tab's TIME column shows it. */
const clock = (ts: number): string => new Date(ts).toISOString().slice(11, 19);

/**
 * One outage of the link, however many streams it took down: a reconnect storm is one event
 * to a trader ("link down 12:01:03–12:01:19, 5 streams, resynced"), not one line per stream.
 */
export interface Outage {
  readonly since: number;
  /** The streams that reported trouble, by name (`tickers`, `book BTC/USDT`, `orders`). */
  readonly streams: ReadonlySet<string>;
  /** The last stream's complaint, for the line while the link is still down. */
  readonly last?: string;
}

/** Whether a link state means the venue's data is not flowing (an outage begins or goes on). */
const isDown = (state: string): boolean => state === 'reconnecting' || state === 'stale';

/** The stream a connection event speaks of: its detail reads `name: error` (the whole venue when it has none). */
export function streamOf(detail: string | undefined): string {
  if (!detail) return 'link';
  const colon = detail.indexOf(': ');
  return colon < 0 ? detail : detail.slice(0, colon);
}

/** Folds one more connection state into an outage: the outage so far, or undefined when the link is back. */
export function foldOutage(outage: Outage | undefined, state: string, detail: string | undefined, ts: number): Outage | undefined {
  if (!isDown(state)) return undefined;
  const streams = new Set(outage?.streams ?? []);
  streams.add(streamOf(detail));
  return { since: outage?.since ?? ts, streams, last: detail ?? outage?.last };
}

/** The one line an outage is shown as: while it lasts, and when the link is back (`until`). */
export function describeOutage(o: Outage, until?: number): Omit<ActivityEntry, 'ts'> {
  const n = o.streams.size;
  const streams = `${n} stream${n === 1 ? '' : 's'}`;
  if (until !== undefined) return { level: 'good', text: `link down ${clock(o.since)}–${clock(until)}, ${streams}, resynced` };
  return { level: 'warn', text: `link down since ${clock(o.since)}, ${streams} reconnecting${o.last ? ` (last: ${o.last})` : ''}` };
}

/**
 * The activity of this session, kept in memory as it happens (the durable record is the
 * log: `history`). A reconnect storm is folded into one line per outage; other consecutive
 * repeats are counted, not kept.
 */
export function createActivityLog(store: Store, venue: VenueId, limit = 300): ActivityLog {
  const list: ActivityEntry[] = [];
  // What entries() hands out: one array per change, so a view can compare it by reference.
  let snapshot: readonly ActivityEntry[] = [];
  const listeners = new Set<() => void>();
  // The outage going on, and its line in `list` (kept last: it is the news until the link is back).
  let outage: Outage | undefined;
  let outageLine: ActivityEntry | undefined;
  const changed = (): void => {
    snapshot = list.slice();
    for (const l of listeners) l();
  };
  // The last line pushed, its own words and how many times they came in a row: counted here,
  // never read back out of the line's text.
  let run: { readonly line: ActivityEntry; readonly text: string; readonly n: number } | undefined;
  const push = (entry: ActivityEntry): void => {
    const last = list[list.length - 1];
    if (last && last !== outageLine && run?.line === last && run.text === entry.text) {
      const line = { ...entry, text: `${entry.text} (x${run.n + 1})` };
      list[list.length - 1] = line;
      run = { line, text: entry.text, n: run.n + 1 };
    } else {
      list.push(entry);
      run = { line: entry, text: entry.text, n: 1 };
    }
    if (list.length > limit) list.splice(0, list.length - limit);
  };
  /** Replaces the outage's line with `entry`, moved to the end. */
  const putOutageLine = (entry: ActivityEntry): void => {
    const at = outageLine ? list.lastIndexOf(outageLine) : -1;
    if (at >= 0) list.splice(at, 1);
    list.push(entry);
    if (list.length > limit) list.splice(0, list.length - limit);
    outageLine = entry;
  };
  const connection = (state: string, detail: string | undefined, ts: number): boolean => {
    const next = foldOutage(outage, state, detail, ts);
    if (next) {
      outage = next;
      putOutageLine({ ts, ...describeOutage(next) });
      return true;
    }
    if (!outage) return false;
    // Back (or stopped): the outage's line says how long and how wide it was.
    const ended = outage;
    outage = undefined;
    if (state === 'connected') putOutageLine({ ts, ...describeOutage(ended, ts) });
    outageLine = undefined;
    return state === 'connected';
  };
  const stopObserving = store.observe((batch) => {
    let any = false;
    for (const env of batch) {
      const e = env.event;
      if (e.type === 'market/connection' && e.data.venue === venue && connection(e.data.state, e.data.detail, env.ts)) {
        any = true;
        continue;
      }
      const d = describeActivity(env, venue, (id) => store.getState().ledger.orders[id]?.symbol);
      if (!d) continue;
      push({ ts: env.ts, ...d });
      any = true;
    }
    if (any) changed();
  });
  return {
    entries: () => snapshot,
    note(text, level = 'info') {
      push({ ts: store.getState().lastTs || Date.now(), level, text });
      changed();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop: stopObserving,
  };
}
