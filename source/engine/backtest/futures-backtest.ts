import type { Bracket, CandleSeries } from '../../domain/index.js';
import { bracketFor } from '../../domain/index.js';
import type { Params, PositionTarget, Signal, StrategyDefinition } from '../../strategies/strategy.js';
import { FUNDING_INTERVAL_MS, fundingAmount, fundingTimesBetween } from '../funding.js';
import { maintenanceMargin } from '../futures-margin.js';
import { liquidationPrice } from '../liquidation.js';
import { StrategyRunner } from '../strategy-runner.js';
import { candleCursor } from './candle-cursor.js';
import { equityCurve, type BacktestConfig } from './backtest.js';
import { fillPrice } from './fill-model.js';
import { fundingRateAt, type FundingSchedule } from './funding-schedule.js';
import { computeReport, EquityStats, type BacktestReport } from './report.js';

export interface FuturesBacktestConfig extends BacktestConfig {
  /** Leverage of every position: notional = leverage x wallet at the open. */
  readonly leverage: number;
  readonly funding: FundingSchedule;
  /** The perpetual's maintenance tiers (domain/futures.ts), for the liquidation price. */
  readonly brackets: readonly Bracket[];
}

export interface FuturesFill {
  readonly side: 'buy' | 'sell';
  /** What the fill did to the position. */
  readonly action: 'open' | 'close' | 'liquidation';
  readonly position: 'long' | 'short';
  /** Open time of the candle it filled in. */
  readonly time: number;
  readonly price: number;
  readonly quantity: number;
  /** Trading fee, or for a liquidation the margin the clearance took. */
  readonly fee: number;
  /**
   * What the fill realised net of its fee (its clearance for a liquidation), as realised PnL is
   * in every view (domain/fill-fee.ts): an open's is minus its fee; a close's its gain less its fee.
   */
  readonly realizedPnl: number;
  /** Closes and liquidations: (price - entry) x signed quantity, before fees; 0 for an open. */
  readonly grossPnl: number;
  readonly reason: string;
}

export interface FundingPayment {
  /** The funding mark (00:00, 08:00 or 16:00 UTC). */
  readonly time: number;
  readonly rate: number;
  /** The price the notional was valued at (the open of the candle holding the mark). */
  readonly price: number;
  /** Signed position held at the mark. */
  readonly qty: number;
  /** Received (> 0) or paid (< 0). */
  readonly amount: number;
}

export interface Liquidation {
  readonly time: number;
  readonly position: 'long' | 'short';
  readonly qty: number;
  readonly entryPrice: number;
  readonly liquidationPrice: number;
  /** The price it was closed at: the liquidation price, or the open when the candle gapped past it. */
  readonly price: number;
  /** Wallet before and after. */
  readonly walletBefore: number;
  readonly walletAfter: number;
}

export interface FuturesBacktestRun extends BacktestReport {
  readonly fills: readonly FuturesFill[];
  readonly equity: Float64Array;
  /** Signals that asked for the position already held, or came on the last candle or with an empty wallet. */
  readonly ignoredIntents: number;
  readonly leverage: number;
  /** Highest notional / equity seen at a fill or a close. */
  readonly maxLeverageUsed: number;
  readonly fees: number;
  readonly fundingPaid: number;
  readonly fundingReceived: number;
  readonly funding: readonly FundingPayment[];
  readonly liquidations: readonly Liquidation[];
  /** Candles that closed short (exposure counts long and short). */
  readonly shortCandles: number;
}

/** A funding mark the schedule has no rate for: the run cannot price it, so it stops. */
export class MissingFundingError extends RangeError {
  override readonly name = 'MissingFundingError';
}

/**
 * The futures execution model, one perpetual, cross margin with the whole wallet behind one
 * position (one-way):
 * - A signal at the close of candle t acts at the open of t+1 (never on the last candle). A
 *   target of long/short/flat (a spot strategy's buy = long, sell = flat) that differs from the
 *   position closes it, then opens the new side at the same open: qty = N / price with
 *   notional N = wallet x leverage / (1 + leverage x fee), so margin N / leverage plus the fee
 *   N x fee is the wallet. Each fill pays fee x notional; slippage moves it against the trader.
 * - Funding at every 8-hour mark (00:00, 08:00, 16:00 UTC) of the candles' time: the position
 *   held at the mark receives -qty x price x rate, priced at the open of the candle that holds
 *   the mark. A mark at a candle's open is paid by the position held into that open (before
 *   the open's fill); a mark inside a longer candle by the position after it.
 * - Liquidation inside a candle, checked against its low (long) or high (short) before its
 *   close, at the engine's liquidation price (engine/liquidation.ts, Binance's formula with
 *   the wallet, after funding). It closes at that price, or at the open if the candle opened
 *   past it; the margin left at that price (the maintenance margin) goes as the clearance fee,
 *   and the wallet never goes below zero.
 * - Equity is the wallet plus unrealised PnL at each close (the last price stands in for the
 *   mark price, which candles do not carry).
 */
export function runFuturesBacktest(def: StrategyDefinition, params: Params, series: CandleSeries, config: FuturesBacktestConfig): FuturesBacktestRun {
  const runner = new StrategyRunner(def, params, { budgetMs: config.budgetMs });
  const n = series.length;
  const { t, o, h, l, c } = series;
  const cursor = candleCursor(def, series);
  const { fee, slippageBps, leverage, brackets, timeframeMs } = config;
  if (!(leverage >= 1)) throw new RangeError(`leverage must be at least 1 (got ${leverage})`);
  const equity = equityCurve(n, config);
  const fills: FuturesFill[] = [];
  const funding: FundingPayment[] = [];
  const liquidations: Liquidation[] = [];
  let wallet = config.cash;
  let qty = 0;
  let entry = 0;
  let fees = 0;
  let paid = 0;
  let received = 0;
  let maxLev = 0;
  let wins = 0;
  let closed = 0;
  let gain = 0;
  let loss = 0;
  let held = 0;
  let short = 0;
  let ignored = 0;
  /** PnL of the round trip still open: fees and funding included. */
  let trip = 0;
  let pending: Signal | undefined;

  // The liquidation price moves only with the wallet and the position: worked out again only then.
  let liqFor: [number, number, number] = [NaN, NaN, NaN];
  let liqAt: number | undefined;
  const liq = (): number | undefined => {
    if (qty === 0) return undefined;
    if (liqFor[0] !== wallet || liqFor[1] !== qty || liqFor[2] !== entry) {
      liqFor = [wallet, qty, entry];
      liqAt = liquidationPrice({ walletBalance: wallet, otherMaintenance: 0, otherUnrealizedPnl: 0, legs: [{ side: 'BOTH', qty, entryPrice: entry }], brackets });
    }
    return liqAt;
  };
  const noteLeverage = (price: number): void => {
    const eq = wallet + qty * (price - entry);
    if (qty !== 0 && eq > 0) {
      // Stored only when it rises (as Math.max would, NaN included): a number these closures
      // share lives boxed, and each store of one allocates, which per candle was most of the
      // loop's garbage.
      const lev = (Math.abs(qty) * price) / eq;
      if (!(lev <= maxLev) && maxLev === maxLev) maxLev = lev;
    }
  };
  const endTrip = (): void => {
    closed++;
    if (trip > 0) wins++;
    if (trip > 0) gain += trip;
    else loss -= trip;
    trip = 0;
  };
  const pay = (mark: number, price: number): void => {
    if (qty === 0) return;
    const rate = fundingRateAt(config.funding, mark);
    if (rate === undefined) throw new MissingFundingError(`no funding rate for ${new Date(mark).toISOString()} in ${config.funding.kind === 'table' ? config.funding.source : 'the schedule'}: the rates must cover every 8-hour mark the position is held across`);
    const amount = fundingAmount(qty, price, rate);
    wallet += amount;
    trip += amount;
    if (amount < 0) paid -= amount;
    else received += amount;
    funding.push({ time: mark, rate, price, qty, amount });
  };
  const close = (time: number, open: number, reason: string): void => {
    const side = qty > 0 ? 'sell' : 'buy';
    const price = fillPrice(side, open, slippageBps);
    const pnl = qty * (price - entry);
    const f = Math.abs(qty) * price * fee;
    wallet += pnl - f;
    fees += f;
    trip += pnl - f;
    fills.push({ side, action: 'close', position: qty > 0 ? 'long' : 'short', time, price, quantity: Math.abs(qty), fee: f, realizedPnl: pnl - f, grossPnl: pnl, reason });
    qty = 0;
    entry = 0;
    endTrip();
  };
  const open = (target: 'long' | 'short', time: number, openPrice: number, reason: string): void => {
    if (!(wallet > 0)) return; // liquidated to nothing: no margin left to open with
    const side = target === 'long' ? 'buy' : 'sell';
    const price = fillPrice(side, openPrice, slippageBps);
    const notional = (wallet * leverage) / (1 + leverage * fee);
    const tierMax = brackets.length ? bracketFor(brackets, notional).maxLeverage : Infinity;
    if (leverage > tierMax) throw new RangeError(`a position of ${notional.toFixed(2)} at ${leverage}x is above the ${tierMax}x its maintenance tier allows: lower --leverage or --cash`);
    const q = notional / price;
    const f = notional * fee;
    wallet -= f;
    fees += f;
    trip = -f;
    qty = target === 'long' ? q : -q;
    entry = price;
    fills.push({ side, action: 'open', position: target, time, price, quantity: q, fee: f, realizedPnl: -f, grossPnl: 0, reason });
    noteLeverage(price);
  };
  const current = (): PositionTarget => (qty > 0 ? 'long' : qty < 0 ? 'short' : 'flat');

  // The next funding mark not yet paid: the first at or after the first open.
  let mark = n > 0 ? (fundingTimesBetween(t[0] - 1, t[0] - 1 + FUNDING_INTERVAL_MS)[0] ?? Infinity) : Infinity;
  // The report's running figures, taken as the loop goes (no second pass over the curve).
  const stats = new EquityStats(config.cash);
  // The candle loop runs timed in chunks: a strategy stuck in one candle stops the backtest (StrategyError).
  runner.loop(n, (from, to) => {
    for (let i = from; i < to; i++) {
      const end = t[i] + timeframeMs - 1;
      // Marks up to this open (a gap's included): the position held into the open pays them.
      for (; mark <= t[i]; mark += FUNDING_INTERVAL_MS) pay(mark, o[i]);
      if (pending !== undefined) {
        const want = pending.target;
        const had = current();
        const before = fills.length;
        if (want !== had) {
          if (had !== 'flat') close(t[i], o[i], pending.reason);
          if (want !== 'flat') open(want, t[i], o[i], pending.reason);
        }
        if (fills.length === before) ignored++;
        // Told after both legs of a flip, with the account as it then stands.
        for (const f of fills.slice(before)) runner.onFill({ side: f.side, time: f.time, price: f.price, quantity: f.quantity, fee: f.fee }, qty, wallet);
        pending = undefined;
      }
      // Marks inside a candle longer than the funding step: the position after the open's fill.
      for (; mark <= end; mark += FUNDING_INTERVAL_MS) pay(mark, o[i]);
      const lp = liq();
      if (lp !== undefined && (qty > 0 ? l[i] <= lp : h[i] >= lp)) {
        const price = qty > 0 ? Math.min(lp, o[i]) : Math.max(lp, o[i]);
        const pnl = qty * (price - entry);
        const clearance = Math.max(0, Math.min(wallet + pnl, maintenanceMargin(brackets, Math.abs(qty) * price)));
        const before = wallet;
        wallet = Math.max(0, wallet + pnl - clearance);
        liquidations.push({ time: t[i], position: qty > 0 ? 'long' : 'short', qty, entryPrice: entry, liquidationPrice: lp, price, walletBefore: before, walletAfter: wallet });
        fills.push({ side: qty > 0 ? 'sell' : 'buy', action: 'liquidation', position: qty > 0 ? 'long' : 'short', time: t[i], price, quantity: Math.abs(qty), fee: clearance, realizedPnl: pnl - clearance, grossPnl: pnl, reason: `liquidated: the ${qty > 0 ? 'low' : 'high'} ${qty > 0 ? l[i] : h[i]} reached the liquidation price ${lp}` });
        fees += clearance;
        trip += wallet - before;
        qty = 0;
        entry = 0;
        endTrip();
        const f = fills[fills.length - 1];
        runner.onFill({ side: f.side, time: f.time, price: f.price, quantity: f.quantity, fee: f.fee }, 0, wallet);
      }
      const signal = runner.onCandle(cursor.at(i), qty, wallet);
      if (signal !== undefined) {
        if (i < n - 1) pending = signal;
        else ignored++;
      }
      const e = wallet + qty * (c[i] - entry);
      equity[i] = e;
      stats.add(e);
      noteLeverage(c[i]);
      if (qty !== 0) held++;
      if (qty < 0) short++;
    }
  });

  const report = computeReport({
    equity,
    initialCash: config.cash,
    timeframeMs,
    tradeCount: closed,
    wins,
    grossProfit: gain,
    grossLoss: loss,
    heldCandles: held,
    firstOpen: n > 0 ? o[0] : NaN,
    lastClose: n > 0 ? c[n - 1] : NaN,
    fee,
    openTrade: qty !== 0,
  }, stats);
  return { ...report, fills, equity, ignoredIntents: ignored, leverage, maxLeverageUsed: maxLev, fees, fundingPaid: paid, fundingReceived: received, funding, liquidations, shortCandles: short };
}

/** The funding marks a series spans (first open to last close), for checking a file covers them. */
export function fundingMarksOf(series: CandleSeries, timeframeMs: number): { first?: number; last?: number; count: number } {
  if (series.length === 0) return { count: 0 };
  const marks = fundingTimesBetween(series.t[0] - 1, series.t[series.length - 1] + timeframeMs - 1);
  return { first: marks[0], last: marks[marks.length - 1], count: marks.length };
}
