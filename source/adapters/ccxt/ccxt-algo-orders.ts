import type { DomainEvent, Order, Refusal } from '../../domain/index.js';
import { orderRejected, refusal, stopKind, UserError } from '../../domain/index.js';
import type { CcxtExchange, CcxtOrder } from './ccxt-client.js';
import { askOrder, errorText, type Lookup } from './ccxt-errors.js';
import { cancelledAtExchange, type Tracked } from './ccxt-tracked.js';

/*
 * Binance USD-M's algo service (`/fapi/v1/algoOrder`, algoType CONDITIONAL) for our perpetual
 * stops: ccxt's binanceusdm sends a createOrder with a trigger there. The algo order carries our
 * client id (`clientAlgoId`); once set off, Binance places a NEW order, with a new id and none of
 * our client ids, and names it in the algo order (`actualOrderId`, `ai` on ALGO_UPDATE). That id
 * is how the fired order's fills and cancel find our order (see CcxtOrders).
 */

/** How many tenths a callbackRate is given in: Binance takes 0.1 steps (1 for 1%). */
const RATE_STEP = 0.1;
/** Binance USD-M's callbackRate range, in percent. */
export const CALLBACK_RATE = { min: 0.1, max: 10 } as const;

/** What an algo order's report says of our order. */
export interface AlgoReport {
  readonly algoId: string;
  /**
   * `waiting` for its trigger; `triggering` (set off, not yet placed: the order it places is not
   * named yet); `fired` (placed: `firedOrderId` names it, when the report says); `cancelled` /
   * `expired` before it was set off; `rejected`: set off, and the order it placed refused.
   */
  readonly status: 'waiting' | 'triggering' | 'fired' | 'cancelled' | 'expired' | 'rejected';
  readonly firedOrderId?: string;
  /** Binance's words for a rejection (`rm`), when it gives them. */
  readonly reason?: string;
  readonly ts?: number;
}

/** Whether an update is an algo order's (REST `algoId`/`algoStatus`, or an ALGO_UPDATE frame's `aid`). */
export function isAlgoUpdate(x: CcxtOrder): boolean {
  const info = x?.info ?? {};
  return info.algoId !== undefined || info.aid !== undefined;
}

const STATUS: Readonly<Record<string, AlgoReport['status']>> = {
  NEW: 'waiting', TRIGGERING: 'triggering', TRIGGERED: 'fired', FINISHED: 'fired', CANCELED: 'cancelled', EXPIRED: 'expired', REJECTED: 'rejected',
};

/**
 * What an algo order's update says, read from Binance's own fields (ccxt maps TRIGGERED and
 * FINISHED to `closed`, which would end our order before its fills). Undefined when the status
 * is not one Binance documents: the caller asks again rather than guess.
 */
export function algoReport(x: CcxtOrder): AlgoReport | undefined {
  const info = x.info ?? {};
  const status = STATUS[String(info.algoStatus ?? info.X ?? '')];
  const algoId = String(info.algoId ?? info.aid ?? x.id ?? '');
  if (!status || algoId === '') return undefined;
  const fired = String(info.actualOrderId ?? info.ai ?? '');
  const reason = typeof info.rm === 'string' && info.rm !== '' ? info.rm : undefined;
  const ts = Number(info.updateTime ?? info.tt ?? x.lastUpdateTimestamp);
  return { algoId, status, ...(fired !== '' && fired !== '0' ? { firedOrderId: fired } : {}), ...(reason ? { reason } : {}), ...(Number.isFinite(ts) && ts > 0 ? { ts } : {}) };
}

/**
 * ccxt createOrder params for one of our perpetual stops. A stop-loss (a sell that fires as the
 * price falls, a buy as it rises) is `stopLossPrice`: STOP_MARKET, or STOP with a limit price;
 * the other way round `takeProfitPrice`: TAKE_PROFIT(_MARKET). A trailing stop is
 * TRAILING_STOP_MARKET by `trailingPercent` (Binance's callbackRate) and its activation price
 * as `activatePrice`, the algo service's name for it (ccxt would send `activationPrice`; the
 * NewAlgoOrderRequest model of Binance's generated USD-M connector names it `activatePrice`).
 */
export function algoOrderParams(order: Pick<Order, 'side' | 'stopPrice' | 'stopTrigger' | 'trailing' | 'closePosition'>, price: (n: number) => string): Record<string, unknown> {
  const t = order.trailing;
  if (t) return { trailingPercent: t.distance, ...(t.activation === undefined ? {} : { activatePrice: price(t.activation) }) };
  // closePosition: no quantity is sent (ccxt leaves it out); the exchange closes what is open when it fires.
  const close = order.closePosition ? { closePosition: true } : {};
  return stopKind(order) === 'stop-loss' ? { stopLossPrice: order.stopPrice, ...close } : { takeProfitPrice: order.stopPrice, ...close };
}

/**
 * What Binance's algo service cannot hold of a trailing stop, said before anything is sent: a
 * callbackRate outside 0.1..10 or finer than 0.1, and an activation on the wrong side (USD-M
 * starts a sell trailing once the price rises to its activation, a buy once it falls to it).
 */
export function algoTermsProblem(order: Pick<Order, 'side' | 'trailing'>): Refusal | undefined {
  const t = order.trailing;
  if (!t) return undefined;
  if (t.unit !== 'percent') return refusal('venue.unsupported', 'Binance USD-M trails by a percent only (callbackRate): use --trailing P%; nothing was sent', 'trailing');
  const tenths = t.distance / RATE_STEP;
  if (t.distance < CALLBACK_RATE.min || t.distance > CALLBACK_RATE.max || Math.abs(tenths - Math.round(tenths)) > 1e-9) {
    return refusal('stop.invalid', `Binance USD-M trails by ${CALLBACK_RATE.min}% to ${CALLBACK_RATE.max}% in steps of 0.1% (callbackRate), not ${t.distance}%; nothing was sent`, 'trailing');
  }
  const needed = order.side === 'sell' ? 'above' : 'below';
  if (t.activation !== undefined && t.activateWhen !== undefined && t.activateWhen !== needed) {
    return refusal('stop.invalid', `Binance USD-M starts a trailing ${order.side} once the price ${order.side === 'sell' ? 'rises' : 'falls'} to its activation: use an activation ${needed} the market, or none; nothing was sent`, 'activation');
  }
  return undefined;
}

/**
 * The algo-service calls for our perpetual stops, and which fired order is whose: the exchange
 * ids of fired orders to our client ids (seeded from the ledger's `firedOrderId`).
 */
export class CcxtAlgoOrders {
  private readonly owners = new Map<string, string>();

  constructor(private readonly exchange: CcxtExchange) {}

  /** Whether the order goes through the algo service: a stop, set off or not (its fills come from the order it fired). */
  claims(order: Pick<Order, 'stopPrice' | 'trailing'>): boolean {
    return order.stopPrice !== undefined || order.trailing !== undefined;
  }

  params(order: Order): Record<string, unknown> {
    const x = this.exchange;
    return algoOrderParams(order, (n) => x.priceToPrecision?.(order.symbol, n) ?? String(n));
  }

  /** The fired order `firedOrderId` is our order with client id `clientOrderId`. */
  link(firedOrderId: string, clientOrderId: string): void {
    this.owners.set(firedOrderId, clientOrderId);
  }

  /** Our client id for a plain order update that is one of our fired orders. */
  ownerOf(x: CcxtOrder): string | undefined {
    return isAlgoUpdate(x) || x?.id === undefined ? undefined : this.owners.get(String(x.id));
  }

  forget(firedOrderId: string): void {
    this.owners.delete(firedOrderId);
  }

  /** The algo order by our client id (`GET /fapi/v1/algoOrder?clientAlgoId=`). */
  lookup(order: Order): Promise<Lookup> {
    return askOrder(() => this.exchange.fetchOrder('', order.symbol, { clientAlgoId: order.clientOrderId, trigger: true }));
  }

  /** The order it fired, by the exchange's id. */
  lookupFired(order: Order, firedOrderId: string): Promise<Lookup> {
    return askOrder(() => this.exchange.fetchOrder(firedOrderId, order.symbol));
  }

  /** Cancels the algo order while it waits (`DELETE /fapi/v1/algoOrder?clientAlgoId=`). */
  cancelWaiting(order: Order): Promise<CcxtOrder> {
    return this.exchange.cancelOrder('', order.symbol, { clientAlgoId: order.clientOrderId, trigger: true });
  }

  /** Cancels the order it fired (a stop-limit resting after its trigger). */
  cancelFired(order: Order, firedOrderId: string): Promise<CcxtOrder> {
    return this.exchange.cancelOrder(firedOrderId, order.symbol);
  }
}

/** What the algo path needs of the order adapter (CcxtOrders): its events, clock and the plain order path. */
export interface AlgoHost {
  readonly algo: CcxtAlgoOrders;
  emit(events: readonly DomainEvent[]): void;
  clock(): number;
  /** Reconciles again later, while an order is pending (unknown, or `dirty`). */
  kick(): void;
  /** A plain order update (the fired order's), through the common path: fills once per trade id, its end. */
  onOrder(x: CcxtOrder): Promise<void>;
  warn(text: string): void;
}

/**
 * An algo order's report on one of our USD-M stops: accepted; set off and placed (the order it
 * placed is ours from now on: linked, logged with the trigger, and asked for, since its own
 * frames may have come before this report); or ended before it was set off. Once the fired
 * order is known, its own reports decide our order's end, not the algo order's.
 */
export async function onAlgoReport(h: AlgoHost, t: Tracked, x: CcxtOrder): Promise<void> {
  const r = algoReport(x);
  const o = t.order;
  if (!r) {
    h.warn(`an algo order update for ${o.clientOrderId} did not parse; asking the exchange instead`);
    t.dirty = true;
    return h.kick();
  }
  const now = h.clock();
  const ts = r.ts ?? now;
  const events: DomainEvent[] = [];
  t.dirty = false;
  if (!t.accepted || t.state === 'unknown') {
    events.push({ type: 'order/accepted', data: { id: o.id, exchangeOrderId: r.algoId, ts: x.timestamp !== undefined && x.timestamp > 0 ? x.timestamp : now } });
    t.accepted = true;
    t.exchangeId = r.algoId;
    if (t.state === 'unknown') t.state = 'live';
  }
  if (t.state === 'ended' || t.firedId !== undefined) return h.emit(events);
  if (r.status === 'fired' && r.firedOrderId !== undefined) {
    const fired = await h.algo.lookupFired(o, r.firedOrderId);
    const size = fired.kind === 'found' ? fired.order.amount : undefined;
    // A close-position stop's size is the order it fired: without it the reconcile asks again.
    if (o.closePosition && !(size !== undefined && size > 0)) {
      t.dirty = true;
      h.emit(events);
      return h.kick();
    }
    if (t.firedId !== undefined) return h.emit(events);
    t.firedId = r.firedOrderId;
    h.algo.link(r.firedOrderId, o.clientOrderId);
    // The exchange does not say the trade price that set it off: the stop price stands for it.
    if (!t.triggered) events.push({ type: 'order/triggered', data: { id: o.id, last: o.stopPrice ?? 0, ts, firedOrderId: r.firedOrderId, ...(o.closePosition ? { qty: size } : {}) } });
    t.triggered = true;
    h.emit(events);
    if (fired.kind === 'found') return h.onOrder({ ...fired.order });
    t.dirty = true;
    return h.kick();
  }
  if (r.status === 'fired' || r.status === 'triggering') {
    // Set off, the order it placed not named yet: a later report or the reconcile names it.
    t.dirty = true;
    h.kick();
  } else if (r.status === 'cancelled' || r.status === 'expired') {
    t.state = 'ended';
    events.push(r.status === 'expired' ? { type: 'order/cancelled', data: { id: o.id, reason: 'expired at the exchange', ts } } : cancelledAtExchange(t, ts));
  } else if (r.status === 'rejected') {
    // Binance rejects an algo order when the order it places on its trigger is refused (margin, reduce-only).
    t.state = 'ended';
    if (!t.triggered) events.push({ type: 'order/triggered', data: { id: o.id, last: o.stopPrice ?? 0, ts } });
    t.triggered = true;
    events.push(orderRejected(o.id, refusal('venue.rejected', `set off, but the exchange refused the order it places${r.reason ? `: ${r.reason}` : ' (it gave no reason)'}`), ts));
  }
  h.emit(events);
}

/**
 * Cancels a USD-M stop: the algo order while it waits, else the order it fired (a stop-limit
 * resting after its trigger). The algo order as the exchange has it afterwards settles what
 * happened: cancelled, or set off meanwhile (then the order it placed is cancelled in turn,
 * or has filled). Throws when the exchange cannot confirm the cancel.
 */
export async function cancelAlgo(h: AlgoHost, t: Tracked): Promise<void> {
  const o = t.order;
  let failure: unknown;
  if (t.firedId === undefined) {
    try {
      await h.algo.cancelWaiting(o);
    } catch (err) {
      failure = err;
    }
    // The cancel's answer is only `success`: the algo order itself says cancelled or fired.
    const found = await h.algo.lookup(o);
    if (found.kind === 'found') await onAlgoReport(h, t, { ...found.order });
    else if (failure === undefined) return;
  }
  if (t.firedId !== undefined && t.state !== 'ended') {
    try {
      await h.onOrder({ ...(await h.algo.cancelFired(o, t.firedId)) });
      return;
    } catch (err) {
      const fired = await h.algo.lookupFired(o, t.firedId);
      if (fired.kind === 'found') await h.onOrder({ ...fired.order });
      failure = isEnded(t) ? undefined : err;
    }
  }
  if (failure !== undefined && !isEnded(t)) throw new UserError(`cancel not confirmed: ${errorText(failure)}; order ${o.id} may still be open at the exchange`);
}

/** Read afresh after an await (a report may have ended it meanwhile). */
const isEnded = (t: Tracked): boolean => t.state === 'ended';
