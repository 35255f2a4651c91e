import type { StrategyDefinition } from './strategy.js';

/**
 * A strategy whose targets come from outside: signals (TradingView alerts through the API)
 * set what it holds, `buy`/`long` long, `sell`/`flat` flat, `short` short on a perpetual. It
 * asks for nothing on candles, but it is an instance like any other (its own account, size
 * and limits), so a signal's order goes through the same decision and checks as a strategy's.
 */
export const webhookStrategy: StrategyDefinition = {
  name: 'webhook',
  description: 'trades on signals from outside (TradingView alerts sent to POST /api/v1/signals), nothing on candles',
  params: {},
  signalled: true,
  warmup: () => 0,
  create() {
    return { onCandle: () => undefined };
  },
};
