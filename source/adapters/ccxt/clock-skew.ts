/**
 * How far the local clock may be from the exchange's. Binance refuses a signed request whose
 * timestamp is more than 1 s ahead of its server (-1021) or older than its receive window, so
 * past this the daemon's orders start failing with an error that does not say "your clock".
 */
export const MAX_CLOCK_SKEW_MS = 1_000;

/**
 * Pure: how far the local clock is ahead of the server's (negative: behind), taking the server's
 * answer to have been read half way through the round trip.
 */
export function clockOffsetMs(sentAt: number, serverTime: number, receivedAt: number): number {
  return sentAt + (receivedAt - sentAt) / 2 - serverTime;
}

/** Pure: the warning for an offset past the limit, or undefined. */
export function skewWarning(venue: string, offsetMs: number): string | undefined {
  if (Math.abs(offsetMs) <= MAX_CLOCK_SKEW_MS) return undefined;
  const s = (Math.abs(offsetMs) / 1000).toFixed(1);
  return `the local clock is ${s} s ${offsetMs > 0 ? 'ahead of' : 'behind'} ${venue}'s server: signed requests (orders) fail past about 1 s ahead or the receive window behind; sync the clock (timedatectl set-ntp true, or chrony)`;
}

/**
 * Asks the exchange its time once and says whether the local clock is off. Never throws: an
 * exchange without the call, or one that does not answer, is no reason to stop a start.
 */
export async function checkClockSkew(venue: string, fetchTime: (() => Promise<number | undefined>) | undefined, clock: () => number): Promise<string | undefined> {
  if (!fetchTime) return undefined;
  try {
    const sentAt = clock();
    const server = await fetchTime();
    const receivedAt = clock();
    // A slow answer leaves the server's moment uncertain by half its round trip: no verdict then.
    if (typeof server !== 'number' || !Number.isFinite(server) || receivedAt - sentAt > 2 * MAX_CLOCK_SKEW_MS) return undefined;
    return skewWarning(venue, clockOffsetMs(sentAt, server, receivedAt));
  } catch {
    // No answer is not a skew: the link's own checks say when the exchange is unreachable.
    return undefined;
  }
}
