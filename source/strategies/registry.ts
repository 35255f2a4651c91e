import { rsiReversion } from './rsi-reversion.js';
import { smaCross, smaLongShort } from './sma-cross.js';
import type { StrategyDefinition } from './strategy.js';
import { webhookStrategy } from './webhook.js';

export const BUILT_IN_STRATEGIES: readonly StrategyDefinition[] = [smaCross, rsiReversion, smaLongShort, webhookStrategy];

export function findStrategy(name: string): StrategyDefinition | undefined {
  return BUILT_IN_STRATEGIES.find((s) => s.name === name);
}
