import type { Instrument, PositionMode, PositionSide } from '../domain/index.js';
import { floorToStep } from '../domain/index.js';
import type { PositionTarget } from '../strategies/strategy.js';
import { formatSize, type StrategySize } from './strategy-size.js';
import type { ClosableShare } from './strategy-held.js';

/**
 * How a strategy's target position on a perpetual becomes orders, pure. A change of target
 * closes what the instance holds (reduce-only, so it can never open or flip anything), then
 * opens the other side; in hedge mode each order names its position side. The orders go
 * through the session like a trader's, so every futures risk check applies to them.
 */

/** One market order of the plan. */
export interface PerpOrder {
  readonly side: 'buy' | 'sell';
  readonly qty: number;
  readonly reduceOnly?: true;
  readonly positionSide?: PositionSide;
}

/** What the instance's own signed quantity means, with dust below the minimum as flat. */
export function heldTarget(own: number, inst: Pick<Instrument, 'minQty'>): PositionTarget {
  return Math.abs(own) < inst.minQty ? 'flat' : own > 0 ? 'long' : 'short';
}

/** The position side an order for `target` acts on: BOTH in one-way mode, LONG or SHORT in hedge. */
export function sideFor(mode: PositionMode, target: 'long' | 'short'): PositionSide | undefined {
  return mode === 'hedge' ? (target === 'long' ? 'LONG' : 'SHORT') : undefined;
}

/**
 * The close of the instance's own position `own` (signed), at most the part of it the account
 * still holds (`held`, signed; engine/strategy-held.ts): never the trader's or another
 * instance's share. Reduce-only, so it can never open or flip anything, except where `net` says
 * so (selectClosableShare's nettedWith): on a one-way perpetual where other instances' opposite
 * claims net it out of the account's position, a reduce-only order could not close it, and a
 * plain one leaves the account holding theirs. An error when the account holds none of it
 * (closed outside the strategy).
 */
export function planPerpClose(own: number, held: number, mode: PositionMode, inst: Pick<Instrument, 'lotSize' | 'minQty' | 'symbol' | 'base'>, net: Pick<ClosableShare, 'nettedWith' | 'netBlocked'> = {}): { ok: true; order: PerpOrder } | { ok: false; error: string } {
  const netted = net.nettedWith !== undefined;
  const target = own > 0 ? 'long' : 'short';
  const same = Math.sign(held) === Math.sign(own) ? Math.abs(held) : 0;
  const qty = floorToStep(Math.min(Math.abs(own), same), inst.lotSize);
  if ((qty < inst.minQty || qty === 0) && net.netBlocked) {
    return { ok: false, error: `it holds ${Math.abs(own)} ${inst.base} ${target}, but the account's ${inst.symbol} position nets it with other instances' opposite positions, and part of one of them was closed outside it: it cannot close its share alone` };
  }
  if (qty < inst.minQty || qty === 0) {
    return { ok: false, error: `it holds ${Math.abs(own)} ${inst.base} ${target}, but ${same === 0 ? `the account holds none of it on ${inst.symbol} now (closed outside the strategy)` : `the account holds only ${same} of it on ${inst.symbol}, below the minimum ${inst.minQty}`}` };
  }
  const positionSide = sideFor(mode, target);
  return { ok: true, order: { side: own > 0 ? 'sell' : 'buy', qty, ...(netted ? {} : { reduceOnly: true as const }), ...(positionSide ? { positionSide } : {}) } };
}

export interface PerpOpenContext {
  readonly inst: Pick<Instrument, 'lotSize' | 'minQty' | 'base' | 'quote'>;
  /** The futures account's margin balance (for `%` sizes). */
  readonly equity: number;
  /** The price it is sized at: the ask for a long, the bid for a short. */
  readonly price: number;
}

/**
 * The opening order for a target. On a perpetual the size is the position's value
 * (notional), not its margin: 100USDT at 2x is a position worth 100 USDT holding 50 USDT of
 * margin; 5% is 5% of the margin balance as notional; 0.01BTC is that quantity. Leverage
 * changes the margin a size needs, never the size: a strategy cannot take more risk because
 * someone raised the leverage. Whether the margin is there is the pre-trade check's business.
 */
export function planPerpOpen(target: 'long' | 'short', size: StrategySize, mode: PositionMode, c: PerpOpenContext): { ok: true; order: PerpOrder } | { ok: false; error: string } {
  if (!(c.price > 0)) return { ok: false, error: `no price for ${c.inst.base} yet` };
  const notional = size.kind === 'base' ? size.qty * c.price : size.kind === 'quote' ? size.amount : (c.equity * size.percent) / 100;
  const qty = floorToStep(size.kind === 'base' ? size.qty : notional / c.price, c.inst.lotSize);
  if (qty < c.inst.minQty || qty === 0) return { ok: false, error: `size ${formatSize(size)} is ${qty} ${c.inst.base}, below the minimum ${c.inst.minQty} ${c.inst.base}` };
  const positionSide = sideFor(mode, target);
  return { ok: true, order: { side: target === 'long' ? 'buy' : 'sell', qty, ...(positionSide ? { positionSide } : {}) } };
}
