import type { EquityBody, EquityPoint } from './types.js';

export type { EquityPoint };

/** Most points kept in the page (a week at one a minute is 10,080). */
export const MAX_POINTS = 12_000;

/**
 * The chart's series: the daemon's samples (one a minute, from `GET equity`), merged with those
 * already read (a refresh asks only for what came after the last one), then the value now as the
 * newest point, so the line ends where the figure above it says.
 */
export function mergeSamples(known: readonly EquityPoint[], fresh: readonly EquityPoint[]): EquityPoint[] {
  const last = known.at(-1)?.t ?? -Infinity;
  const next = [...known, ...fresh.filter((p) => p.t > last)];
  return next.length > MAX_POINTS ? next.slice(next.length - MAX_POINTS) : next;
}

/** The samples and the value now, as the chart draws them. */
export function withNow(samples: readonly EquityPoint[], now: EquityBody['now']): EquityPoint[] {
  const last = samples.at(-1);
  return last && last.t >= now.t ? [...samples] : [...samples, { t: now.t, v: now.total }];
}
