// One process with a 1-worker sweep pool, for bench/optimize.ts's process control: it warms up,
// says "ready", waits for "go" on stdin, runs SWEEPS grid sweeps and prints their wall time.
import readline from 'node:readline';
import { generateCandles } from '../source/adapters/candles/generated-candles.js';
import { poolExecutor } from '../source/app/optimize/executor.js';
import { makeProposer } from '../source/app/optimize/proposers.js';
import { searchSpace } from '../source/app/optimize/search-space.js';
import { shareSeries } from '../source/app/optimize/shared-series.js';
import { runSweep } from '../source/app/optimize/sweep.js';
import type { TrialSetup } from '../source/app/optimize/trial.js';
import { smaCross } from '../source/strategies/sma-cross.js';
import { SWEEP_GRID, SWEEP_SEED } from './sweep-grid.js';

const setup: TrialSetup = { strategy: 'sma', cash: 10_000, fee: 0.001, slippageBps: 0, timeframeMs: 60_000 };
const candles = Number(process.argv[2]);
const sweeps = Number(process.argv[3]);
const series = shareSeries(generateCandles(candles, { seed: SWEEP_SEED, timeframeMs: 60_000 }));
const space = searchSpace(smaCross, SWEEP_GRID);
const pool = poolExecutor(1);
const once = () => runSweep({ proposer: makeProposer(space, 'grid', space.size, 1, 'sharpe'), executor: pool, setup, series, from: 0, to: series.length });
await once();
console.log('ready');
const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) if (line === 'go') break;
const t0 = performance.now();
for (let i = 0; i < sweeps; i++) await once();
console.log(`done ${performance.now() - t0}`);
await pool.close();
process.exit(0);
