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

/**
 * The activity of this session, kept in memory as it happens (the durable record is the
 * log: `history`). A reconnect storm repeats one line; consecutive repeats are counted, not kept.
 */
export function createActivityLog(store: Store, venue: VenueId, limit = 300): ActivityLog {
  const list: ActivityEntry[] = [];
  // What entries() hands out: one array per change, so a view can compare it by reference.
  let snapshot: readonly ActivityEntry[] = [];
  const listeners = new Set<() => void>();
  const changed = (): void => {
    snapshot = list.slice();
    for (const l of listeners) l();
  };
  const push = (entry: ActivityEntry): void => {
    const last = list[list.length - 1];
    const base = last?.text.replace(/ \(x\d+\)$/, '');
    if (last && base === entry.text) {
      const n = Number(/ \(x(\d+)\)$/.exec(last.text)?.[1] ?? 1) + 1;
      list[list.length - 1] = { ...entry, text: `${entry.text} (x${n})` };
    } else list.push(entry);
    if (list.length > limit) list.splice(0, list.length - limit);
  };
  const stopObserving = store.observe((batch) => {
    let any = false;
    for (const env of batch) {
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
