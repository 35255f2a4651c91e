/**
 * A span of time as people say it, in its two largest units: `3d 4h`, `2h 5m`, `4m 10s`,
 * `9s`. The one way atapi says how long something ran or will take (the daemon's uptime, a
 * run's summary, a sweep's time left, the web page's status bar), so the same span reads the
 * same in every front end. Whole seconds, rounded down (an uptime of 59.9 s has not reached a
 * minute); a negative span (a clock set back) is 0s.
 */
export function spanText(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d) return `${d}d ${h}h`;
  if (h) return `${h}h ${m}m`;
  if (m) return `${m}m ${s % 60}s`;
  return `${s}s`;
}
