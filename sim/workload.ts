import type { Instrument, Order, OrderRequest, Side } from '../source/domain/index.js';
import { floorToStep, isOpenStatus, marketKey, roundToStep } from '../source/domain/index.js';
import type { State } from '../source/store/index.js';
import type { SimRandom } from './sim-random.js';
import { describeDaemonFault, nextDaemonFault, type DaemonFault } from './daemon-faults.js';

/** One thing the outside world does to atapi in a step. */
export type Action =
  | { readonly kind: 'tick'; readonly ms: number }
  | { readonly kind: 'jump'; readonly ms: number }
  | { readonly kind: 'order'; readonly order: OrderAsk }
  | { readonly kind: 'burst'; readonly orders: readonly OrderAsk[] }
  | { readonly kind: 'cancel'; readonly id: string }
  /** An OCO: a limit leg at `price` and a stop leg at `stopPrice` (a limit at `stopLimitPrice`, or market). */
  | { readonly kind: 'oco'; readonly oco: OcoAsk }
  /** A bracket: an entry and, once it is done, a take-profit and stop-loss as one OCO (session.bracket). */
  | { readonly kind: 'bracket'; readonly order: OrderAsk; readonly tp: number; readonly sl: number }
  /** Amend (cancel-replace) of an open limit order. */
  | { readonly kind: 'amend'; readonly id: string; readonly price?: number; readonly qty?: number }
  | { readonly kind: 'restart' }
  /** The trader starts a strategy instance (the session's `start`), at a size that may be over a limit. */
  | { readonly kind: 'strategyStart'; readonly symbol: string; readonly size: string; readonly strategy: 'sma' | 'grid' }
  /** The trader stops an instance, and with `close` sells what it holds. */
  | { readonly kind: 'strategyStop'; readonly id: string; readonly close: boolean }
  /** `strategies prune --yes`: stopped, flat instances with no order open leave the list. */
  | { readonly kind: 'strategyPrune' }
  /** `strategies write-off --all --yes`: what the account no longer holds of instances' own positions leaves their claims. */
  | { readonly kind: 'strategyWriteOff' }
  /** The process dies `turns` turns into an order (`during`), into a cancel of order `cancelling`, or idle. */
  | { readonly kind: 'crash'; readonly turns: number; readonly during?: OrderAsk; readonly cancelling?: string; readonly flattening?: boolean }
  /** The exchange ends a resting order of ours by itself (sim/gone-invariants.ts). */
  | { readonly kind: 'exchangeDrop' }
  | { readonly kind: 'fault'; readonly fault: FaultKind }
  | { readonly kind: 'reconcile' }
  /** A client of the daemon's socket misbehaves (sim/daemon-faults.ts). */
  | { readonly kind: 'daemon'; readonly fault: DaemonFault }
  /** The kill switch: stop every strategy, cancel every order, close what strategies hold, halt. */
  | { readonly kind: 'flatten' }
  /** The end of the halt. */
  | { readonly kind: 'resume' };

/** What a user or strategy types: the request given to `session.order` (the session adds the venue). */
export type OrderAsk = Omit<OrderRequest, 'venue' | 'strategyId'>;

export interface OcoAsk {
  readonly symbol: string;
  readonly side: Side;
  readonly qty: number;
  readonly price: number;
  readonly stopPrice: number;
  readonly stopLimitPrice?: number;
}

/** Faults armed for the next step (disk and exchange), besides crashes and clock jumps. */
export type FaultKind =
  | 'diskFull'
  | 'fsyncFail'
  | 'tornWrite'
  | 'replyDelayed'
  | 'replyLost'
  | 'connRefused'
  | 'streamDrop'
  | 'streamDuplicate'
  | 'streamReorder'
  | 'streamGarbage'
  | 'streamFail';

/** What a run can do, by venue and by what the layers below make possible. */
export interface Capabilities {
  readonly restarts: boolean;
  readonly diskFaults: boolean;
  readonly exchangeFaults: boolean;
  readonly symbols: readonly string[];
}

export function describeAction(a: Action): string {
  switch (a.kind) {
    case 'tick':
      return `tick +${a.ms}ms`;
    case 'jump':
      return `clock jump ${a.ms >= 0 ? '+' : ''}${a.ms}ms`;
    case 'order':
      return `order ${describeAsk(a.order)}`;
    case 'burst':
      return `burst ${a.orders.map(describeAsk).join(' | ')}`;
    case 'cancel':
      return `cancel ${a.id}`;
    case 'oco':
      return `oco ${a.oco.side} ${a.oco.symbol} ${a.oco.qty} @ ${a.oco.price} stop ${a.oco.stopPrice}${a.oco.stopLimitPrice !== undefined ? ` limit ${a.oco.stopLimitPrice}` : ''}`;
    case 'bracket':
      return `bracket ${describeAsk(a.order)} --tp ${a.tp} --sl ${a.sl}`;
    case 'amend':
      return `amend ${a.id}${a.price !== undefined ? ` price ${a.price}` : ''}${a.qty !== undefined ? ` qty ${a.qty}` : ''}`;
    case 'restart':
      return 'restart (clean close)';
    case 'strategyStart':
      return `start ${a.strategy} ${a.symbol} --size ${a.size}${a.strategy === 'grid' ? ' (range +-3% of the last price, 7 levels)' : ''}`;
    case 'strategyStop':
      return `stop ${a.id}${a.close ? ' --close' : ''}`;
    case 'strategyPrune':
      return 'strategies prune --yes';
    case 'strategyWriteOff':
      return 'strategies write-off --all --yes';
    case 'crash':
      return `crash after ${a.turns} turns${a.during ? ` during order ${describeAsk(a.during)}` : ''}${a.cancelling !== undefined ? ` during cancel ${a.cancelling}` : ''}${a.flattening ? ' during flatten' : ''}`;
    case 'exchangeDrop':
      return 'the exchange drops a resting order';
    case 'fault':
      return `fault ${a.fault}`;
    case 'reconcile':
      return 'reconcile';
    case 'daemon':
      return describeDaemonFault(a.fault);
    case 'flatten':
      return 'flatten --yes';
    case 'resume':
      return 'resume';
    default: {
      const never: never = a;
      return String(never);
    }
  }
}

export function describeAsk(o: OrderAsk): string {
  const what = o.quoteQty !== undefined ? `${o.quoteQty} quote` : String(o.qty);
  const trail = o.trailing ? ` trailing ${o.trailing.distance}${o.trailing.unit === 'percent' ? '%' : ''}${o.trailing.activation !== undefined ? ` from ${o.trailing.activation}` : ''}` : '';
  return `${o.side} ${o.type}${o.tif === 'IOC' ? ' IOC' : ''} ${o.symbol} ${what}${o.price !== undefined ? ` @ ${o.price}` : ''}${o.stopPrice !== undefined ? ` stop ${o.stopPrice}` : ''}${trail}`;
}

/** Draws the next action from the workload stream, given what the market looks like now. */
export function nextAction(rng: SimRandom, state: State, venue: string, caps: Capabilities): Action {
  // Stops, OCOs and amends come from `withStopsAndAmends`, on a stream of their own.
  const weights: Record<Exclude<Action['kind'], 'oco' | 'bracket' | 'amend' | 'daemon' | 'strategyStart' | 'strategyStop' | 'strategyPrune' | 'strategyWriteOff' | 'flatten' | 'resume' | 'exchangeDrop'>, number> = {
    tick: 30,
    jump: 3,
    order: 30,
    burst: 5,
    cancel: 8,
    restart: caps.restarts ? 3 : 0,
    crash: caps.restarts ? 4 : 0,
    fault: (caps.diskFaults ? 6 : 0) + (caps.exchangeFaults ? 14 : 0),
    reconcile: caps.exchangeFaults ? 2 : 0,
  };
  const kind = rng.weighted(weights);
  switch (kind) {
    case 'tick':
      return { kind, ms: rng.int(50, 20_000) };
    case 'jump':
      // Both ways: an hour back, or a day forward (the market moves a lot in one step then).
      return { kind, ms: rng.chance(0.5) ? -rng.int(1_000, 3_600_000) : rng.int(60_000, 86_400_000) };
    case 'order':
      return orderOrTick(rng, state, venue, caps);
    case 'burst': {
      const orders: OrderAsk[] = [];
      const n = rng.int(2, 4);
      for (let i = 0; i < n; i++) {
        const a = orderAsk(rng, state, venue, caps);
        if (a) orders.push(a);
      }
      return orders.length ? { kind, orders } : { kind: 'tick', ms: 100 };
    }
    case 'cancel': {
      const open = Object.values(state.ledger.orders).filter((o: Order) => o.venue === venue && isOpenStatus(o.status));
      // Now and then a cancel of something not open: a closed order or a made-up id.
      if (open.length === 0 || rng.chance(0.1)) return { kind, id: rng.chance(0.5) ? String(rng.int(1, state.ledger.orderCount + 2)) : 'x9' };
      return { kind, id: rng.pick(open).id };
    }
    case 'restart':
      return { kind };
    case 'crash':
      return { kind, turns: rng.int(0, 12), during: rng.chance(0.6) ? orderAsk(rng, state, venue, caps) : undefined };
    case 'fault':
      return { kind, fault: pickFault(rng, caps) };
    case 'reconcile':
      return { kind };
    default: {
      const never: never = kind;
      return never;
    }
  }
}

function pickFault(rng: SimRandom, caps: Capabilities): FaultKind {
  const disk: FaultKind[] = caps.diskFaults ? ['diskFull', 'fsyncFail', 'tornWrite'] : [];
  // Reply faults twice as often as stream faults: they are where an order's fate gets lost.
  const exchange: FaultKind[] = caps.exchangeFaults
    ? ['replyDelayed', 'replyDelayed', 'replyLost', 'replyLost', 'connRefused', 'streamDrop', 'streamDuplicate', 'streamReorder', 'streamGarbage', 'streamFail']
    : [];
  return rng.pick([...disk, ...exchange]);
}

function orderOrTick(rng: SimRandom, state: State, venue: string, caps: Capabilities): Action {
  const order = orderAsk(rng, state, venue, caps);
  return order ? { kind: 'order', order } : { kind: 'tick', ms: 1_000 };
}

/**
 * A plausible order: market or limit, either side, sized from a notional; some large enough
 * to walk the book (partial fills), some priced to rest, some to cross, some quote-quantity
 * buys, a few malformed (zero quantity, no price) to exercise refusals.
 */
export function orderAsk(rng: SimRandom, state: State, venue: string, caps: Capabilities): OrderAsk | undefined {
  const symbol = rng.pick(caps.symbols);
  const key = marketKey(venue, symbol);
  const inst: Instrument | undefined = state.market.instruments[key];
  const t = state.market.tickers[key];
  if (!inst || !t) return undefined;
  const side: Side = rng.chance(0.55) ? 'buy' : 'sell';
  const mid = (t.bid + t.ask) / 2;
  const base = inst.base;
  const held = state.ledger.balances[venue]?.[base]?.free ?? 0;
  // Notional: mostly small, sometimes most of the balance (walks several levels).
  const notional = rng.chance(0.25) ? rng.int(3_000, 15_000) : rng.int(8, 600);
  let qty = floorToStep(notional / mid, inst.lotSize);
  if (side === 'sell' && rng.chance(0.7) && held > 0) qty = floorToStep(held * (0.1 + 0.9 * rng.next()), inst.lotSize);
  const shape = rng.weighted({ market: 40, limitRest: 25, limitCross: 15, ioc: 5, quote: 10, malformed: 5 });
  switch (shape) {
    case 'market':
      return { symbol, side, type: 'market', qty };
    case 'limitRest': {
      // Within 0.3% of the touch on the passive side: a tick or a jump may trade through it.
      const off = 1 + (side === 'buy' ? -1 : 1) * 0.003 * rng.next();
      return { symbol, side, type: 'limit', qty, price: roundToStep((side === 'buy' ? t.bid : t.ask) * off, inst.tickSize) };
    }
    case 'limitCross': {
      const off = 1 + (side === 'buy' ? 1 : -1) * 0.002 * rng.next();
      return { symbol, side, type: 'limit', qty, price: roundToStep((side === 'buy' ? t.ask : t.bid) * off, inst.tickSize) };
    }
    case 'ioc':
      return { symbol, side, type: 'limit', tif: 'IOC', qty, price: roundToStep(side === 'buy' ? t.ask : t.bid, inst.tickSize) };
    case 'quote': {
      const quoteQty = rng.int(10, 800);
      return { symbol, side: 'buy', type: 'market', qty: floorToStep(quoteQty / t.ask, inst.lotSize), quoteQty };
    }
    case 'malformed':
      return rng.chance(0.5) ? { symbol, side, type: 'market', qty: 0 } : { symbol, side, type: 'limit', qty };
  }
}

/**
 * Stops, OCOs and amends, drawn from their own stream so the main workload stream (and the
 * seeds kept as regressions) draws as before: now and then an order action becomes a stop
 * order near the market, an OCO around it, or an amend of an open limit order.
 */
export function withStopsAndAmends(rng: SimRandom, action: Action, state: State, venue: string): Action {
  if (action.kind !== 'order' || !rng.chance(0.3)) return action;
  const ask = action.order;
  const key = marketKey(venue, ask.symbol);
  const inst: Instrument | undefined = state.market.instruments[key];
  const t = state.market.tickers[key];
  if (!inst || !t || !(ask.qty > 0) || ask.quoteQty !== undefined) return action;
  const shape = rng.weighted({ stop: 45, oco: 30, amend: 25 });
  const near = (f: number) => roundToStep(t.last * f, inst.tickSize);
  if (shape === 'amend') {
    const open = Object.values(state.ledger.orders).filter((o: Order) => o.venue === venue && o.type === 'limit' && o.status === 'open');
    if (open.length === 0) return action;
    const o = rng.pick(open);
    const moved = o.price === undefined ? undefined : roundToStep(o.price * (1 + (rng.next() - 0.5) * 0.004), inst.tickSize);
    const qty = rng.chance(0.3) ? floorToStep((o.qty - o.filledQty) * (0.5 + rng.next()), inst.lotSize) : undefined;
    return { kind: 'amend', id: o.id, price: moved, ...(qty !== undefined ? { qty } : {}) };
  }
  // Within half a percent of the last trade: ticks and jumps set many of them off.
  const away = 0.001 + 0.004 * rng.next();
  const fires = ask.side === 'sell' ? 1 - away : 1 + away;
  const limitLeg = rng.chance(0.5) ? undefined : near(ask.side === 'sell' ? fires * 0.998 : fires * 1.002);
  if (shape === 'stop') {
    // A stop-loss, or (the other way round) a take-profit; market or limit once set off.
    const up = rng.chance(0.5);
    const stopPrice = near(up ? 1 + away : 1 - away);
    return { kind: 'order', order: { symbol: ask.symbol, side: ask.side, type: limitLeg === undefined ? 'market' : 'limit', qty: ask.qty, stopPrice, ...(limitLeg === undefined ? {} : { price: near((up ? 1 + away : 1 - away) * (ask.side === 'buy' ? 1.002 : 0.998)) }) } };
  }
  const price = near(ask.side === 'sell' ? 1 + away : 1 - away);
  return { kind: 'oco', oco: { symbol: ask.symbol, side: ask.side, qty: ask.qty, price, stopPrice: near(fires), ...(limitLeg === undefined ? {} : { stopLimitPrice: limitLeg }) } };
}

/**
 * Some plain market and limit orders become brackets, on a stream of their own (so the
 * streams above, and the seeds kept as regressions, draw as before). Take-profit and
 * stop-loss within half a percent of the entry price: ticks and jumps set many of them off.
 */
export function withBrackets(rng: SimRandom, action: Action, state: State, venue: string): Action {
  if (action.kind !== 'order' || !rng.chance(0.2)) return action;
  const ask = action.order;
  const key = marketKey(venue, ask.symbol);
  const inst: Instrument | undefined = state.market.instruments[key];
  const t = state.market.tickers[key];
  if (!inst || inst.perpetual || !t || !(ask.qty > 0) || ask.quoteQty !== undefined || ask.stopPrice !== undefined || ask.tif === 'IOC') return action;
  const at = ask.price ?? t.last;
  const win = 0.001 + 0.004 * rng.next();
  const loss = 0.001 + 0.004 * rng.next();
  const up = ask.side === 'buy';
  return { kind: 'bracket', order: ask, tp: roundToStep(at * (up ? 1 + win : 1 - win), inst.tickSize), sl: roundToStep(at * (up ? 1 - loss : 1 + loss), inst.tickSize) };
}

/**
 * The daemon's socket as a source of faults, drawn from its own stream so the streams above
 * (and the seeds kept as regressions) draw as before: now and then a tick becomes a client
 * of the daemon that misbehaves, or places an order through it and vanishes.
 */
export function withDaemonFaults(rng: SimRandom, action: Action, state: State, venue: string, caps: Capabilities & { readonly badEvents: boolean }): Action {
  if (action.kind !== 'tick' || !rng.chance(0.3)) return action;
  return { kind: 'daemon', fault: nextDaemonFault(rng, orderAsk(rng, state, venue, caps), caps.badEvents) };
}

/**
 * Sizes a trader types at `start`: most within the limits, some over risk.maxOrderNotional or
 * risk.maxEquitySharePercent (refused at start), some more than the cash pays when the
 * account is low (held at the buy, never shrunk).
 */
const STRATEGY_SIZES = ['100USDT', '250USDT', '5%', '12%', '0.05ETH', '0.5ETH', '2ETH', '1BTC', '60%', '30000USDT'];

/**
 * Strategy starts and stops, drawn from their own stream so the main workload stream draws as
 * before: now and then a tick becomes a start (ETH or BTC, a size from STRATEGY_SIZES) or a
 * stop of a running instance (with or without selling what it holds). Instances left running
 * across a restart or crash resume in the next process.
 */
export function withStrategies(rng: SimRandom, action: Action, state: State, venue: string): Action {
  if (action.kind !== 'tick' || !rng.chance(0.12)) return action;
  const running = Object.values(state.ledger.strategies).filter((s) => s.venue === venue && s.status === 'running');
  if (running.length > 0 && (running.length >= 4 || rng.chance(0.4))) return { kind: 'strategyStop', id: rng.pick(running).strategyId, close: rng.chance(0.5) };
  // A start at 250USDT is a grid (no extra draw: the stream draws as before).
  const symbol = rng.chance(0.6) ? 'ETH/USDT' : 'BTC/USDT';
  const size = rng.pick(STRATEGY_SIZES);
  return { kind: 'strategyStart', symbol, size, strategy: size === '250USDT' ? 'grid' : 'sma' };
}

/**
 * `strategies prune`, drawn from its own stream (so the streams above draw as before): now and
 * then a tick becomes a prune once some instance has stopped.
 */
export function withPrunes(rng: SimRandom, action: Action, state: State, venue: string): Action {
  if (action.kind !== 'tick' || !rng.chance(0.05)) return action;
  return Object.values(state.ledger.strategies).some((s) => s.venue === venue && s.status === 'stopped') ? { kind: 'strategyPrune' } : action;
}

/**
 * The kill switch, drawn from its own stream so the streams above draw as before: now and
 * then a tick becomes a flatten (again while halted: it re-runs the cancels), and while
 * halted a tick may become the resume. Halts stay short, so most of a run still trades.
 */
export function withHalts(rng: SimRandom, action: Action, state: State): Action {
  if (action.kind !== 'tick') return action;
  if (state.ledger.halt) return rng.chance(0.35) ? { kind: rng.chance(0.85) ? 'resume' : 'flatten' } : action;
  return rng.chance(0.03) ? { kind: 'flatten' } : action;
}

/**
 * Trailing stops, drawn from their own stream so the streams above (and the seeds kept as
 * regressions) draw as before: now and then a plain order becomes a trailing stop of the same
 * side and quantity, trailing 0.1% to 0.5% (or that as a price distance), sometimes from an
 * activation price near the market. Ticks and jumps move and fire many of them.
 */
export function withTrailing(rng: SimRandom, action: Action, state: State, venue: string): Action {
  if (action.kind !== 'order' || !rng.chance(0.12)) return action;
  const ask = action.order;
  const key = marketKey(venue, ask.symbol);
  const inst: Instrument | undefined = state.market.instruments[key];
  const t = state.market.tickers[key];
  if (!inst || !t || !(ask.qty > 0) || ask.quoteQty !== undefined) return action;
  const pct = 0.1 + 0.4 * rng.next();
  const unit = rng.chance(0.7) ? 'percent' : 'price';
  const distance = unit === 'percent' ? Math.round(pct * 100) / 100 : roundToStep((t.last * pct) / 100, inst.tickSize);
  const activation = rng.chance(0.3) ? roundToStep(t.last * (1 + (rng.next() - 0.5) * 0.006), inst.tickSize) : undefined;
  return { kind: 'order', order: { symbol: ask.symbol, side: ask.side, type: 'market', qty: ask.qty, trailing: { distance, unit, ...(activation === undefined ? {} : { activation }) } } };
}
