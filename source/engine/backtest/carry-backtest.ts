import type { CandleSeries, CarryTrades } from '../../domain/index.js';
import { NO_CARRY_TRADES, addCarryOrders, carryOpen, floorToStep } from '../../domain/index.js';
import { carryFigures, carryMove, netCarryApr, type CarryFees, type CarryFigures, type CarryThresholds } from '../carry/carry-math.js';
import { FUNDING_INTERVAL_MS, fundingAmount, fundingTimesBetween } from '../funding.js';
import { fundingRateAt, MARK_TOLERANCE_MS, type FundingSchedule } from './funding-schedule.js';

/**
 * A funding carry over history (issue 23), with the live carry's arithmetic (engine/carry/):
 * spot and perpetual candles of one timeframe, and the funding rates paid at each mark. At a
 * funding mark the short (when held) receives qty x perpetual price x the rate; then the carry
 * decides on that rate, the last one published (no look-ahead: the next is not known yet), as
 * the live carry decides on the rate its mark carries: enter both legs when the net APR reaches
 * the entry threshold, leave both below the exit threshold. Both legs fill as takers at the
 * price of the moment (the candle opening at the mark; the last close before it otherwise).
 */
export interface CarryBacktestConfig extends CarryThresholds {
  /** Quote notional of each leg at entry. */
  readonly notional: number;
  readonly holdDays: number;
  readonly fees: CarryFees;
  /** Lot of the base quantity (entries are floored to it). */
  readonly lot: number;
}

export interface CarryBacktestFill {
  readonly time: number;
  readonly leg: 'spot' | 'perp';
  readonly side: 'buy' | 'sell';
  readonly price: number;
  readonly qty: number;
  readonly fee: number;
  /** The net APR (%) the decision read. */
  readonly netApr: number;
}

export interface CarryBacktestPayment {
  readonly time: number;
  readonly rate: number;
  readonly price: number;
  /** Base quantity short. */
  readonly qty: number;
  readonly amount: number;
}

export interface CarryBacktestRun extends CarryFigures {
  /** The span both series and the rates cover: first and last candle open. */
  readonly firstTime: number;
  readonly lastTime: number;
  readonly entries: number;
  readonly exits: number;
  /** Share of the span spent holding both legs (a fraction). */
  readonly timeInPosition: number;
  /** True when it still held both legs at the end (valued at the last closes). */
  readonly openAtEnd: boolean;
  /** Funding marks in the span (each had a rate). */
  readonly fundingMarks: number;
  readonly payments: readonly CarryBacktestPayment[];
  readonly fills: readonly CarryBacktestFill[];
}

/** Binance's published rates (adapters/candles/binance-funding-csv.ts). */
export type FundingTable = Extract<FundingSchedule, { kind: 'table' }>;

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

/**
 * The span the three inputs share: where both series overlap, within the rates' coverage (the
 * first rate's mark to one interval past the last), or a sentence saying why there is none.
 */
export function carrySpan(spot: CandleSeries, perp: CandleSeries, funding: FundingTable): { readonly from: number; readonly to: number } | string {
  if (spot.length === 0 || perp.length === 0) return 'a series has no candles';
  const candlesFrom = Math.max(spot.t[0], perp.t[0]);
  const candlesTo = Math.min(spot.t[spot.length - 1], perp.t[perp.length - 1]);
  if (candlesFrom >= candlesTo) return `the spot candles (${day(spot.t[0])} .. ${day(spot.t[spot.length - 1])} UTC) and the perpetual's (${day(perp.t[0])} .. ${day(perp.t[perp.length - 1])} UTC) do not overlap`;
  const ratesFrom = funding.times[0] - MARK_TOLERANCE_MS;
  const ratesTo = funding.times[funding.times.length - 1] + FUNDING_INTERVAL_MS;
  const from = Math.max(candlesFrom, ratesFrom);
  const to = Math.min(candlesTo, ratesTo);
  if (from >= to || fundingTimesBetween(from - 1, to).length === 0) return `the funding rates (${day(funding.times[0])} .. ${day(funding.times[funding.times.length - 1])} UTC) do not cover a funding mark where the candles overlap (${day(candlesFrom)} .. ${day(candlesTo)} UTC)`;
  return { from, to };
}

/** The price at `t`: the open of the candle opening at t, else the close of the last one before it. */
function priceAt(s: CandleSeries, t: number, from: number): { readonly price: number; readonly at: number } {
  let lo = from;
  let hi = s.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (s.t[mid] <= t) lo = mid;
    else hi = mid - 1;
  }
  return { price: s.t[lo] === t ? s.o[lo] : s.c[lo], at: lo };
}

export function runCarryBacktest(spot: CandleSeries, perp: CandleSeries, funding: FundingTable, cfg: CarryBacktestConfig): CarryBacktestRun {
  const span = carrySpan(spot, perp, funding);
  if (typeof span === 'string') throw new RangeError(span);
  const intervalHours = FUNDING_INTERVAL_MS / 3_600_000;
  let trades: CarryTrades = NO_CARRY_TRADES;
  let received = 0;
  let entries = 0;
  let exits = 0;
  let heldSince: number | undefined;
  let heldMs = 0;
  let si = 0;
  let pi = 0;
  const fills: CarryBacktestFill[] = [];
  const payments: CarryBacktestPayment[] = [];
  const marks = fundingTimesBetween(span.from - 1, span.to);
  for (const t of marks) {
    const rate = fundingRateAt(funding, t);
    // A rate missing inside the span would be funding dropped without a word: refused instead.
    if (rate === undefined) throw new RangeError(`no funding rate for the mark ${day(t)} UTC, inside the span the candles and rates share: give the funding files that cover it`);
    const s = priceAt(spot, t, si);
    const p = priceAt(perp, t, pi);
    si = s.at;
    pi = p.at;
    const short = carryOpen(trades).perp;
    if (short > 0) {
      const amount = fundingAmount(-short, p.price, rate);
      received += amount;
      payments.push({ time: t, rate, price: p.price, qty: short, amount });
    }
    const apr = netCarryApr(rate, intervalHours, cfg.fees, cfg.holdDays);
    const move = carryMove(short > 0, apr, cfg);
    if (move !== 'enter' && move !== 'exit') continue;
    const qty = move === 'enter' ? floorToStep(cfg.notional / s.price, cfg.lot) : short;
    if (!(qty > 0)) continue;
    const [spotSide, perpSide] = move === 'enter' ? (['buy', 'sell'] as const) : (['sell', 'buy'] as const);
    const legs = [
      { time: t, leg: 'spot' as const, side: spotSide, price: s.price, qty, fee: qty * s.price * cfg.fees.spotTaker, netApr: apr },
      { time: t, leg: 'perp' as const, side: perpSide, price: p.price, qty, fee: qty * p.price * cfg.fees.perpTaker, netApr: apr },
    ];
    fills.push(...legs);
    // The same bookkeeping as the live carry's ledger: spot orders to the spot leg, the rest to the short.
    trades = addCarryOrders(trades, 'spot', legs.map((f) => ({ symbol: f.leg, side: f.side, filledQty: f.qty, avgPrice: f.price, fee: f.fee })));
    if (move === 'enter') {
      entries++;
      heldSince = t;
    } else {
      exits++;
      heldMs += t - heldSince!;
      heldSince = undefined;
    }
  }
  if (heldSince !== undefined) heldMs += span.to - heldSince;
  const lastSpot = priceAt(spot, span.to, 0);
  const lastPerp = priceAt(perp, span.to, 0);
  // At the end an open carry is valued at the last closes, as the live one is at the prices now.
  const endSpot = spot.c[lastSpot.at];
  const endPerp = perp.c[lastPerp.at];
  const figures = carryFigures(trades, received, endSpot, endPerp);
  return {
    ...figures,
    firstTime: span.from,
    lastTime: span.to,
    entries,
    exits,
    timeInPosition: span.to > span.from ? heldMs / (span.to - span.from) : 0,
    openAtEnd: heldSince !== undefined,
    fundingMarks: marks.length,
    payments,
    fills,
  };
}
