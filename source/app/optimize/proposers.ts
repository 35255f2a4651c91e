import { createRng } from '../../adapters/simulated/prng.js';
import type { Metric } from './metrics.js';
import type { TrialSpec } from './run-task.js';
import { pointAt, type SearchSpace } from './search-space.js';
import { pointSpec, randomPoints } from './random-points.js';
import { tpeBatch } from './tpe.js';
import type { TrialResult } from './trial.js';

export const METHODS = ['grid', 'random', 'tpe'] as const;
export type Method = (typeof METHODS)[number];

/**
 * Hands out the points to try, a batch at a time. A batch depends only on the seed and on the
 * results of earlier batches in proposal order (never on which worker finished first), so the
 * same seed gives the same study on any number of workers, and a resumed sweep asks for the
 * same points again and finds them done.
 */
export interface Proposer {
  /** The next batch given every result so far in proposal order; empty when the sweep is done. */
  next(results: readonly TrialResult[]): TrialSpec[];
}

/** Points a TPE sweep tries at random before it models them (at least 10, a fifth of the trials). */
export function tpeStartup(trials: number): number {
  return Math.min(trials, Math.max(10, Math.ceil(trials / 5)));
}

/** Trials a TPE batch proposes at once: fixed, so the study does not depend on the worker count. */
export const TPE_BATCH = 8;

export function makeProposer(space: SearchSpace, method: Method, trials: number, seed: number, metric: Metric): Proposer {
  const rng = createRng(seed);
  // Asking for at least every point is the grid, whatever the method.
  if (method === 'grid' || trials >= space.size) {
    let given = false;
    return {
      next() {
        if (given) return [];
        given = true;
        return Array.from({ length: space.size }, (_, i) => pointSpec(space, pointAt(space, i)));
      },
    };
  }
  if (method === 'random') {
    let given = false;
    return {
      next() {
        if (given) return [];
        given = true;
        return randomPoints(space, trials, rng);
      },
    };
  }
  const startup = tpeStartup(trials);
  return {
    next(results) {
      if (results.length >= trials) return [];
      if (results.length === 0) return randomPoints(space, startup, rng);
      return tpeBatch(space, results, Math.min(TPE_BATCH, trials - results.length), metric, rng);
    },
  };
}
