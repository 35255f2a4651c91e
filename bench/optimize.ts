import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Tinypool } from 'tinypool';
import { generateCandles } from '../source/adapters/candles/generated-candles.js';
import { poolExecutor, type TrialExecutor } from '../source/app/optimize/executor.js';
import { makeProposer } from '../source/app/optimize/proposers.js';
import { searchSpace } from '../source/app/optimize/search-space.js';
import { shareSeries, type SharedSeries } from '../source/app/optimize/shared-series.js';
import { runSweep } from '../source/app/optimize/sweep.js';
import type { TrialSetup } from '../source/app/optimize/trial.js';
import { smaCross } from '../source/strategies/sma-cross.js';
import { SWEEP_GRID, SWEEP_SEED } from './sweep-grid.js';

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
 * same and the ratio is low, the time went to waiting. Last, `processes.*`: two separate
 * processes each sweeping on 1 worker at once, against one alone (processControl): the most two
 * sweeps get from this machine with nothing shared.
 */
export async function runOptimizeBench(candles = 200_000, rounds = 5): Promise<Record<string, number>> {
  const series = shareSeries(generateCandles(candles, { seed: SWEEP_SEED, timeframeMs: 60_000 }));
  const grid = [...SWEEP_GRID];
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
    const processes = await processControl(candles, Math.max(2, Math.min(rounds, 3)));
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
      'processes.speedupMedianPair': round2(median(processes)),
      'processes.speedupLowestPair': round2(Math.min(...processes)),
      'processes.speedupHighestPair': round2(Math.max(...processes)),
    };
  } finally {
    await one.close();
    await two.close();
    await spin1.destroy();
    await spin2.destroy();
  }
}

/** Starts `n` sweep processes (bench/sweep-process.ts), each warm, then lets them go at once: the wall time until the last is done. */
async function processesAtOnce(n: number, candles: number, sweeps: number): Promise<number> {
  const children = Array.from({ length: n }, () => spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./sweep-process.ts', import.meta.url)), String(candles), String(sweeps)], { stdio: ['pipe', 'pipe', 'inherit'] }));
  const said = (c: (typeof children)[number], word: string): Promise<string> =>
    new Promise((resolve, reject) => {
      let out = '';
      const on = (b: Buffer): void => {
        out += b.toString();
        const line = out.split('\n').find((l) => l.startsWith(word));
        if (line !== undefined) {
          c.stdout.off('data', on);
          resolve(line);
        }
      };
      c.stdout.on('data', on);
      c.once('exit', (code) => reject(new Error(`a sweep process ended (${code}) before saying ${word}`)));
    });
  await Promise.all(children.map((c) => said(c, 'ready')));
  const done = children.map((c) => said(c, 'done'));
  for (const c of children) c.stdin.write('go\n');
  const walls = (await Promise.all(done)).map((l) => Number(l.split(' ')[1]));
  return Math.max(...walls);
}

/**
 * The process control: one process running 1-worker sweeps alone, then two such processes at
 * once, alternated `rounds` times. Two processes share nothing (no pool, no main thread), so
 * what two of them get over one is what this machine gives two sweeps at all: the sweep's own
 * 2-worker ratio cannot be expected above it.
 */
async function processControl(candles: number, rounds: number): Promise<number[]> {
  const sweeps = 3;
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const alone = await processesAtOnce(1, candles, sweeps);
    const pair = await processesAtOnce(2, candles, sweeps);
    ratios.push((2 * alone) / pair);
  }
  return ratios;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // `node --import tsx bench/optimize.ts [CANDLES [ROUNDS]]`: longer sweeps, more rounds.
  const [candles, rounds] = process.argv.slice(2).map(Number);
  console.log(await runOptimizeBench(candles || undefined, rounds || undefined));
}
