import type { Candle, Envelope, Timeframe, TradingMode } from '../domain/index.js';
import { floorToStep, timeframeMs } from '../domain/index.js';
import type { OrderIntent, Params, StrategyDefinition } from '../strategies/strategy.js';
import { StrategyRunner } from '../engine/strategy-runner.js';
import { linkCheck } from '../engine/risk.js';
import { selectBalance, selectInstrument, selectTicker } from '../store/index.js';
import type { Session } from './session.js';

export interface HostOptions {
  readonly strategy: StrategyDefinition;
  readonly params: Params;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly mode: TradingMode;
  /** Fee rate assumed when sizing a buy that spends all cash. */
  readonly fee?: number;
  /** Called with each order result, for progress output. */
  readonly onOrder?: (text: string) => void;
}

export interface StrategyHost {
  readonly id: string;
  stop(options?: { flatten?: boolean }): Promise<void>;
  /** Resolves when orders placed so far have been answered. */
  idle(): Promise<void>;
}

/**
 * Runs a strategy on a session's live candles: the same strategy module as the backtest,
 * fed closed candles of its timeframe (built from the venue's 1m candles), its intents turned
 * into orders through the session (risk checks, durable log, venue). Every signal and
 * start/stop is an event in the log.
 */
export function startStrategy(session: Session, o: HostOptions): StrategyHost {
  const venue = session.venue;
  const id = `${o.strategy.name}-${o.symbol.replace('/', '')}-${o.timeframe}`;
  const base = session.symbol(o.symbol);
  const inst = selectInstrument(session.state(), venue, base)!;
  const tfMs = timeframeMs(o.timeframe);
  const fee = o.fee ?? 0.001;
  let runner = new StrategyRunner(o.strategy, o.params);
  let bucket: { t: number; o: number; h: number; l: number; c: number; v: number } | undefined;
  let chain: Promise<void> = Promise.resolve();
  let running = true;

  const account = (): [number, number] => {
    const s = session.state();
    return [selectBalance(s, venue, inst.base).free, selectBalance(s, venue, inst.quote).free];
  };

  const act = (intent: OrderIntent, candle: Candle): void => {
    session.dispatch([{ type: 'strategy/signal', data: { strategyId: id, symbol: base, side: intent.side, reason: intent.reason, ts: candle.t + tfMs } }]);
    chain = chain.then(async () => {
      const s = session.state();
      // The link is down: the strategy holds (no order goes out on stale prices) and says so.
      const down = linkCheck(s, venue);
      if (down) {
        o.onOrder?.(`${id}: ${intent.side} held: ${down.replace(/^not sent: /, '')}`);
        return;
      }
      // An earlier order's fate is unknown: the balances it sizes from may be wrong. Hold.
      const unsettled = Object.values(s.ledger.orders).find((x) => x.strategyId === id && x.status === 'unknown');
      if (unsettled) {
        o.onOrder?.(`${id}: ${intent.side} held: order ${unsettled.id} is unknown until the exchange settles it`);
        return;
      }
      const cash = selectBalance(s, venue, inst.quote).free;
      const held = selectBalance(s, venue, inst.base).free;
      const ask = selectTicker(s, venue, base)?.ask ?? candle.c;
      if (intent.side === 'buy') {
        if (held >= inst.minQty || cash <= 0) return;
        const qty = floorToStep(cash / (1 + fee) / ask, inst.lotSize);
        const r = await session.order({ symbol: base, side: 'buy', type: 'market', qty, quoteQty: cash, strategyId: id });
        o.onOrder?.(r.ok ? `${id}: buy ${r.order.filledQty} ${base} ${r.order.status}` : `${id}: buy refused: ${r.error}`);
      } else {
        const qty = floorToStep(held, inst.lotSize);
        if (qty < inst.minQty) return;
        const r = await session.order({ symbol: base, side: 'sell', type: 'market', qty, strategyId: id });
        o.onOrder?.(r.ok ? `${id}: sell ${r.order.filledQty} ${base} ${r.order.status}` : `${id}: sell refused: ${r.error}`);
      }
    }).catch((err: unknown) => {
      // One failed order must not end the strategy's chain, nor the process.
      o.onOrder?.(`${id}: ${intent.side} failed: ${(err as Error)?.message ?? String(err)}`);
    });
  };

  const onCandle = (c: Candle, live: boolean): void => {
    const start = Math.floor(c.t / tfMs) * tfMs;
    if (bucket && bucket.t !== start) bucket = undefined;
    if (!bucket) bucket = { t: start, o: c.o, h: c.h, l: c.l, c: c.c, v: c.v };
    else {
      bucket.h = Math.max(bucket.h, c.h);
      bucket.l = Math.min(bucket.l, c.l);
      bucket.c = c.c;
      bucket.v += c.v;
    }
    // The bar of the strategy's timeframe closes with its last 1m candle.
    if (c.t + 60_000 < start + tfMs) return;
    const closed: Candle = { ...bucket };
    bucket = undefined;
    const intent = runner.onCandle(closed, ...account());
    if (intent && live && running) act(intent, closed);
  };

  // Warm up on the history the venue already gave, without trading on it.
  const key = `${venue}:${base}:1m`;
  for (const c of session.state().market.candles[key] ?? []) {
    if (c.t + 60_000 <= session.state().lastTs) onCandle(c, false);
  }
  // A strategy that throws is stopped with a notice; it must never take the feed down with it.
  const guarded = (fn: () => void): void => {
    try {
      fn();
    } catch (err) {
      running = false;
      unobserve();
      session.dispatch([
        { type: 'system/notice', data: { level: 'error', message: `strategy ${id} stopped: ${(err as Error).message}` } },
        { type: 'strategy/status', data: { strategyId: id, name: o.strategy.name, symbol: base, venue, mode: o.mode, status: 'stopped', params: o.params } },
      ]);
    }
  };
  const unobserve = session.store.observe((batch: readonly Envelope[]) => guarded(() => {
    for (const env of batch) {
      const e = env.event;
      if (e.type === 'market/candle' && e.data.closed && e.data.venue === venue && e.data.symbol === base && e.data.timeframe === '1m') onCandle(e.data.candle, true);
      else if ((e.type === 'order/filled' || e.type === 'order/partiallyFilled') && session.state().ledger.orders[e.data.fill.orderId]?.strategyId === id) {
        const f = e.data.fill;
        runner.onFill({ side: f.side, time: f.ts, price: f.price, quantity: f.qty, fee: f.fee }, ...account());
      }
    }
  }));
  session.dispatch([{ type: 'strategy/status', data: { strategyId: id, name: o.strategy.name, symbol: base, venue, mode: o.mode, status: 'running', params: o.params } }]);

  return {
    id,
    idle: () => chain,
    async stop(options = {}) {
      running = false;
      unobserve();
      await chain;
      if (options.flatten) {
        const qty = floorToStep(selectBalance(session.state(), venue, inst.base).free, inst.lotSize);
        if (qty >= inst.minQty) await session.order({ symbol: base, side: 'sell', type: 'market', qty, strategyId: id });
      }
      session.dispatch([{ type: 'strategy/status', data: { strategyId: id, name: o.strategy.name, symbol: base, venue, mode: o.mode, status: 'stopped', params: o.params } }]);
      runner = new StrategyRunner(o.strategy, o.params);
    },
  };
}
