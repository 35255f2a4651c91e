import type { CandleSeries } from '../../domain/index.js';
import { defaultWorkers, inProcessExecutor, poolExecutor, type TrialExecutor } from './executor.js';
import type { Metric } from './metrics.js';
import { makeProposer, type Method } from './proposers.js';
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
}

export interface OptimizeResult {
  /** Every trial, in the order the search proposed them. */
  readonly results: readonly TrialResult[];
  /** Trials that ran now (the rest came from the study file). */
  readonly fresh: number;
  readonly workers: number;
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
  };
}

/** Runs a sweep on the pool (or the given executor), writing the study as it goes. */
export async function optimize(r: OptimizeRequest): Promise<OptimizeResult> {
  const study = r.studyPath ? StudyFile.open(r.studyPath, studyHeader(r)) : undefined;
  const executor = r.executor ?? (r.workers === 0 ? inProcessExecutor() : poolExecutor(r.workers || defaultWorkers()));
  try {
    const { results, fresh } = await runSweep({
      proposer: makeProposer(r.space, r.method, r.trials, r.seed, r.metric),
      executor,
      setup: r.setup,
      series: shareSeries(r.series),
      from: 0,
      to: r.series.length,
      sink: study,
      onProgress: r.onProgress,
    });
    return { results, fresh, workers: executor.workers };
  } finally {
    study?.close();
    if (r.executor === undefined) await executor.close();
  }
}
