/**
 * A simulated coin's last 24 hours, by the hour: what its ticker's 24h open, high, low and
 * volume are read from, as an exchange's rolling 24h window is. Before this the figures were
 * set once at the first start and only ever widened (high kept rising, volume kept adding
 * up): a daemon left running for days showed the first day's open as "24h" and a week's volume.
 *
 * Hours, not minutes: 25 numbers a coin instead of 1,440, and a 24h figure a price of up to an
 * hour old at the window's far end moves by little. The window holds the hours that overlap the
 * last 24 hours (at most 25: the current one and the 24 before it, the oldest partly).
 */
export const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** One hour of the day: its first price, its extremes and what traded in it. */
export interface DayHour {
  /** The hour's start (ms). */
  readonly t: number;
  readonly o: number;
  h: number;
  l: number;
  v: number;
}

/** A ticker's 24h figures. */
export interface DayFigures {
  readonly open24h: number;
  readonly high24h: number;
  readonly low24h: number;
  readonly volume24h: number;
}

const hourOf = (t: number): number => Math.floor(t / HOUR_MS) * HOUR_MS;

/**
 * The 24 hours before `now`'s hour drawn to match figures known only as totals (a fresh market's
 * drawn day, or a file of an older atapi that kept only the totals): the price goes straight
 * from the open to `price`, the high falls in the 8th hour and the low in the 16th, the volume
 * evenly. No random draws: a seed's market stays the run it always was.
 */
export function dayFromFigures(now: number, figures: DayFigures, price: number): DayHour[] {
  const first = hourOf(now) - DAY_MS;
  const hours: DayHour[] = [];
  for (let i = 0; i < 24; i++) {
    const o = figures.open24h + ((price - figures.open24h) * i) / 24;
    const next = figures.open24h + ((price - figures.open24h) * (i + 1)) / 24;
    hours.push({
      t: first + i * HOUR_MS,
      o,
      h: i === 8 ? Math.max(figures.high24h, o, next) : Math.max(o, next),
      l: i === 16 ? Math.min(figures.low24h, o, next) : Math.min(o, next),
      v: figures.volume24h / 24,
    });
  }
  return hours;
}

/**
 * Adds a price and what traded at `t` (not before the day's last hour: a day is written in time
 * order) and lets the hours that no longer overlap the last 24 hours go. In place.
 */
export function dayAdd(day: DayHour[], t: number, price: number, qty: number, high = price, low = price): void {
  const hour = hourOf(t);
  const last = day.at(-1);
  // In the last hour, or earlier (a clock set back): counted in the last hour, never reordered.
  if (last && last.t >= hour) {
    last.h = Math.max(last.h, high);
    last.l = Math.min(last.l, low);
    last.v += qty;
  } else {
    day.push({ t: hour, o: price, h: Math.max(price, high), l: Math.min(price, low), v: qty });
  }
  let stale = 0;
  while (stale < day.length && day[stale].t + HOUR_MS <= t - DAY_MS) stale++;
  if (stale > 0) day.splice(0, stale);
}

/**
 * The 24h figures at `now` with the price `price`: the open of the oldest hour that overlaps the
 * last 24 hours, the extremes and volume of those hours. With none (a market stopped for more
 * than a day, before its gap is drawn in), the day starts at `price`.
 */
export function dayTotals(day: readonly DayHour[], now: number, price: number): DayFigures {
  let open: number | undefined;
  let high = price;
  let low = price;
  let volume = 0;
  for (const h of day) {
    if (h.t + HOUR_MS <= now - DAY_MS) continue;
    open ??= h.o;
    if (h.h > high) high = h.h;
    if (h.l < low) low = h.l;
    volume += h.v;
  }
  return { open24h: open ?? price, high24h: high, low24h: low, volume24h: volume };
}

/** Whether `value` is a day as a file kept it (hours in time order with positive prices). */
export function isKeptDay(value: unknown): value is DayHour[] {
  if (!Array.isArray(value)) return false;
  let t = -Infinity;
  for (const h of value as unknown[]) {
    if (typeof h !== 'object' || h === null) return false;
    const r = h as Record<string, unknown>;
    if (![r.t, r.o, r.h, r.l, r.v].every((x) => typeof x === 'number' && Number.isFinite(x))) return false;
    if ((r.t as number) <= t || !((r.o as number) > 0 && (r.l as number) > 0 && (r.h as number) >= (r.l as number) && (r.v as number) >= 0)) return false;
    t = r.t as number;
  }
  return true;
}
