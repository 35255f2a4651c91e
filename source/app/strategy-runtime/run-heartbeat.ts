import type { Timeframe } from '../../domain/index.js';
import { barCloseOf, runFigures, type Heartbeat } from './run-report.js';
import type { Session } from '../session/session.js';

export interface HeartbeatOptions {
  /** The strategy whose signals and fills the heartbeat reports. */
  readonly strategyId: string;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  /** Fills before this (ms) belong to earlier runs. */
  readonly since: number;
}

/**
 * Calls `onBeat` once per closed candle of the strategy's timeframe, with its close price,
 * the strategy's signal at that close (if any) and its figures. Returns the unsubscribe.
 *
 * The strategy host reacts to the same candle event in its own observer, and its signal
 * arrives here as a nested dispatch, before or after the candle depending on who subscribed
 * first: signals are kept by bar close time and the beat is sent once the batch is done.
 */
export function watchHeartbeats(session: Session, o: HeartbeatOptions, onBeat: (h: Heartbeat) => void, onSignal?: (side: 'buy' | 'sell', reason: string, ts: number, target?: 'long' | 'short' | 'flat') => void): () => void {
  const signals = new Map<number, 'buy' | 'sell'>();
  // A venue's resync after a reconnect sends recent candles again: a bar is reported once.
  let beatUpTo = -Infinity;
  return session.store.observe((batch) => {
    for (const env of batch) {
      const e = env.event;
      if (e.type === 'strategy/signal' && e.data.strategyId === o.strategyId) {
        signals.set(e.data.ts, e.data.side);
        onSignal?.(e.data.side, e.data.reason, env.ts, e.data.target);
      } else if (e.type === 'market/candle' && e.data.closed && e.data.venue === session.venue && e.data.symbol === o.symbol && e.data.timeframe === '1m') {
        const close = barCloseOf(e.data.candle, o.timeframe);
        if (close === undefined || close <= beatUpTo) continue;
        beatUpTo = close;
        const price = e.data.candle.c;
        queueMicrotask(() => {
          const signal = signals.get(close);
          signals.delete(close);
          onBeat({ ts: close, price, signal, figures: runFigures(session.state(), o.strategyId, session.venue, o.symbol, o.since, price) });
        });
      }
    }
  });
}
