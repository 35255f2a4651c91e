import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyEvents, initialState, MAX_CANDLES, selectLastCandle, selectSeries } from '../../source/store/index.js';
import { envelopes } from '../helpers/fixtures.js';

test('candle series: the newest candle kept apart reads as the one array it was (random updates, revisions, older ones, cuts), and a tick copies no series', () => {
  const key = 'sim:BTC/USDT:1m';
  const ev = (t: number, close: number) => ({ type: 'market/candle' as const, data: { venue: 'sim', symbol: 'BTC/USDT', timeframe: '1m' as const, candle: { t, o: 1, h: 2, l: 0.5, c: close, v: 1 }, closed: false } });
  // The fold as it was, on one array: the reference.
  const reference = (series: { t: number; c: number }[], t: number, close: number): void => {
    const last = series[series.length - 1];
    if (last && last.t === t) series[series.length - 1] = { t, c: close };
    else if (!last || t > last.t) {
      series.push({ t, c: close });
      if (series.length > MAX_CANDLES + (MAX_CANDLES >> 2)) series.splice(0, series.length - MAX_CANDLES);
    }
  };
  let seed = 7;
  const rnd = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  let s = initialState();
  const want: { t: number; c: number }[] = [];
  let minute = 1;
  for (let step = 0; step < 6_000; step++) {
    const r = rnd();
    // Mostly ticks of the newest minute, then a new minute; now and then an older or revised one.
    const t = r < 0.6 ? minute * 60_000 : r < 0.9 ? ++minute * 60_000 : Math.max(1, minute - Math.floor(rnd() * 3)) * 60_000;
    const batch = Array.from({ length: 1 + Math.floor(rnd() * 3) }, (_, k) => ev(k === 0 ? t : minute * 60_000, step + k / 10));
    for (const e of batch) reference(want, e.data.candle.t, e.data.candle.c);
    s = applyEvents(s, envelopes(batch));
    assert.deepEqual(selectSeries(s.market, key)!.map((x) => ({ t: x.t, c: x.c })), want, `step ${step}`);
    assert.equal(selectLastCandle(s.market, key)?.c, want.at(-1)?.c);
  }
  assert.ok(want.length > MAX_CANDLES, 'the cut was reached');
  // A tick of the newest minute replaces the tip alone: the stored series is the same array.
  const before = s.market.candles[key];
  const after = applyEvents(s, envelopes([ev(minute * 60_000, 42)]));
  assert.equal(after.market.candles[key], before, 'no copy of the series for a tick');
  assert.equal(selectLastCandle(after.market, key)?.c, 42);
  // A state from before tips were kept (the whole series in candles): read and folded the same.
  const old = { ...s, market: { ...s.market, candles: { [key]: selectSeries(s.market, key)! }, candleTips: undefined } };
  const next = applyEvents(old, envelopes([ev(minute * 60_000, 43), ev((minute + 1) * 60_000, 44)]));
  reference(want, minute * 60_000, 43);
  reference(want, (minute + 1) * 60_000, 44);
  assert.deepEqual(selectSeries(next.market, key)!.map((x) => ({ t: x.t, c: x.c })), want);
});
