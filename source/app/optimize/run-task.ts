import type { AnyStrategyDefinition, Params } from '../../strategies/strategy.js';
import { watchCalls } from '../../engine/strategy-guard.js';
import { loadAnyStrategy } from '../strategy-runtime/load-strategy.js';
import type { SlotWriter } from './call-slots.js';
import { seriesView, type SharedSeries } from './shared-series.js';
import { runTrial, type TrialResult, type TrialSetup } from './trial.js';

/** A point to try: its id (`fast=5,slow=20`) and its full parameters. */
export interface TrialSpec {
  readonly id: string;
  readonly params: Params;
}

/**
 * One task of a pool or a queue: several trials over the candles `from`..`to` of the shared
 * columns (a walk-forward fold is a window; a whole sweep is all of them).
 */
export interface TrialTask {
  readonly setup: TrialSetup;
  readonly series: SharedSeries;
  readonly from: number;
  readonly to: number;
  readonly trials: readonly TrialSpec[];
}

// A worker loads each strategy once (a user's module through tsx is slow to load), not per task.
const loaded = new Map<string, Promise<AnyStrategyDefinition>>();

function definition(strategy: string): Promise<AnyStrategyDefinition> {
  let def = loaded.get(strategy);
  if (def === undefined) {
    def = loadAnyStrategy(strategy);
    loaded.set(strategy, def);
  }
  return def;
}

/**
 * Runs a task's trials in order, on the thread it is called on. `watched`: a pool's worker,
 * whose strategy calls its slot reports to the pool (call-slots.ts) instead of each starting a
 * vm watchdog thread; task `n` is the pool's number for it. The trials run synchronously after
 * the strategy is loaded, so two tasks queued on one thread never interleave under the watch.
 */
export async function runTask(task: TrialTask, watched?: { readonly slot: SlotWriter; readonly n: number }): Promise<TrialResult[]> {
  const def = await definition(task.setup.strategy);
  const series = seriesView(task.series, task.from, task.to);
  const trials = (): TrialResult[] => task.trials.map((t) => ({ id: t.id, params: t.params, outcome: runTrial(def, task.setup, series, t.params) }));
  if (watched === undefined) return trials();
  watched.slot.task(watched.n);
  const before = watchCalls(watched.slot);
  try {
    return trials();
  } finally {
    watchCalls(before);
  }
}
