import type { CandleSeries } from '../../domain/index.js';
import { applyStrategyFill, EMPTY_STRATEGY_ACCOUNT } from '../../store/index.js';
import type { OrdersIntent, OrdersStrategyDefinition, Params, WantedOrder } from '../../strategies/strategy.js';
import { diffResting } from '../resting-orders.js';
import { StrategyRunner } from '../strategy-runner.js';
import { candleCursor } from './candle-cursor.js';
import { entryBudget, limitQty, type StrategySize } from '../strategy-size.js';
import { firedExit, hasExits, nextPeak, type ExitKind } from '../strategy-exits.js';
import { buyQuantity, crossesAtOpen, fillPrice, limitFillPrice } from './fill-model.js';
import { computeReport } from './report.js';
import { equityCurve, type BacktestConfig, type BacktestFill, type BacktestRun } from './backtest.js';

/** What a strategy that leaves its range (`leave`) does: stopped (its orders cancelled) or holding its book. The setting grid.outOfRange. */
export type OutOfRange = 'stop' | 'hold';
export const OUT_OF_RANGE: readonly OutOfRange[] = ['stop', 'hold'];

export interface OrdersBacktestConfig extends BacktestConfig {
  /** What one entry (a dca buy, a grid level) is: required, a strategy that keeps orders is never all in. */
  readonly size: StrategySize;
  /** Default `stop`. */
  readonly outOfRange?: OutOfRange;
}

export interface OrdersBacktestRun extends BacktestRun {
  /** Average entry price of the position held at the end (0 when flat): the live account's arithmetic. */
  readonly averageEntry: number;
  /** Quote spent on buys over the run, fees included. */
  readonly invested: number;
  /** Base quantity held at the end. */
  readonly position: number;
  /** Resting orders still on the book at the end. */
  readonly restingAtEnd: number;
  /** Orders the account could not pay for (a live instance's hold or the exchange's refusal for funds). */
  readonly refusedOrders: number;
  /** When the strategy left its range, what it said, and what was done. */
  readonly left?: { readonly time: number; readonly reason: string; readonly action: OutOfRange };
}

interface Resting {
  readonly side: 'buy' | 'sell';
  readonly price: number;
  readonly qty: number;
  readonly reason: string;
  /** Placed at the last close: at this open it may cross (limitFillPrice's `fresh`). */
  fresh: boolean;
}

type Market = { readonly side: 'buy'; readonly spend?: number; readonly qty?: number; readonly reason: string } | { readonly side: 'sell'; readonly qty: number; readonly reason: string; readonly exit?: ExitKind };

/**
 * The backtest of a strategy that keeps orders (grid, dca), in the live host's order
 * (app/strategy-runtime/resting-act.ts): at the close of candle t its intent is carried out at
 * once where live does it at once (cancels, which free their funds) and queued for the open of
 * t+1 where live sends orders (market orders first, then the new limits, in the strategy's order).
 * At that open the queue is executed with the account's free funds checked one order at a time
 * (as the matching engine does): a market order at the open (fill-model fillPrice), a limit by
 * limitFillPrice (a fresh one crossing at the open takes it); then every resting limit fills in
 * the candle's range at its price. Buys hold their funds (price x qty x (1 + fee)) while they rest,
 * sells their base. Fees at `fee` on every fill; the instance's figures by the live account's
 * arithmetic (store/strategy-account.ts). Exits (`--take-profit` on the average entry) as live.
 */
export function runOrdersBacktest(def: OrdersStrategyDefinition, params: Params, series: CandleSeries, config: OrdersBacktestConfig): OrdersBacktestRun {
  const runner = new StrategyRunner(def, params, { budgetMs: config.budgetMs });
  const n = series.length;
  const { t, o, h, l, c } = series;
  const cursor = candleCursor(def, series);
  const { fee, slippageBps, size } = config;
  const outOfRange = config.outOfRange ?? 'stop';
  const exits = hasExits(config.exits) ? config.exits : undefined;
  const equity = equityCurve(n, config);
  const fills: BacktestFill[] = [];
  let cash = config.cash;
  /** Quote held by resting buys, base by resting sells. */
  let lockedQuote = 0;
  let lockedBase = 0;
  /** Figures by the live account's arithmetic (it rounds to 1e-8, so funds are counted in `base`, unrounded, beside it). */
  let account = EMPTY_STRATEGY_ACCOUNT;
  /** Closed round trips' gains and losses (the report's profit factor). */
  let grossProfit = 0;
  let grossLoss = 0;
  let base = 0;
  let invested = 0;
  let resting: Resting[] = [];
  let queued: Resting[] = [];
  let market: Market | undefined;
  let peak = 0;
  let peakEntry = 0;
  let held = 0;
  let ignored = 0;
  let refused = 0;
  let stopped = false;
  let left: OrdersBacktestRun['left'];
  const freeQuote = (): number => cash - lockedQuote;
  const freeBase = (): number => base - lockedBase;

  const fill = (side: 'buy' | 'sell', time: number, price: number, qty: number, reason: string, extra: { limit?: number; exit?: ExitKind } = {}): void => {
    const notional = qty * price;
    const paid = notional * fee;
    if (side === 'buy') {
      cash -= notional + paid;
      invested += notional + paid;
      base += qty;
    } else {
      cash += notional - paid;
      base = Math.max(0, base - qty);
    }
    const before = account;
    account = applyStrategyFill(account, { side, qty, price, fee: paid });
    if (account.roundTrips > before.roundTrips) {
      // The trip that just closed: its PnL so far plus what this fill realised.
      const trip = before.tripPnl + account.realizedPnl - before.realizedPnl;
      if (trip > 0) grossProfit += trip;
      else grossLoss -= trip;
    }
    const f: BacktestFill = { side, time, price, quantity: qty, fee: paid, reason, ...(extra.exit ? { exit: extra.exit } : {}), ...(extra.limit !== undefined ? { limit: extra.limit } : {}) };
    fills.push(f);
    runner.onFill({ side, time, price, quantity: qty, fee: paid, ...(extra.limit !== undefined ? { limit: extra.limit, done: true } : {}) }, base, freeQuote());
  };

  /** The market order queued at the last close, at this open; the funds checked as the exchange does. */
  const runMarket = (m: Market, i: number): void => {
    const price = fillPrice(m.side, o[i], slippageBps);
    if (m.side === 'buy') {
      const qty = m.spend !== undefined ? buyQuantity(m.spend, price, fee) : m.qty!;
      const cost = m.spend ?? qty * price * (1 + fee);
      if (cost > freeQuote() + 1e-9) return void refused++;
      fill('buy', t[i], price, qty, m.reason);
    } else {
      const qty = Math.min(m.qty, freeBase());
      if (!(qty > 1e-12)) return void refused++;
      fill('sell', t[i], price, qty, m.reason, m.exit ? { exit: m.exit } : {});
    }
  };

  /** A limit order arriving at this open: it crosses and fills at the open, or rests holding its funds, or is refused for want of them. */
  const arrive = (r: Resting, i: number): void => {
    const hold = r.side === 'buy' ? r.qty * r.price * (1 + fee) : r.qty;
    if (r.side === 'buy' ? hold > freeQuote() + 1e-9 : hold > freeBase() + 1e-12) return void refused++;
    if (crossesAtOpen(r.side, r.price, o[i])) return fill(r.side, t[i], o[i], r.qty, r.reason, { limit: r.price });
    if (r.side === 'buy') lockedQuote += hold;
    else lockedBase += hold;
    resting.push(r);
  };

  /** Resting limits the candle's range reaches fill at their price, in the order they were placed. */
  const touch = (i: number): void => {
    const still: Resting[] = [];
    const hit: Resting[] = [];
    for (const r of resting) (limitFillPrice(r.side, r.price, o[i], h[i], l[i], false) === undefined ? still : hit).push(r);
    resting = still;
    for (const r of hit) {
      if (r.side === 'buy') lockedQuote = Math.max(0, lockedQuote - r.qty * r.price * (1 + fee));
      else lockedBase = Math.max(0, lockedBase - r.qty);
      fill(r.side, t[i], r.price, r.qty, r.reason, { limit: r.price });
    }
  };

  const cancelAll = (ids?: ReadonlySet<number>): void => {
    const keep: Resting[] = [];
    resting.forEach((r, k) => {
      if (ids && !ids.has(k)) return void keep.push(r);
      if (r.side === 'buy') lockedQuote = Math.max(0, lockedQuote - r.qty * r.price * (1 + fee));
      else lockedBase = Math.max(0, lockedBase - r.qty);
    });
    resting = keep;
  };

  /** The intent at the close of candle i, carried out as the live host does (resting-act.ts). */
  const act = (intent: OrdersIntent, i: number, last: boolean): void => {
    if (intent.leave) {
      left ??= { time: t[i], reason: intent.reason, action: outOfRange };
      if (outOfRange === 'stop') {
        cancelAll();
        stopped = true;
      }
      return;
    }
    if (intent.resting) {
      const d = diffResting(intent.resting, resting.map((r, k) => ({ id: String(k), side: r.side, price: r.price, qty: r.qty })));
      cancelAll(new Set(d.cancel.map(Number)));
      const eq = cash + base * c[i];
      queued = d.place.map((w: WantedOrder) => ({ side: w.side, price: w.price, qty: w.qty ?? limitQty(size, w.price, eq, fee), reason: intent.reason, fresh: true }));
    }
    if (intent.buy !== undefined) {
      // Sized at this close, as live sizes at placement (engine/strategy-size.ts sizeBuy): never shrunk to the cash left.
      const spend = intent.buy * entryBudget(size, cash + base * c[i], c[i], fee);
      if (spend > freeQuote() + 1e-9) refused++;
      else market = size.kind === 'base' ? { side: 'buy', qty: intent.buy * size.qty, reason: intent.reason } : { side: 'buy', spend, reason: intent.reason };
    } else if (intent.sell !== undefined) {
      const qty = Math.min(intent.sell, freeBase());
      if (qty > 1e-12) market = { side: 'sell', qty, reason: intent.reason };
      else refused++;
    }
    if (last && (market !== undefined || queued.length > 0)) {
      ignored += queued.length + (market ? 1 : 0);
      market = undefined;
      queued = [];
    }
  };

  runner.loop(n, (from, to) => {
    for (let i = from; i < to; i++) {
      if (market !== undefined) runMarket(market, i);
      market = undefined;
      for (const r of queued) arrive(r, i);
      queued = [];
      touch(i);
      if (!stopped) {
        const intent = runner.onCandleOrders(cursor.at(i), base, freeQuote());
        let exitFired = false;
        if (exits !== undefined && base > 1e-12) {
          // The trailing peak starts again when the average entry moves (a new dca buy), as live.
          if (account.avgPrice !== peakEntry) [peak, peakEntry] = [0, account.avgPrice];
          peak = nextPeak(peak, account.qty, account.avgPrice, c[i]);
          const fired = firedExit(exits, account.qty, account.avgPrice, peak, c[i]);
          if (fired !== undefined) {
            exitFired = true;
            const qty = freeBase();
            if (i === n - 1) ignored++;
            else if (qty > 1e-12) market = { side: 'sell', qty, reason: fired.reason, exit: fired.kind };
          }
        }
        if (!exitFired && intent !== undefined) act(intent, i, i === n - 1);
      }
      equity[i] = cash + base * c[i];
      if (base > 1e-12) held++;
    }
  });

  const report = computeReport({
    equity,
    initialCash: config.cash,
    timeframeMs: config.timeframeMs,
    tradeCount: account.roundTrips,
    wins: account.wins,
    grossProfit,
    grossLoss,
    heldCandles: held,
    firstOpen: n > 0 ? o[0] : NaN,
    lastClose: n > 0 ? c[n - 1] : NaN,
    fee,
    openTrade: base > 1e-12,
  });
  return { ...report, fills, equity, ignoredIntents: ignored, averageEntry: account.avgPrice, invested, position: base, restingAtEnd: resting.length, refusedOrders: refused, ...(left ? { left } : {}) };
}
