import type { DomainEvent, Fill, Order, VenueId } from '../../domain/index.js';
import type { CcxtExchange, CcxtOrder, CcxtTrade } from './ccxt-client.js';

/** Quantities closer than this are the same quantity (exchange amounts have at most 8 decimals). */
export const QTY_EPS = 1e-9;

/** What the adapter has already reported for one order: its trade ids and their total. */
export interface SeenFills {
  readonly tradeIds: Set<string>;
  qty: number;
}

const STATUSES = new Set(['open', 'closed', 'canceled', 'expired', 'rejected']);

/** Whether an order update parsed into something usable (a garbled frame does not). */
export function isSaneOrder(x: CcxtOrder): boolean {
  if (typeof x.id !== 'string' || x.id === '') return false;
  if (x.status !== undefined && !STATUSES.has(x.status)) return false;
  return x.filled === undefined || (Number.isFinite(x.filled) && x.filled >= 0);
}

/**
 * The trades an order update carries, with the exchange's trade ids: a REST answer's
 * `trades` (Binance's `fills`), or the one trade in a spot `executionReport` (`info.t`,
 * `l`, `L`, `n`, `N`, `m`). `complete` says whether the list is the order's whole history
 * so far (a REST answer) or just the newest trade (a stream frame).
 */
export function tradesOf(x: CcxtOrder): { trades: CcxtTrade[]; complete: boolean } {
  if (x.trades && x.trades.length > 0) return { trades: x.trades, complete: true };
  const info = x.info ?? {};
  if (info.x === 'TRADE' && info.t !== undefined && info.t !== null && Number(info.t) >= 0) {
    const fee = Number(info.n);
    return {
      trades: [{ id: String(info.t), order: x.id, price: Number(info.L), amount: Number(info.l), fee: { cost: Number.isFinite(fee) ? fee : 0, currency: typeof info.N === 'string' ? info.N : undefined }, takerOrMaker: info.m === true ? 'maker' : 'taker', timestamp: Number(info.T) || undefined }],
      complete: false,
    };
  }
  return { trades: [], complete: false };
}

/**
 * The trades that can be the order's: none not reported yet from before the exchange created
 * it (Binance's order time: `O` in a spot executionReport, `time` or `transactTime` in a REST
 * answer; the exchange's clock both, so no skew between). An exchange that was reset (a sandbox
 * restarted, a testnet wiped) numbers its orders from 1 again, and ccxt's order cache (by symbol
 * and id, kept across the reconnect) hands the new order 1 the trades of the old order 1: seen
 * by hand, a new 0.00079 BTC buy read filled 0.00158, the earlier order's trade counted again
 * under it. Trades reported already stay (newTrades matches quantity against them); an update
 * without the order's time (a futures stream frame) is not judged.
 */
export function sinceOrder(trades: readonly CcxtTrade[], x: Pick<CcxtOrder, 'info'>, seen: SeenFills): CcxtTrade[] {
  const info = x.info ?? {};
  const created = [info.O, info.time, info.transactTime].map(Number).find((n) => Number.isFinite(n) && n > 0);
  if (created === undefined) return [...trades];
  return trades.filter((t) => t.timestamp === undefined || t.timestamp >= created || (t.id !== undefined && seen.tradeIds.has(t.id)));
}

/**
 * The trades in `trades` not reported yet, oldest first. When the list is the order's whole
 * history, quantity already reported under ids that are not in it (older atapi versions made
 * ids up from the cumulative quantity) is matched against its oldest trades, so a restart
 * after an upgrade does not count those fills again.
 */
export function newTrades(trades: readonly CcxtTrade[], seen: SeenFills, complete: boolean): CcxtTrade[] {
  const valid = trades.filter((t) => t.id !== undefined && t.id !== '' && Number.isFinite(t.amount) && t.amount > 0 && Number.isFinite(t.price) && t.price > 0);
  const sorted = [...valid].sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0) || compareIds(a.id!, b.id!));
  let foreign = 0;
  if (complete) {
    const known = sorted.filter((t) => seen.tradeIds.has(t.id!)).reduce((s, t) => s + t.amount, 0);
    foreign = seen.qty - known;
  }
  const out: CcxtTrade[] = [];
  const ids = new Set<string>();
  for (const t of sorted) {
    if (seen.tradeIds.has(t.id!) || ids.has(t.id!)) continue;
    if (foreign > QTY_EPS) {
      foreign -= t.amount;
      continue;
    }
    ids.add(t.id!);
    out.push(t);
  }
  return out;
}

/** Binance trade ids are integers: compare them as numbers when both are. */
function compareIds(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  return Number.isFinite(x) && Number.isFinite(y) ? x - y : a.localeCompare(b);
}

/**
 * Fill events for an order's new trades, each counted into `seen`; the one that completes a
 * closed order is `order/filled`. `onTrade` adds what a fill brings beyond itself (futures: the
 * realised PnL on its position).
 */
export function fillEventsOf(o: Order, seen: SeenFills, x: CcxtOrder, trades: readonly CcxtTrade[], venue: VenueId, now: number, onTrade?: (order: Order, trade: CcxtTrade, update: CcxtOrder) => readonly DomainEvent[]): DomainEvent[] {
  const out: DomainEvent[] = [];
  const quote = o.symbol.split('/')[1].split(':')[0];
  for (const tr of trades) {
    seen.tradeIds.add(tr.id!);
    seen.qty += tr.amount;
    const complete = x.status === 'closed' && seen.qty >= (x.filled ?? 0) - QTY_EPS;
    const liquidity = tr.takerOrMaker === 'maker' || tr.takerOrMaker === 'taker' ? tr.takerOrMaker : o.type === 'limit' ? 'maker' : 'taker';
    const fill: Fill = { tradeId: tr.id!, orderId: o.id, venue, symbol: o.symbol, side: o.side, qty: tr.amount, price: tr.price, fee: tr.fee?.cost ?? 0, feeAsset: tr.fee?.currency ?? quote, liquidity, ts: tr.timestamp ?? x.lastTradeTimestamp ?? now };
    out.push(complete ? { type: 'order/filled', data: { fill } } : { type: 'order/partiallyFilled', data: { fill } });
    if (onTrade) out.push(...onTrade(o, tr, x));
  }
  return out;
}

/** An order's own trades from the exchange (undefined: this exchange object cannot list them). */
export async function orderTrades(x: CcxtExchange, symbol: string, orderId: string): Promise<CcxtTrade[] | undefined> {
  if (!x.fetchMyTrades) return undefined;
  // Binance takes symbol + orderId, without a start time (-1128 otherwise); 1000 is its most.
  const all = await x.fetchMyTrades(symbol, undefined, 1000, { orderId });
  return all.filter((tr) => tr.order === undefined || tr.order === orderId);
}
