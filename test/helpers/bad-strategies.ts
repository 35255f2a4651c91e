import fs from 'node:fs';
import path from 'node:path';
import { generateCandles } from '../../source/adapters/candles/generated-candles.js';
import { CandleReplayVenue } from '../../source/adapters/simulated/replay-venue.js';
import { createSession, type Session } from '../../source/app/session/session.js';
import { tmpDir } from './tmp.js';

/**
 * User strategy files, written the way a trader writes them, that go wrong in each place a
 * strategy is called: create(), its warm-up on history, or a live candle; by throwing or by
 * never returning. LIVE_AT is past the replay's history, so "live" ones warm up cleanly.
 */
export const LIVE_AT = 130;
export const BODIES: Record<string, string> = {
  'create-throws': `create() { throw new Error('create exploded'); }`,
  'create-loops': `create() { for (;;) {} }`,
  'warmup-throws': `create() { return { onCandle() { throw new Error('warm-up exploded'); } }; }`,
  'warmup-loops': `create() { return { onCandle() { for (;;) {} } }; }`,
  'live-throws': `create() { return { onCandle(c, view) { if (view.index >= ${LIVE_AT}) throw new Error('live exploded'); } }; }`,
  'live-loops': `create() { return { onCandle(c, view) { if (view.index >= ${LIVE_AT}) for (;;) {} } }; }`,
};
/**
 * The strategy budget these tests run under. The looping strategies are stopped by it; the healthy
 * `sma` beside them runs under it too, so it must be far above what a candle takes on a loaded
 * machine (at 200 ms a strategy-runtime group failed once in a loaded suite run, unnamed; a
 * descheduled sma candle is the likely cause).
 */
export const BUDGET_MS = 1000;

export const REASON: Record<string, RegExp> = {
  'create-throws': /create\(\) threw: create exploded/,
  'create-loops': new RegExp(`create\\(\\) did not return within ${BUDGET_MS} ms \\(setting strategy\\.timeBudgetMs\\)`),
  'warmup-throws': /onCandle\(\) threw at \d{4}-\d\d-\d\d \d\d:\d\d: warm-up exploded/,
  'warmup-loops': new RegExp(`onCandle\\(\\) did not return within ${BUDGET_MS} ms .* at \\d{4}-`),
  'live-throws': /onCandle\(\) threw at \d{4}-\d\d-\d\d \d\d:\d\d: live exploded/,
  'live-loops': new RegExp(`onCandle\\(\\) did not return within ${BUDGET_MS} ms .* at \\d{4}-`),
};

export function strategyFiles(): Record<string, string> {
  const dir = tmpDir('atapi-bad-strategies-');
  return Object.fromEntries(Object.entries(BODIES).map(([name, body]) => {
    const file = path.join(dir, `${name}.mjs`);
    fs.writeFileSync(file, `export default { name: '${name}', description: 'goes wrong', params: {}, ${body} };\n`);
    return [name, file];
  }));
}

const series = generateCandles(400, { seed: 9, timeframeMs: 60_000 });

/** A replayed market with 100 candles of history and a strategy budget of BUDGET_MS. */
export async function replaySession(options: { notifyIntervalMs?: number } = {}): Promise<{ session: Session; venue: CandleReplayVenue }> {
  const venue = new CandleReplayVenue({ symbol: 'BTC/USDT', series, startAt: 100 });
  const session = await createSession({ persist: false, venue, clock: () => venue.now, limits: { maxOrderNotional: 1e12, maxPositionNotional: 1e12, maxEquitySharePercent: 100 }, strategyBudgetMs: BUDGET_MS, ...options });
  return { session, venue };
}
