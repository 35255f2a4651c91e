import type { Rng } from '../../adapters/simulated/prng.js';
import type { Params } from '../../strategies/strategy.js';
import type { TrialSpec } from './run-task.js';
import { pointAt, pointOf, trialKey, type SearchSpace } from './search-space.js';

/** A point with its trial id. */
export function pointSpec(space: SearchSpace, params: Params): TrialSpec {
  return { id: trialKey(space, params), params };
}

/** `count` distinct points drawn at random (per axis), in draw order. */
export function randomPoints(space: SearchSpace, count: number, rng: Rng, taken: ReadonlySet<string> = new Set()): TrialSpec[] {
  const out: TrialSpec[] = [];
  const seen = new Set(taken);
  const free = space.size - seen.size;
  const want = Math.min(count, free);
  if (want <= 0) return out;
  if (want > free / 2) {
    // Most of what is left: a seeded shuffle of the untaken points (drawing would keep missing).
    const all: TrialSpec[] = [];
    for (let i = 0; i < space.size; i++) {
      const s = pointSpec(space, pointAt(space, i));
      if (!seen.has(s.id)) all.push(s);
    }
    for (let i = 0; i < want; i++) {
      const j = i + Math.floor(rng.next() * (all.length - i));
      [all[i], all[j]] = [all[j], all[i]];
    }
    return all.slice(0, want);
  }
  while (out.length < want) {
    const s = pointSpec(space, pointOf(space, space.axes.map((a) => Math.floor(rng.next() * a.values.length))));
    if (seen.has(s.id)) continue;
    seen.add(s.id);
    out.push(s);
  }
  return out;
}

