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
