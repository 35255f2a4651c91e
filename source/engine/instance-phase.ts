import type { StrategyInstanceView } from './strategy-figures.js';

/** What a strategy instance is doing, as every front end names it. */
export type InstancePhase = 'running' | 'warm-up' | 'not live' | 'failed' | 'stopped';

/**
 * One rule for the shell, the app and the web page: `failed` is an instance atapi stopped (it
 * threw or overran strategy.timeBudgetMs), `stopped` one the trader stopped (or a grid that left
 * its range), `not live` one recorded running that does not trade in this process.
 */
export function instancePhase(v: Pick<StrategyInstanceView, 'status' | 'stopCode' | 'live' | 'warmup'>): InstancePhase {
  if (v.status === 'stopped') return v.stopCode === 'strategy.failed' ? 'failed' : 'stopped';
  if (!v.live) return 'not live';
  return v.warmup.seen < v.warmup.need ? 'warm-up' : 'running';
}
