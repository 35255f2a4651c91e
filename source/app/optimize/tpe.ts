import type { Rng } from '../../adapters/simulated/prng.js';
import { metricOf, type Metric } from './metrics.js';
import type { TrialSpec } from './run-task.js';
import { pointOf, trialKey, type SearchSpace } from './search-space.js';
import { randomPoints } from './random-points.js';
import type { TrialResult } from './trial.js';

/**
 * Tree-structured Parzen Estimator, after J. Bergstra, R. Bardenet, Y. Bengio and B. Kégl,
 * "Algorithms for Hyper-Parameter Optimization", NeurIPS 2011, section 4. Small and honest:
 * the trials so far are split at the GAMMA quantile of the metric into good and bad; for each
 * parameter (independently, as in the paper) a Parzen estimator (a Gaussian kernel on each
 * observed value's position on the axis, plus a flat prior) is fitted to each group, l(x) for
 * the good and g(x) for the bad; candidates are drawn from l and the one with the largest
 * l(x) / g(x), the expected-improvement criterion, is taken.
 */

/** Share of the trials counted as good. */
const GAMMA = 0.25;
/** Candidates drawn from l(x) for each pick (the paper's and hyperopt's 24). */
const CANDIDATES = 24;

/** A Parzen estimator over an axis of `n` positions: kernels at `at`, with a flat prior of one kernel's weight. */
function density(at: readonly number[], n: number): { pdf: (x: number) => number; sample: (rng: Rng) => number; width: number } {
  // Bandwidth shrinks as observations gather (Scott's rule over the axis), never below one step.
  const width = Math.max(1, (n / 4) * Math.pow(at.length + 1, -1 / 5));
  const weight = 1 / (at.length + 1);
  const pdf = (x: number): number => {
    let sum = weight / n;
    for (const m of at) sum += (weight * Math.exp(-0.5 * ((x - m) / width) ** 2)) / (width * Math.sqrt(2 * Math.PI));
    return sum;
  };
  const sample = (rng: Rng): number => {
    const k = Math.floor(rng.next() * (at.length + 1));
    const x = k === at.length ? rng.next() * n : at[k] + rng.normal() * width;
    return Math.min(n - 1, Math.max(0, Math.round(x)));
  };
  return { pdf, sample, width };
}

/** A trial's score for ranking: refusals and non-numbers rank last. */
function score(r: TrialResult, metric: Metric): number {
  if (!('figures' in r.outcome)) return -Infinity;
  const m = metricOf(r.outcome.figures, metric);
  return Number.isNaN(m) ? -Infinity : m;
}

/** The next `count` points of a TPE sweep, none tried before. */
export function tpeBatch(space: SearchSpace, results: readonly TrialResult[], count: number, metric: Metric, rng: Rng): TrialSpec[] {
  const tried = new Set(results.map((r) => trialKey(space, r.params)));
  // Stable order: equal scores keep proposal order, so the split does not depend on timing.
  const ranked = results.map((r, i) => ({ r, i, s: score(r, metric) })).sort((a, b) => b.s - a.s || a.i - b.i);
  const nGood = Math.max(1, Math.ceil(GAMMA * ranked.length));
  const position = (axis: number, r: TrialResult): number => space.axes[axis].values.indexOf(r.params[space.axes[axis].name]);
  const models = space.axes.map((a, k) => ({
    good: density(ranked.slice(0, nGood).map((x) => position(k, x.r)), a.values.length),
    bad: density(ranked.slice(nGood).map((x) => position(k, x.r)), a.values.length),
  }));
  const out: TrialSpec[] = [];
  for (let pick = 0; pick < count; pick++) {
    let chosen: TrialSpec | undefined;
    // A few rounds: the best candidate may have been tried already; after that, a random point.
    for (let round = 0; round < 8 && chosen === undefined; round++) {
      const indexes = models.map((m) => {
        let best = 0;
        let bestRatio = -Infinity;
        for (let c = 0; c < CANDIDATES; c++) {
          const x = m.good.sample(rng);
          const ratio = Math.log(m.good.pdf(x)) - Math.log(m.bad.pdf(x));
          if (ratio > bestRatio) [best, bestRatio] = [x, ratio];
        }
        return best;
      });
      const params = pointOf(space, indexes);
      const id = trialKey(space, params);
      if (!tried.has(id)) chosen = { id, params };
    }
    chosen ??= randomPoints(space, 1, rng, tried)[0];
    if (chosen === undefined) break;
    tried.add(chosen.id);
    out.push(chosen);
  }
  return out;
}
