import { Tinypool } from 'tinypool';
import { generateCandles } from '../source/adapters/candles/generated-candles.js';
import { poolExecutor, type TrialExecutor } from '../source/app/optimize/executor.js';
import { makeProposer } from '../source/app/optimize/proposers.js';
import { searchSpace } from '../source/app/optimize/search-space.js';
import { shareSeries, type SharedSeries } from '../source/app/optimize/shared-series.js';
import { runSweep } from '../source/app/optimize/sweep.js';
import type { TrialSetup } from '../source/app/optimize/trial.js';
import { smaCross } from '../source/strategies/sma-cross.js';

const setup: TrialSetup = { strategy: 'sma', cash: 10_000, fee: 0.001, slippageBps: 0, timeframeMs: 60_000 };

/** One timed batch: its wall time and the CPU the whole process spent (every thread: workers, collector, watchdogs, main). */
interface Timed {
  readonly wallMs: number;
  readonly cpuMs: number;
}

async function timed(work: () => Promise<unknown>): Promise<Timed> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await work();
  const c = process.cpuUsage(c0);
  return { wallMs: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 };
}

/** One grid sweep on a started, warmed pool (the pool's start is not counted). */
function sweep(executor: TrialExecutor, series: SharedSeries, params: readonly string[]): Promise<Timed> {
  const space = searchSpace(smaCross, params);
  return timed(() => runSweep({ proposer: makeProposer(space, 'grid', space.size, 1, 'sharpe'), executor, setup, series, from: 0, to: series.length }));
}

const SPIN_TASKS = 48;
const SPIN_STEPS = 2_000_000;

/** The control: SPIN_TASKS tasks of pure arithmetic (bench/spin-worker.mjs) on a pool shaped as the sweep's. */
function spinPool(workers: number): Tinypool {
  return new Tinypool({ filename: new URL('./spin-worker.mjs', import.meta.url).href, minThreads: workers, maxThreads: workers, concurrentTasksPerWorker: 2 });
}

function spin(pool: Tinypool): Promise<Timed> {
  return timed(() => Promise.all(Array.from({ length: SPIN_TASKS }, () => pool.run({ steps: SPIN_STEPS }))));
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round2 = (x: number): number => Number(x.toFixed(2));

/**
 * `npm run bench -- optimize`: the same sma grid sweep (120 trials over 200,000 1m candles) on
 * a pool of 1 worker and of 2, side by side. The machine is shared, so the two are alternated
 * (1, 2, 1, 2, ...) and the ratio is taken from the best run of each and pair by pair (median,
 * lowest, highest), after a whole warm-up sweep on each pool: every thread optimises its own
 * copy of the loop, and a thread that has run two trials is still compiling it.
 *
 * Beside it, in each round, a control: the same 1-then-2 pools running pure arithmetic
 * (`control.*`), which shows what two threads get from this machine at all (two virtual cores
 * share a host; a busy neighbour or a shared core caps them below 2x), and the CPU each sweep's
 * trial cost the whole process (`cpuMsPerTrial`): when 2 workers spend more CPU a trial than 1,
 * the two threads slow each other down, which no split of the work changes; when they spend the
 * same and the ratio is low, the time went to waiting.
 */
export async function runOptimizeBench(candles = 200_000, rounds = 5): Promise<Record<string, number>> {
  const series = shareSeries(generateCandles(candles, { seed: 42, timeframeMs: 60_000 }));
  // 120 trials (6 x 20): a sweep on 2 workers lasts ~0.35 s on a quiet machine, so the last
  // task's tail (one worker done, the other finishing) is under 2% of it (60 trials: ~4%).
  const grid = ['fast=5:30:5', 'slow=40:230:10'];
  const trials = searchSpace(smaCross, grid).size;
  const one = poolExecutor(1);
  const two = poolExecutor(2);
  const spin1 = spinPool(1);
  const spin2 = spinPool(2);
  try {
    // Warm-up: threads started, the strategy loaded, the JIT warm in every worker.
    await sweep(one, series, grid);
    await sweep(two, series, grid);
    await spin(spin1);
    await spin(spin2);
    let best1 = 0;
    let best2 = 0;
    const ratios: number[] = [];
    const controls: number[] = [];
    const cpu1: number[] = [];
    const cpu2: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const a = await sweep(one, series, grid);
      const b = await sweep(two, series, grid);
      const c = await spin(spin1);
      const d = await spin(spin2);
      best1 = Math.max(best1, trials / (a.wallMs / 1000));
      best2 = Math.max(best2, trials / (b.wallMs / 1000));
      ratios.push(a.wallMs / b.wallMs);
      controls.push(c.wallMs / d.wallMs);
      cpu1.push(a.cpuMs / trials);
      cpu2.push(b.cpuMs / trials);
    }
    ratios.sort((x, y) => x - y);
    return {
      candles,
      trials,
      'workers1.trialsPerSec': round2(best1),
      'workers2.trialsPerSec': round2(best2),
      'speedup.bestOfEach': round2(best2 / best1),
      'speedup.medianPair': round2(median(ratios)),
      'speedup.lowestPair': round2(ratios[0]),
      'speedup.highestPair': round2(ratios[ratios.length - 1]),
      'control.speedupMedianPair': round2(median(controls)),
      'control.speedupLowestPair': round2(Math.min(...controls)),
      'control.speedupHighestPair': round2(Math.max(...controls)),
      'workers1.cpuMsPerTrial': round2(median(cpu1)),
      'workers2.cpuMsPerTrial': round2(median(cpu2)),
      'workers1.candlesPerSec': Math.round(best1 * candles),
    };
  } finally {
    await one.close();
    await two.close();
    await spin1.destroy();
    await spin2.destroy();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // `node --import tsx bench/optimize.ts [CANDLES [ROUNDS]]`: longer sweeps, more rounds.
  const [candles, rounds] = process.argv.slice(2).map(Number);
  console.log(await runOptimizeBench(candles || undefined, rounds || undefined));
}
