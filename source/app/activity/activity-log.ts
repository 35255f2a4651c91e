import type { Alert, Envelope, EventOf, EventType, Fill, Instrument, VenueId } from '../../domain/index.js';
import { alertSubject, alertValueText, isPnlAlert } from '../../domain/index.js';
import { price, qty } from '../../domain/number-text.js';
import { instanceOfOrder, selectInstrument, type State, type Store } from '../../store/index.js';
import { signalLine } from '../signals/signal-line.js';
import { haltText } from '../../engine/halt.js';
import { describeEvent, writeOffText } from '../../format/describe-event.js';
import { uncleanRestartText } from '../../format/daemon-status-text.js';
import type { DaemonInfo } from '../daemon/protocol.js';

/** One line of what happened: fills, refusals, reconnects, alerts, notices, the app's messages. */
export interface ActivityEntry {
  readonly ts: number;
  readonly level: 'info' | 'good' | 'warn' | 'error';
  readonly text: string;
  /** The order the line is about, if any: a front end can tell the fill of the order it just placed from news. */
  readonly orderId?: string;
  /**
   * A line about an order the checks refused before it had an id (`order/refused`): the
   * front end whose command asked has said so already, anyone else learns it here.
   */
  readonly refused?: true;
  /** The instance a `strategy X running|stopped` line is about: a command that started or stopped it said so itself. */
  readonly statusOf?: string;
  /** The order a `cancelled: order N` line is about: a command that cancelled (or amended) it said so itself. */
  readonly cancelOf?: string;
}

export interface ActivityLog {
  /** Oldest first, at most `limit`. */
  entries(): readonly ActivityEntry[];
  /** Adds a line of the app's own (a status message). */
  note(text: string, level?: ActivityEntry['level']): void;
  subscribe(listener: () => void): () => void;
  /**
   * Hears each new line once, as it is made, for a front end that prints rather than redraws
   * (the shell): a repeat is heard again (not as `(x2)`), an outage when it begins and when it ends.
   */
  follow(listener: (entry: ActivityEntry) => void): () => void;
  stop(): void;
}

/** What one event reads as, given the order book-keeping a line may name. */
type Line = Omit<ActivityEntry, 'ts'>;
export interface LineContext {
  readonly venue: VenueId;
  /** The symbol of an order the ledger knows, for lines whose event names only the id. */
  readonly orderSymbol: (id: string) => string | undefined;
  /** An alert (waiting or gone off), for `alert/triggered`, which names only the id. */
  readonly alertOf?: (id: string) => Alert | undefined;
  /** The market's instrument, so a price reads at its tick size (104,902.70). */
  readonly instrument?: (symbol: string) => Instrument | undefined;
  /** The strategy instance that placed an order, when one did: a fill line names it. */
  readonly orderStrategy?: (id: string) => string | undefined;
}
type Describer<T extends EventType> = (e: EventOf<T>['data'], ctx: LineContext) => Line | undefined;

/** A line about an order the event names only by id: `rejected: order 7 BTC/USDT not sent: too big`. */
const orderLine = (level: ActivityEntry['level'], word: string, id: string, reason: string, ctx: LineContext): Line => ({
  level,
  orderId: id,
  text: `${word}: order ${id} ${ctx.orderSymbol(id) ?? ''} ${reason}`.replace(/\s+/g, ' ').trim(),
});

/**
 * Whose order filled, when a strategy instance's (nothing for the trader's own): with several
 * running, a fill read back in the Log, the shell or a notification must say which one traded,
 * and a strategy's trade must not pass for one of the trader's.
 */
export const byStrategy = (id: string | undefined): string => (id === undefined ? '' : `, by strategy ${id}`);

const fillLine = (word: string, f: Fill, ctx: LineContext): Line => ({
  level: 'good',
  orderId: f.orderId,
  text: `${word}: order ${f.orderId} ${f.side} ${qty(f.qty)} ${f.symbol} at ${price(f.price, ctx.instrument?.(f.symbol))}${byStrategy(ctx.orderStrategy?.(f.orderId))}`,
});

/**
 * The events a trader wants to read back, one describer each; every other event (ticks,
 * books, balances) is not activity. A new kind of news is one more entry here, and the Log
 * tab, the shell and anything else reading the activity log say it in the same words.
 */
const DESCRIBERS: { readonly [T in EventType]?: Describer<T> } = {
  'order/filled': (d, ctx) => fillLine('filled', d.fill, ctx),
  'order/partiallyFilled': (d, ctx) => fillLine('part filled', d.fill, ctx),
  'order/rejected': (d, ctx) => orderLine('error', 'rejected', d.id, d.reason, ctx),
  'order/unknown': (d, ctx) => orderLine('warn', 'unknown', d.id, d.reason, ctx),
  'order/cancelled': (d, ctx) => ({ ...orderLine('info', 'cancelled', d.id, d.reason, ctx), cancelOf: d.id }),
  'order/refused': (d) => ({ level: 'error', refused: true, text: describeEvent({ type: 'order/refused', data: d }) }),
  'market/connection': (d, ctx) =>
    d.venue !== ctx.venue ? undefined : { level: d.state === 'connected' ? 'good' : d.state === 'connecting' ? 'info' : 'warn', text: `link ${d.state}${d.detail ? `: ${d.detail}` : ''}` },
  'alert/triggered': (d, ctx) => {
    const a = ctx.alertOf?.(d.id);
    const inst = a && !isPnlAlert(a) ? ctx.instrument?.(a.symbol) : undefined;
    return { level: 'warn', text: `alert ${d.id}${a ? ` ${alertSubject(a)}` : ''} went off at ${a ? alertValueText(a, d.last, inst) : price(d.last, undefined)}` };
  },
  // A stop atapi made (it failed, a grid left its range) comes with its notice, which says why: one line, not two.
  'strategy/status': (d) => (d.reason ? undefined : { level: 'info', statusOf: d.strategyId, text: `strategy ${d.strategyId} ${d.once ? 'listed by run --once (stopped between its calls)' : d.status}` }),
  'strategy/written-off': (d, ctx) => ({ level: 'warn', statusOf: d.strategyId, text: `strategy ${writeOffText(d, (n) => price(n, ctx.instrument?.(d.symbol)))}` }),
  'strategy/held': (d) => ({ level: 'warn', text: `strategy ${d.strategyId} ${d.target} held: ${d.reason.text}` }),
  'strategy/refused': (d) => ({ level: 'error', text: `strategy ${d.strategyId} ${d.target} refused: ${d.reason.text}` }),
  'signal/received': (d) => ({ level: d.accepted || d.duplicate ? 'info' : 'warn', text: signalLine(d) }),
  'system/notice': (d) => ({ level: d.level, text: d.message }),
  'trading/halted': (d) => ({ level: 'error', text: `HALTED: ${haltText({ ...d, since: d.ts })}; only orders that reduce a position pass until resume` }),
  'trading/resumed': (d) => ({ level: 'good', text: `trading resumed by ${d.source}` }),
  'ledger/acknowledged': () => ({ level: 'info', text: 'the last ledger repair was acknowledged' }),
};

/** What a trader wants to read back from one event, or nothing for the rest (ticks, books). */
export function describeActivity(env: Envelope, ctx: LineContext): Line | undefined {
  // The table is keyed by type, so the describer found takes this event's data.
  const describe = DESCRIBERS[env.event.type] as Describer<EventType> | undefined;
  return describe?.(env.event.data as never, ctx);
}

/** The context lines are made in, read from a store as it is now. */
export function storeLineContext(store: Store, venue: VenueId): LineContext {
  const ledger = () => store.getState().ledger;
  return {
    venue,
    orderSymbol: (id) => ledger().orders[id]?.symbol,
    orderStrategy: (id) => instanceOfOrder(ledger(), id),
    // Read when the line is made: the alert has just moved from waiting to gone off.
    alertOf: (id) => ledger().alerts[id] ?? ledger().triggeredAlerts.findLast((a) => a.id === id),
    instrument: (symbol) => selectInstrument(store.getState(), venue, symbol),
  };
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
export function createActivityLog(store: Store, venue: VenueId, limit = 300, earlier: readonly ActivityEntry[] = []): ActivityLog {
  // Lines from before this session (a recap, see recapEntries): shown, never told to followers again.
  const list: ActivityEntry[] = earlier.slice(-limit);
  // What entries() hands out: one array per change, so a view can compare it by reference.
  let snapshot: readonly ActivityEntry[] = list.slice();
  const listeners = new Set<() => void>();
  const followers = new Set<(entry: ActivityEntry) => void>();
  const tell = (entry: ActivityEntry): void => {
    for (const f of followers) f(entry);
  };
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
    tell(entry);
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
  /** Replaces the outage's line with `entry`, moved to the end; returns it. */
  const putOutageLine = (entry: ActivityEntry): ActivityEntry => {
    const at = outageLine ? list.lastIndexOf(outageLine) : -1;
    if (at >= 0) list.splice(at, 1);
    list.push(entry);
    if (list.length > limit) list.splice(0, list.length - limit);
    outageLine = entry;
    return entry;
  };
  const connection = (state: string, detail: string | undefined, ts: number): boolean => {
    const next = foldOutage(outage, state, detail, ts);
    if (next) {
      const began = !outage;
      outage = next;
      const line = putOutageLine({ ts, ...describeOutage(next) });
      if (began) tell(line);
      return true;
    }
    if (!outage) return false;
    // Back (or stopped): the outage's line says how long and how wide it was.
    const ended = outage;
    outage = undefined;
    if (state === 'connected') tell(putOutageLine({ ts, ...describeOutage(ended, ts) }));
    outageLine = undefined;
    return state === 'connected';
  };
  const context = storeLineContext(store, venue);
  // A ledger repair that lost records is news from the first frame until it is acknowledged.
  const repair = store.getState().ledger.repairWarning;
  if (repair) {
    for (const line of repair.lines) push({ ts: repair.ts, level: 'warn', text: `ledger repair lost: ${line}` });
    push({ ts: repair.ts, level: 'warn', text: 'after checking the above against the venue: atapi ledger ack' });
    snapshot = list.slice();
  }
  const stopObserving = store.observe((batch) => {
    let any = false;
    for (const env of batch) {
      const e = env.event;
      if (e.type === 'market/connection' && e.data.venue === venue && connection(e.data.state, e.data.detail, env.ts)) {
        any = true;
        continue;
      }
      const d = describeActivity(env, context);
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
    follow(listener) {
      followers.add(listener);
      return () => followers.delete(listener);
    },
    stop: stopObserving,
  };
}

/**
 * What the ledger says happened before a terminal attached to a daemon, oldest first: its
 * notices (a strategy that failed, one not resumed, a protection tripped), its recent fills,
 * and what still stands of what went wrong (orders rejected or unknown, holds, the kill switch),
 * then one line saying where they came from. A trader checking in after a night away reads in
 * the Log what the daemon did, not "nothing yet". Empty when the ledger has none of them.
 */
export function recapEntries(state: State, venue: VenueId, attachedAt: number, daemon: Pick<DaemonInfo, 'pid' | 'uncleanStop'> & { readonly startedAt?: number }): ActivityEntry[] {
  const pid = daemon.pid;
  const ctx: LineContext = {
    venue,
    orderSymbol: (id) => state.ledger.orders[id]?.symbol,
    orderStrategy: (id) => instanceOfOrder(state.ledger, id),
    instrument: (symbol) => selectInstrument(state, venue, symbol),
  };
  // What still stands of what went wrong while no terminal looked, in the words the events had
  // live (the describers): an order rejected or unknown, each instance's hold, the kill switch.
  const said = <T extends EventType>(ts: number, event: { readonly type: T; readonly data: EventOf<T>['data'] }): ActivityEntry[] => {
    const line = (DESCRIBERS[event.type] as Describer<T> | undefined)?.(event.data, ctx);
    return line ? [{ ts, ...line }] : [];
  };
  const troubled = Object.values(state.ledger.orders).filter((o) => o.venue === venue && (o.status === 'rejected' || o.status === 'unknown'));
  const lines: ActivityEntry[] = [
    ...state.ledger.notices.map((n): ActivityEntry => ({ ts: n.ts, level: n.level, text: n.message })),
    ...state.ledger.fills.filter((f) => f.venue === venue).map((f): ActivityEntry => ({ ts: f.ts, ...fillLine('filled', f, ctx) })),
    ...troubled.flatMap((o) => said(o.updatedAt, { type: o.status === 'rejected' ? 'order/rejected' : 'order/unknown', data: { id: o.id, reason: o.reason ?? '', ts: o.updatedAt } })),
    ...Object.entries(state.ledger.strategyHolds ?? {}).flatMap(([strategyId, h]) => {
      const symbol = state.ledger.strategies[strategyId]?.symbol ?? '';
      return said(h.ts, { type: h.kind === 'held' ? 'strategy/held' : 'strategy/refused', data: { strategyId, symbol, target: h.target, reason: h.reason, ts: h.ts } });
    }),
    // The daemon was down for a while before this run (killed or crashed): what it did not do then, nobody saw.
    ...(daemon.uncleanStop ? [{ ts: daemon.startedAt ?? attachedAt, level: 'warn' as const, text: uncleanRestartText(pid, daemon.uncleanStop) }] : []),
    ...(state.ledger.halt ? said(state.ledger.halt.since, { type: 'trading/halted', data: { reason: state.ledger.halt.reason, source: state.ledger.halt.source, ts: state.ledger.halt.since, ...(state.ledger.halt.rule === undefined ? {} : { rule: state.ledger.halt.rule }) } }) : []),
  ].sort((a, b) => a.ts - b.ts);
  if (lines.length === 0) return [];
  return [...lines, { ts: attachedAt, level: 'info', text: `attached to the daemon (pid ${pid}); the earlier lines are its recent notices and fills, from the ledger (all of it: history)` }];
}