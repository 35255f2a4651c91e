import type { Bracket, FuturesPosition, PositionSide } from '../domain/index.js';
import { bracketFor } from '../domain/index.js';

/**
 * Liquidation price of a USD-M perpetual by Binance's published formula (Binance FAQ "How to
 * Calculate Liquidation Price of USDⓈ-M Futures Contracts",
 * https://www.binance.com/en/support/faq/b3c689c1f50a44cabb3a84e663b81d93):
 *
 *   LP = (WB - TMM1 + UPNL1 + cumB + cumL + cumS
 *         - Side1BOTH x Position1BOTH x EP1BOTH - Position1LONG x EP1LONG + Position1SHORT x EP1SHORT)
 *      / (Position1BOTH x MMR_B + Position1LONG x MMR_L + Position1SHORT x MMR_S
 *         - Side1BOTH x Position1BOTH - Position1LONG + Position1SHORT)
 *
 * WB is the cross wallet balance (isolated: the position's isolated wallet, and TMM1 = UPNL1
 * = 0); TMM1 and UPNL1 are the maintenance margin and unrealised PnL of every other contract.
 * With signed quantities (long > 0, short < 0, as Binance's positionAmt) each position adds
 * cum - qty x EP above and |qty| x MMR - qty below, whatever its side.
 *
 * The FAQ's note on tiers: when the notional at the liquidation price falls in another tier
 * than at entry, that tier's rate and amount are substituted and the price computed again.
 */

/** One position of the symbol whose liquidation price is wanted. */
export interface LiquidationLeg {
  readonly side: PositionSide;
  /** Signed: positive long, negative short. */
  readonly qty: number;
  readonly entryPrice: number;
}

export interface LiquidationInput {
  /** Cross: the cross wallet balance. Isolated: the position's isolated wallet (its margin). */
  readonly walletBalance: number;
  /** TMM1: maintenance margin of every other contract (cross only; 0 in isolated). */
  readonly otherMaintenance: number;
  /** UPNL1: unrealised PnL of every other contract (cross only; 0 in isolated). */
  readonly otherUnrealizedPnl: number;
  /**
   * The symbol's positions the price applies to: BOTH (one-way); LONG and SHORT together
   * (hedge, cross: they share one price); or the one isolated position.
   */
  readonly legs: readonly LiquidationLeg[];
  readonly brackets: readonly Bracket[];
}

/** Solves the formula for fixed tiers, one per leg. */
function solve(input: LiquidationInput, tiers: readonly Bracket[]): number {
  let num = input.walletBalance - input.otherMaintenance + input.otherUnrealizedPnl;
  let den = 0;
  input.legs.forEach((leg, i) => {
    num += tiers[i].cum - leg.qty * leg.entryPrice;
    den += Math.abs(leg.qty) * tiers[i].mmr - leg.qty;
  });
  return den === 0 ? NaN : num / den;
}

/**
 * The mark price at which the position(s) are liquidated, or undefined when there is none
 * (no position, or the formula gives 0 or less: Binance shows "--", the margin covers any
 * fall to zero).
 */
export function liquidationPrice(input: LiquidationInput): number | undefined {
  const legs = input.legs.filter((l) => l.qty !== 0);
  if (legs.length === 0) return undefined;
  const inp = { ...input, legs };
  let tiers = legs.map((l) => bracketFor(input.brackets, Math.abs(l.qty) * l.entryPrice));
  let lp = solve(inp, tiers);
  // A few rounds settle it: each moves to the tiers of the notional at the last price; a
  // price sitting on a tier edge can flip between two, and then the second answer stands.
  for (let round = 0; round < 8 && Number.isFinite(lp) && lp > 0; round++) {
    const next = legs.map((l) => bracketFor(input.brackets, Math.abs(l.qty) * lp));
    if (next.every((b, i) => b === tiers[i])) break;
    tiers = next;
    lp = solve(inp, tiers);
  }
  return Number.isFinite(lp) && lp > 0 ? lp : undefined;
}

/** Liquidation price of one isolated position: its own margin, nothing else counts. */
export function isolatedLiquidationPrice(p: Pick<FuturesPosition, 'side' | 'qty' | 'entryPrice' | 'isolatedMargin'>, brackets: readonly Bracket[]): number | undefined {
  return liquidationPrice({ walletBalance: p.isolatedMargin, otherMaintenance: 0, otherUnrealizedPnl: 0, legs: [p], brackets });
}

/**
 * Whether a position at `markPrice` is past its liquidation price: a long at or below it, a
 * short at or above it. With long and short legs together (hedge, cross), the net decides.
 */
export function isPastLiquidation(legs: readonly LiquidationLeg[], liq: number | undefined, markPrice: number): boolean {
  if (liq === undefined) return false;
  const net = legs.reduce((s, l) => s + l.qty, 0);
  if (net > 0) return markPrice <= liq;
  if (net < 0) return markPrice >= liq;
  return markPrice >= liq; // a flat hedge only fails when rising prices raise the maintenance
}
