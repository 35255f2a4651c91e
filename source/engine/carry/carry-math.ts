/**
 * Funding carry, pure (issue 23): hold spot long and the same quantity of the perpetual short,
 * so price moves cancel and the short receives funding while the rate is positive. One place
 * for the arithmetic: the live instance (app/carry/) and the backtest (engine/backtest/
 * carry-backtest.ts) both decide with these functions.
 */
import type { CarryTrades } from '../../domain/index.js';

const YEAR_DAYS = 365;
const DAY_HOURS = 24;

/** What a carry pays to get in and out: each leg's taker rate (a fraction of notional). */
export interface CarryFees {
  readonly spotTaker: number;
  readonly perpTaker: number;
}

/** The round trip of both legs: spot bought and sold, perpetual sold and bought back, all as takers. */
export function roundTripFeeRate(fees: CarryFees): number {
  return 2 * (fees.spotTaker + fees.perpTaker);
}

/**
 * The annualised funding rate net of both legs' fees in and out, in percent of the notional:
 * the rate per interval times the intervals in a year, less the round trip's fees spread over
 * the holding period (`holdDays`: a round trip paid once every `holdDays` days). A short
 * receives a positive rate, so a positive result means carrying pays.
 */
export function netCarryApr(rate: number, intervalHours: number, fees: CarryFees, holdDays: number): number {
  const gross = rate * (DAY_HOURS / intervalHours) * YEAR_DAYS;
  const drag = roundTripFeeRate(fees) * (YEAR_DAYS / holdDays);
  return (gross - drag) * 100;
}

/** The thresholds of a carry, in percent a year net of fees; `exitApr` below `minApr`, so a rate near the line does not trade back and forth. */
export interface CarryThresholds {
  readonly minApr: number;
  readonly exitApr: number;
}

export type CarryMove = 'enter' | 'hold' | 'exit' | 'wait';

/** Whether to open, keep, close or stay out, from the net APR now and whether the carry is in. */
export function carryMove(inPosition: boolean, netApr: number, t: CarryThresholds): CarryMove {
  if (!inPosition) return netApr >= t.minApr ? 'enter' : 'wait';
  return netApr < t.exitApr ? 'exit' : 'hold';
}

/** What a carry remembers between its looks at the rate: since when its exit condition has held. */
export interface CarryWatch {
  /** When the net APR was first seen below the exit threshold, unbroken since; absent: it is not. */
  readonly belowSince?: number;
}

/**
 * `carryMove` held back so a carry cannot flip-flop: an exit needs the net APR below its exit
 * threshold for `confirmMs` unbroken (any look at or above it starts the wait again); entries
 * are at once. The gap between the thresholds alone does not do it: a rate read on every tick
 * (an instantaneous premium, or any venue's predicted rate sitting at the threshold) crosses it
 * both ways within seconds, and each round trip costs four legs of fees (the soak: 335
 * transactions, 80 USDT of fees on 200 USDT in 50 minutes). With the wait, a carry exits at
 * most once per `confirmMs` and so makes at most 2 x span / confirmMs + 1 transactions over a
 * span, whatever the rate does. The wait costs little: funding is paid once every 8 h, so
 * half an hour at a rate below the threshold is a small share of one payment, where a round
 * trip of fees is many. De-risking does not wait (carry-manager.ts, its own rule).
 */
export function carryDecision(inPosition: boolean, netApr: number, t: CarryThresholds, watch: CarryWatch, now: number, confirmMs: number): { move: CarryMove; watch: CarryWatch } {
  const move = carryMove(inPosition, netApr, t);
  if (move !== 'exit') return { move, watch: {} };
  const belowSince = watch.belowSince !== undefined && watch.belowSince <= now ? watch.belowSince : now;
  return now - belowSince >= confirmMs ? { move: 'exit', watch: {} } : { move: 'hold', watch: { belowSince } };
}

/** The default exit threshold: half the entry threshold. */
export function defaultExitApr(minApr: number): number {
  return minApr / 2;
}

/** The perpetual short as the de-risk rule reads it. */
export interface PerpRisk {
  /** Maintenance margin over margin balance (Binance's margin ratio): liquidated at 1. */
  readonly marginRatio: number;
  /** Maintenance margin of the position now (quote). */
  readonly maintenance: number;
  /** Margin balance backing it (quote): isolated margin + PnL, or the cross balance. */
  readonly marginBalance: number;
}

export type DeRisk =
  | { readonly kind: 'none' }
  /** Move `amount` of the spot quote balance to the perpetual's margin. */
  | { readonly kind: 'add-margin'; readonly amount: number }
  /** Sell `fraction` of the spot leg and buy back the same share of the short. */
  | { readonly kind: 'reduce'; readonly fraction: number };

/**
 * What to do when the short's margin ratio reaches `deriskRatio` (well below 1, where the
 * exchange liquidates): bring it back to half of `deriskRatio`. First by adding margin from the
 * spot quote balance when `canTransfer` and it holds enough; else by reducing both legs by the
 * same share, the share that brings the ratio to the target (maintenance scales with the
 * position; the margin balance, in the worst case, does not: what is reduced releases nothing).
 */
export function deRiskMove(risk: PerpRisk, deriskRatio: number, spotQuoteFree: number, canTransfer: boolean): DeRisk {
  if (!(risk.marginRatio >= deriskRatio)) return { kind: 'none' };
  const target = deriskRatio / 2;
  const needed = risk.maintenance / target - risk.marginBalance;
  if (canTransfer && needed > 0 && spotQuoteFree >= needed) return { kind: 'add-margin', amount: needed };
  const keep = risk.marginBalance > 0 ? (target * risk.marginBalance) / risk.maintenance : 0;
  return { kind: 'reduce', fraction: Math.min(1, Math.max(0, 1 - keep)) };
}

export interface CarryFigures {
  /** Funding the short received (negative: paid). */
  readonly funding: number;
  readonly fees: number;
  /** Price PnL of both legs together, the open part valued at `spotPrice` and `perpPrice`. */
  readonly basisPnl: number;
  /** funding + basisPnl - fees. */
  readonly net: number;
}

/**
 * The figures of a carry: what its legs made on price (spot long plus perpetual short; what
 * they still hold valued at the prices given: the basis between them is the only thing left
 * when they are the same size), the funding received and the fees of every fill.
 */
export function carryFigures(t: CarryTrades, funding: number, spotPrice: number, perpPrice: number): CarryFigures {
  const spotOpen = t.spotBought - t.spotSold;
  const perpOpen = t.perpSold - t.perpBought;
  const spotPnl = t.spotReceived - t.spotPaid + spotOpen * spotPrice;
  const perpPnl = t.perpReceived - t.perpPaid - perpOpen * perpPrice;
  const basisPnl = spotPnl + perpPnl;
  return { funding, fees: t.fees, basisPnl, net: funding + basisPnl - t.fees };
}
