import type { ArbInstance, ArbTx, Order, Refusal, Side } from '../../domain/index.js';
import { clean, floorToStep, refusal, roundToStep } from '../../domain/index.js';
import type { CrossEdge } from './cross-edge.js';

/** What a transaction's orders traded: base each way, quote each way, fees (in the quote). */
export interface TxFigures {
  readonly bought: number;
  readonly sold: number;
  readonly paid: number;
  readonly received: number;
  readonly fees: number;
}

/** Sums the transaction's orders as the ledger has them (each fill counted once, by the fold). */
export function txFigures(orders: readonly Pick<Order, 'side' | 'filledQty' | 'avgPrice' | 'fee'>[]): TxFigures {
  let bought = 0;
  let sold = 0;
  let paid = 0;
  let received = 0;
  let fees = 0;
  for (const o of orders) {
    if (o.side === 'buy') {
      bought += o.filledQty;
      paid += o.filledQty * o.avgPrice;
    } else {
      sold += o.filledQty;
      received += o.filledQty * o.avgPrice;
    }
    fees += o.fee;
  }
  return { bought: clean(bought), sold: clean(sold), paid, received, fees };
}

/** The plan's mid: what base left over is valued at, so an imbalance is neither a gain nor a loss by itself. */
export function planMid(tx: Pick<ArbTx, 'buy' | 'sell'>): number {
  return (tx.buy.avg + tx.sell.avg) / 2;
}

/** Realised edge: quote in, less quote out and fees, with base left over valued at the plan's mid. */
export function realisedNet(tx: Pick<ArbTx, 'buy' | 'sell'>, f: TxFigures): number {
  return f.received - f.paid - f.fees + (f.bought - f.sold) * planMid(tx);
}

/** The order a single-leg policy sends next: on which venue, which side, how much, at what IOC limit. */
export interface FixOrder {
  readonly venue: string;
  readonly symbol: string;
  readonly side: Side;
  readonly qty: number;
  readonly price: number;
}

/**
 * The policy's next order for the imbalance `bought - sold`, or undefined when there is none to
 * send (balanced within a lot, or the policy is cancel). reverse unwinds the excess where it was
 * traded; proceed completes the missing side where it was planned. The limit is the planned
 * price moved `priceLimitPercent` against us: never worse than that.
 */
export function fixOrder(tx: ArbTx, f: TxFigures, lot: number, tick: number): FixOrder | undefined {
  const excess = clean(f.bought - f.sold);
  const qty = floorToStep(Math.abs(excess), lot);
  if (qty <= 0 || tx.policy.onSingleLeg === 'cancel') return undefined;
  const pl = tx.policy.priceLimitPercent / 100;
  const boughtMore = excess > 0;
  // Each leg's own market: a carry's legs are spot and its perpetual on one venue.
  const buy = { venue: tx.buy.venue, symbol: tx.buy.symbol ?? tx.symbol };
  const sell = { venue: tx.sell.venue, symbol: tx.sell.symbol ?? tx.symbol };
  if (tx.policy.onSingleLeg === 'reverse') {
    return boughtMore
      ? { ...buy, side: 'sell', qty, price: roundToStep(tx.buy.avg * (1 - pl), tick) }
      : { ...sell, side: 'buy', qty, price: roundToStep(tx.sell.avg * (1 + pl), tick) };
  }
  return boughtMore
    ? { ...sell, side: 'sell', qty, price: roundToStep(tx.sell.price * (1 - pl), tick) }
    : { ...buy, side: 'buy', qty, price: roundToStep(tx.buy.price * (1 + pl), tick) };
}

/** The base an instance has left unbalanced across its venues: bought less sold over its transactions. */
export function instanceImbalance(txs: readonly Pick<ArbTx, 'outcome'>[]): number {
  return clean(txs.reduce((sum, t) => sum + (t.outcome ? t.outcome.bought - t.outcome.sold : 0), 0));
}

/**
 * Whether the instance may take `edge` now, by its limits: the transaction's notional; the net
 * exposure were one leg to fill and the other not (so the limit holds whatever the legs do); the
 * transactions it started in the last minute. A refusal (`arb.limit`) stops the instance.
 */
export function arbLimitProblem(instance: ArbInstance, edge: CrossEdge, txs: readonly Pick<ArbTx, 'plannedAt' | 'outcome'>[], now: number): Refusal | undefined {
  const notional = edge.qty * edge.buyAvg;
  const { maxNotional, maxExposure, maxPerMinute } = instance.limits;
  if (notional > maxNotional) return refusal('arb.limit', `a transaction of ${round(notional)} is above the notional limit ${maxNotional} (arb.maxNotional)`);
  const worst = (Math.abs(instanceImbalance(txs)) + edge.qty) * edge.buyAvg;
  if (worst > maxExposure) return refusal('arb.limit', `net exposure could reach ${round(worst)} should one leg fail, above the limit ${maxExposure} (arb.maxExposure)`);
  const lastMinute = txs.filter((t) => t.plannedAt > now - 60_000).length;
  if (lastMinute >= maxPerMinute) return refusal('arb.limit', `${lastMinute} transactions in the last minute: the limit is ${maxPerMinute} (arb.maxPerMinute)`);
  return undefined;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
