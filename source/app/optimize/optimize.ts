import type { CandleSeries } from '../../domain/index.js';
import { defaultWorkers, inProcessExecutor, poolExecutor, type TrialExecutor } from './executor.js';
import type { Metric } from './metrics.js';
import { ranked, type ScoredTrial } from './metrics.js';
import { makeProposer, type Method, type Proposer } from './proposers.js';
import type { TrialSpec } from './run-task.js';
import { describeSpace, type SearchSpace } from './search-space.js';
import { shareSeries } from './shared-series.js';
import { StudyFile, type DataFileHash, type StudyHeader } from './study-file.js';
import { runSweep } from './sweep.js';
import type { TrialResult, TrialSetup } from './trial.js';

/** A sweep as the command line asks for it, checked. */
export interface OptimizeRequest {
  readonly setup: TrialSetup;
  readonly series: CandleSeries;
  readonly space: SearchSpace;
  readonly method: Method;
  /** Points to try (random, tpe); a grid tries every point. */
  readonly trials: number;
  readonly seed: number;
  readonly metric: Metric;
  /** Worker threads; 0 runs the trials on this thread. */
  readonly workers: number;
  /** The study file (`--study`): trials appended as they finish, a rerun resumes it. */
  readonly studyPath?: string;
  /** What the study header records besides the search (names, hashes). */
  readonly describe: { readonly symbol: string; readonly timeframe: string; readonly data: readonly DataFileHash[]; readonly strategySha256?: string };
  /** Told the trials finished so far (resumed ones included) and how many were run now. */
  readonly onProgress?: (finished: number, fresh: number) => void;
  /** Where the trials run instead of this machine's threads (the queue). */
  readonly executor?: TrialExecutor;
  /** Walk-forward folds (`--walk-forward K`): each chooses on one window and scores on the next. */
  readonly walkForward?: number;
}

/** One walk-forward fold: the point chosen in sample, and how it did there and out of sample. */
export interface FoldResult {
  readonly fold: number;
  /** Candle windows, `from` to `to` (exclusive) of the whole series. */
  readonly inSample: { readonly from: number; readonly to: number };
  readonly outOfSample: { readonly from: number; readonly to: number };
  /** The in-sample winner (absent when the strategy refused every point there). */
  readonly chosen?: ScoredTrial;
  /** The winner's run on the out-of-sample window. */
  readonly outOfSampleResult?: TrialResult;
}

export interface OptimizeResult {
  /** Every trial, in the order the search proposed them. */
  readonly results: readonly TrialResult[];
  /** Trials that ran now (the rest came from the study file). */
  readonly fresh: number;
  readonly workers: number;
  readonly folds?: readonly FoldResult[];
}

/**
 * Rolling walk-forward windows: the series in K + 1 equal parts; fold i chooses on part i and
 * is scored on part i + 1, so every out-of-sample window is unseen by its choice.
 */
export function foldWindows(length: number, k: number): { inSample: { from: number; to: number }; outOfSample: { from: number; to: number } }[] {
  const part = Math.floor(length / (k + 1));
  return Array.from({ length: k }, (_, i) => ({ inSample: { from: i * part, to: (i + 1) * part }, outOfSample: { from: (i + 1) * part, to: i === k - 1 ? length : (i + 2) * part } }));
}

/** The trials a request will run in all: the grid's points, or `trials` capped by the grid. */
export function plannedTrials(r: Pick<OptimizeRequest, 'method' | 'trials' | 'space'>): number {
  return r.method === 'grid' ? r.space.size : Math.min(r.trials, r.space.size);
}

export function studyHeader(r: OptimizeRequest): StudyHeader {
  const { budgetMs: _budget, ...setup } = r.setup;
  return {
    type: 'atapi-study',
    version: 1,
    strategy: r.setup.strategy,
    ...(r.describe.strategySha256 ? { strategySha256: r.describe.strategySha256 } : {}),
    symbol: r.describe.symbol,
    timeframe: r.describe.timeframe,
    futures: r.setup.futures !== undefined,
    setup,
    space: describeSpace(r.space),
    fixed: r.space.fixed,
    method: r.method,
    trials: plannedTrials(r),
    seed: r.seed,
    data: r.describe.data,
    ...(r.walkForward ? { walkForward: r.walkForward } : {}),
  };
}

/** A proposer of one given point (a fold's out-of-sample run). */
function onePoint(spec: TrialSpec): Proposer {
  let given = false;
  return { next: () => (given ? [] : ((given = true), [spec])) };
}

/** Runs a sweep on the pool (or the given executor), writing the study as it goes. */
export async function optimize(r: OptimizeRequest): Promise<OptimizeResult> {
  const study = r.studyPath ? StudyFile.open(r.studyPath, studyHeader(r)) : undefined;
  const executor = r.executor ?? (r.workers === 0 ? inProcessExecutor() : poolExecutor(r.workers || defaultWorkers()));
  const series = shareSeries(r.series);
  const base = { executor, setup: r.setup, series, sink: study };
  try {
    const planned = plannedTrials(r);
    let ran = 0;
    const sweep = async (from: number, to: number, idPrefix: string, proposer: Proposer, offset: number): Promise<TrialResult[]> => {
      const out = await runSweep({ ...base, proposer, from, to, idPrefix, onProgress: (finished, fresh) => r.onProgress?.(offset + finished, ran + fresh) });
      ran += out.fresh;
      return out.results;
    };
    const results = await sweep(0, r.series.length, '', makeProposer(r.space, r.method, r.trials, r.seed, r.metric), 0);
    if (!r.walkForward) return { results, fresh: ran, workers: executor.workers };
    const folds: FoldResult[] = [];
    for (const [i, w] of foldWindows(r.series.length, r.walkForward).entries()) {
      const prefix = `f${i + 1}/`;
      const inSample = await sweep(w.inSample.from, w.inSample.to, prefix, makeProposer(r.space, r.method, r.trials, r.seed, r.metric), planned * (i + 1));
      const chosen = ranked(inSample, r.metric)[0];
      let outOfSampleResult: TrialResult | undefined;
      if (chosen !== undefined) [outOfSampleResult] = await sweep(w.outOfSample.from, w.outOfSample.to, `${prefix}oos/`, onePoint({ id: chosen.id, params: chosen.params }), planned * (i + 2));
      folds.push({ fold: i + 1, ...w, ...(chosen ? { chosen } : {}), ...(outOfSampleResult ? { outOfSampleResult } : {}) });
    }
    return { results, fresh: ran, workers: executor.workers, folds };
  } finally {
    study?.close();
    if (r.executor === undefined) await executor.close();
  }
}
