/**
 * Funding of USD-M perpetuals, pure, as Binance describes it ("Introduction to Binance
 * Futures Funding Rates"): every 8 hours, at 00:00, 08:00 and 16:00 UTC, longs pay shorts
 * position notional at mark x funding rate (shorts pay when the rate is negative). The rate is
 * the premium index plus clamp(interest - premium, -0.05%, +0.05%), the interest being 0.01%
 * per 8 h, and the result is held within the contract's cap and floor.
 */

export const FUNDING_INTERVAL_MS = 8 * 3_600_000;
/** 0.03% a day, paid in three parts. */
export const INTEREST_RATE = 0.0001;
const INTEREST_CLAMP = 0.0005;
/** Binance's cap/floor is 75% of the first tier's maintenance rate: 0.3% for BTCUSDT. */
export const DEFAULT_FUNDING_CAP = 0.003;

/**
 * The funding marks t with `after < t <= upTo`, oldest first. Epoch milliseconds start at
 * 00:00 UTC, so the multiples of 8 h are exactly 00:00, 08:00 and 16:00 UTC of every day.
 */
export function fundingTimesBetween(after: number, upTo: number): number[] {
  const out: number[] = [];
  for (let t = Math.floor(after / FUNDING_INTERVAL_MS) * FUNDING_INTERVAL_MS + FUNDING_INTERVAL_MS; t <= upTo; t += FUNDING_INTERVAL_MS) out.push(t);
  return out;
}

/** The next funding mark strictly after `now`. */
export function nextFundingTime(now: number): number {
  return Math.floor(now / FUNDING_INTERVAL_MS) * FUNDING_INTERVAL_MS + FUNDING_INTERVAL_MS;
}

/** Premium of the perpetual over its index, as a fraction: (mark - index) / index. */
export function premiumIndex(markPrice: number, indexPrice: number): number {
  return indexPrice > 0 ? (markPrice - indexPrice) / indexPrice : 0;
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/** The rate for one interval from its (average) premium index. */
export function fundingRate(premium: number, interest = INTEREST_RATE, cap = DEFAULT_FUNDING_CAP): number {
  return clamp(premium + clamp(interest - premium, -INTEREST_CLAMP, INTEREST_CLAMP), -cap, cap);
}

/**
 * What one position receives (negative: pays) at a funding mark: -qty x mark x rate. A long
 * (qty > 0) pays a positive rate, a short receives it.
 */
export function fundingAmount(qty: number, markPrice: number, rate: number): number {
  const amount = -qty * markPrice * rate;
  return amount === 0 ? 0 : amount; // no -0 in a wallet
}

const MINUTE_MS = 60_000;

/**
 * The premiums of one funding interval so far, as Binance averages them for its rate: a premium
 * index a minute (the mean of that minute's samples), the minutes weighted 1, 2, ... n, so
 * later minutes count more ("Average Premium Index (P) = (1 x P1 + 2 x P2 + ... + n x Pn) /
 * (1 + 2 + ... + n)"). A rate read from this moves slowly within the interval, where the
 * instantaneous premium jumps on every tick: a carry deciding on the instantaneous one went in
 * and out every few seconds (335 transactions in 50 minutes on the soak).
 */
export interface PremiumAverage {
  /** The interval's start (a funding mark). */
  readonly interval: number;
  /** The forming minute's index within the interval (0 first) and its samples' sum and count. */
  readonly minute: number;
  readonly minuteSum: number;
  readonly minuteCount: number;
  /** Sum of weight x premium, and of the weights, over the interval's closed minutes. */
  readonly weighted: number;
  readonly weights: number;
}

/** `avg` with the premium sampled at `now`; a new interval (or a clock set back) starts afresh. */
export function addPremium(avg: PremiumAverage | undefined, premium: number, now: number): PremiumAverage {
  const interval = Math.floor(now / FUNDING_INTERVAL_MS) * FUNDING_INTERVAL_MS;
  const minute = Math.floor((now - interval) / MINUTE_MS);
  if (!avg || avg.interval !== interval || minute < avg.minute) return { interval, minute, minuteSum: premium, minuteCount: 1, weighted: 0, weights: 0 };
  if (minute === avg.minute) return { ...avg, minuteSum: avg.minuteSum + premium, minuteCount: avg.minuteCount + 1 };
  // The minute closed: its mean counts with its weight (minutes without a sample, none).
  const w = avg.minute + 1;
  return { interval, minute, minuteSum: premium, minuteCount: 1, weighted: avg.weighted + (w * avg.minuteSum) / avg.minuteCount, weights: avg.weights + w };
}

/** The interval's average premium so far, the forming minute included with its weight. */
export function averagePremium(avg: PremiumAverage): number {
  const w = avg.minute + 1;
  return (avg.weighted + (w * avg.minuteSum) / avg.minuteCount) / (avg.weights + w);
}
