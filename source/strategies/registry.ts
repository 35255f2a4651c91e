import { dcaStrategy } from './dca.js';
import { gridStrategy } from './grid.js';
import { rsiReversion } from './rsi-reversion.js';
import { smaCross, smaLongShort } from './sma-cross.js';
import type { AnyStrategyDefinition, OrdersStrategyDefinition, StrategyDefinition } from './strategy.js';
import { webhookStrategy } from './webhook.js';

/** The strategies that answer a buy/sell or a target (every runtime runs them). */
export const BUILT_IN_STRATEGIES: readonly StrategyDefinition[] = [smaCross, rsiReversion, smaLongShort, webhookStrategy];

/** The strategies that keep orders (grid, dca): the backtest and a running instance, not `run --once`. */
export const ORDER_STRATEGIES: readonly OrdersStrategyDefinition[] = [gridStrategy, dcaStrategy];

/** Every built-in strategy, for lists (help, the start form, the strategy pane). */
export const ALL_STRATEGIES: readonly AnyStrategyDefinition[] = [...BUILT_IN_STRATEGIES, ...ORDER_STRATEGIES];

export function findStrategy(name: string): StrategyDefinition | undefined {
  return BUILT_IN_STRATEGIES.find((s) => s.name === name);
}

/** A built-in strategy of either kind. */
export function findAnyStrategy(name: string): AnyStrategyDefinition | undefined {
  return ALL_STRATEGIES.find((s) => s.name === name);
}
