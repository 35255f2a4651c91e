import { generateCandles } from '../source/adapters/candles/generated-candles.js';
import { poolExecutor, type TrialExecutor } from '../source/app/optimize/executor.js';
import { makeProposer } from '../source/app/optimize/proposers.js';
import { searchSpace } from '../source/app/optimize/search-space.js';
import { shareSeries, type SharedSeries } from '../source/app/optimize/shared-series.js';
import { runSweep } from '../source/app/optimize/sweep.js';
import type { TrialSetup } from '../source/app/optimize/trial.js';
import { smaCross } from '../source/strategies/sma-cross.js';

const setup: TrialSetup = { strategy: 'sma', cash: 10_000, fee: 0.001, slippageBps: 0, timeframeMs: 60_000 };

/** Trials a second of one grid sweep on a started, warmed pool (the pool's start is not counted). */
async function sweepRate(executor: TrialExecutor, series: SharedSeries, params: readonly string[]): Promise<number> {
  const space = searchSpace(smaCross, params);
  const t0 = performance.now();
  const { results } = await runSweep({ proposer: makeProposer(space, 'grid', space.size, 1, 'sharpe'), executor, setup, series, from: 0, to: series.length });
  return results.length / ((performance.now() - t0) / 1000);
}

/**
 * `npm run bench -- optimize`: the same sma grid sweep (120 trials over 200,000 1m candles) on
 * a pool of 1 worker and of 2, side by side. The machine is shared, so the two are alternated
 * (1, 2, 1, 2, ...) and the ratio is taken from the best run of each and pair by pair (median,
 * lowest, highest), after a whole warm-up sweep on each pool: every thread optimises its own
 * copy of the loop, and a thread that has run two trials is still compiling it.
 */
export async function runOptimizeBench(candles = 200_000, rounds = 5): Promise<Record<string, number>> {
  const series = shareSeries(generateCandles(candles, { seed: 42, timeframeMs: 60_000 }));
  // 120 trials (6 x 20): a sweep on 2 workers lasts ~0.35 s on a quiet machine, so the last
  // task's tail (one worker done, the other finishing) is under 2% of it (60 trials: ~4%).
  const grid = ['fast=5:30:5', 'slow=40:230:10'];
  const one = poolExecutor(1);
  const two = poolExecutor(2);
  try {
    // Warm-up: threads started, the strategy loaded, the JIT warm in every worker.
    await sweepRate(one, series, grid);
    await sweepRate(two, series, grid);
    let best1 = 0;
    let best2 = 0;
    const ratios: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const a = await sweepRate(one, series, grid);
      const b = await sweepRate(two, series, grid);
      best1 = Math.max(best1, a);
      best2 = Math.max(best2, b);
      ratios.push(b / a);
    }
    ratios.sort((x, y) => x - y);
    return {
      candles,
      trials: 120,
      'workers1.trialsPerSec': Number(best1.toFixed(2)),
      'workers2.trialsPerSec': Number(best2.toFixed(2)),
      'speedup.bestOfEach': Number((best2 / best1).toFixed(2)),
      'speedup.medianPair': Number(ratios[Math.floor(ratios.length / 2)].toFixed(2)),
      'speedup.lowestPair': Number(ratios[0].toFixed(2)),
      'speedup.highestPair': Number(ratios[ratios.length - 1].toFixed(2)),
      'workers1.candlesPerSec': Math.round(best1 * candles),
    };
  } finally {
    await one.close();
    await two.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await runOptimizeBench());
