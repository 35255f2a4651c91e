import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dayAdd, dayFromFigures, dayTotals, HOUR_MS, isKeptDay } from '../../source/adapters/simulated/rolling-day.js';
import { SIM_ASSETS } from '../../source/adapters/simulated/sim-assets.js';
import { SimMarket } from '../../source/adapters/simulated/sim-market.js';
import { readMarket, writeMarket } from '../../source/adapters/simulated/sim-state.js';
import type { Ticker } from '../../source/domain/index.js';
import { tmpDir } from '../helpers/tmp.js';

const START = Date.parse('2026-12-06T10:00:30Z');
const figures = { open24h: 100, high24h: 130, low24h: 90, volume24h: 2_400 };

test('a day drawn from totals has those totals, and its hours leave the window as hours pass', () => {
  const day = dayFromFigures(START, figures, 120);
  assert.equal(day.length, 24);
  assert.deepEqual(dayTotals(day, START, 120), figures);
  // Twelve hours on, at one price: half the drawn day is gone, its open and volume with it.
  for (let t = START; t <= START + 12 * HOUR_MS; t += 60_000) dayAdd(day, t, 120, 1);
  const half = dayTotals(day, START + 12 * HOUR_MS, 120);
  assert.ok(half.open24h > 100 && half.open24h < 120, `open ${half.open24h}`);
  assert.equal(half.low24h, 90, 'the drawn low (16th hour) is still in it');
  assert.equal(half.high24h, 120, 'the drawn high (8th hour) has left the window');
  // A day and more on, nothing drawn is left: the figures are the minutes added.
  for (let t = START + 12 * HOUR_MS + 60_000; t <= START + 26 * HOUR_MS; t += 60_000) dayAdd(day, t, t === START + 20 * HOUR_MS ? 150 : 120, 1);
  const later = dayTotals(day, START + 26 * HOUR_MS, 120);
  assert.deepEqual(later, { open24h: 120, high24h: 150, low24h: 120, volume24h: day.reduce((s, h) => s + h.v, 0) });
  assert.ok(day.length <= 25, `${day.length} hours kept`);
  assert.ok(later.volume24h <= 25 * 60 && later.volume24h >= 24 * 60, `volume ${later.volume24h}: a day's minutes, not 26 hours'`);
});

test('a market stopped for more than a day starts its day at its price', () => {
  const day = dayFromFigures(START, figures, 120);
  assert.deepEqual(dayTotals(day, START + 3 * 24 * HOUR_MS, 111), { open24h: 111, high24h: 111, low24h: 111, volume24h: 0 });
});

test('a kept day that does not check out is refused', () => {
  assert.equal(isKeptDay(dayFromFigures(START, figures, 120)), true);
  assert.equal(isKeptDay([{ t: 2, o: 1, h: 1, l: 1, v: 0 }, { t: 1, o: 1, h: 1, l: 1, v: 0 }]), false, 'out of order');
  assert.equal(isKeptDay([{ t: 1, o: 0, h: 1, l: 1, v: 0 }]), false, 'a price of 0');
  assert.equal(isKeptDay([{ t: 1, o: 1, h: 1, l: 2, v: 0 }]), false, 'low above high');
  assert.equal(isKeptDay('x'), false);
});

/** The simulated market's BTC ticker after stepping it every `stepMs` up to `until`, with every price it had. */
function drive(m: SimMarket, from: number, until: number, stepMs: number, prices: { t: number; p: number }[]): Ticker {
  let ticker: Ticker | undefined;
  for (let t = from; t <= until; t += stepMs) {
    for (const e of m.step(t)) if (e.type === 'market/ticker' && e.data.symbol === 'BTC/USDT') ticker = e.data;
    prices.push({ t, p: ticker!.last });
  }
  return ticker!;
}

test('the simulated market\'s 24h figures roll: a day on, its open is the price a day ago and its high and low are the day\'s', () => {
  const m = new SimMarket('sim', SIM_ASSETS, 7, START);
  const prices: { t: number; p: number }[] = [];
  const until = START + 30 * HOUR_MS;
  const t = drive(m, START + 600_000, until, 600_000, prices);
  // The oldest hour overlapping the last 24 hours opened at the first price seen in it.
  const firstHour = Math.floor((until - 24 * HOUR_MS) / HOUR_MS) * HOUR_MS;
  const inWindow = prices.filter((x) => x.t >= firstHour);
  assert.equal(t.open24h, inWindow[0].p);
  assert.equal(t.high24h, Math.max(...inWindow.map((x) => x.p)));
  assert.equal(t.low24h, Math.min(...inWindow.map((x) => x.p)));
  // Before, the volume added up from the first start and the high never came down.
  const t2 = drive(m, until + 600_000, until + 30 * HOUR_MS, 600_000, prices);
  assert.ok(t2.volume24h < t.volume24h * 1.5, `volume ${t.volume24h} then ${t2.volume24h}: a day's, not 60 hours'`);
});

test('a kept market carries its day on, and a file with only totals still reads', () => {
  const dir = tmpDir();
  const file = `${dir}/sim-market.json`;
  const m = new SimMarket('sim', SIM_ASSETS, 7, START);
  const until = START + 5 * HOUR_MS;
  const before = drive(m, START + 600_000, until, 600_000, []);
  writeMarket(file, { ...m.state() });
  const kept = readMarket(file);
  assert.ok(kept.coins?.['BTC/USDT']?.hours, 'the hours are kept');
  const again = new SimMarket('sim', SIM_ASSETS, 7, until, kept);
  assert.deepEqual(again.dayFigures('BTC/USDT'), m.dayFigures('BTC/USDT'));
  assert.equal(before.open24h, Math.round(again.dayFigures('BTC/USDT')!.open24h * 100) / 100);
  // An older atapi's file: the totals alone, laid out by the hour.
  const { hours: _, ...totals } = kept.coins!['BTC/USDT'];
  const old = new SimMarket('sim', SIM_ASSETS, 7, until, { ...kept, coins: { ...kept.coins, 'BTC/USDT': totals } });
  const f = old.dayFigures('BTC/USDT')!;
  assert.equal(f.high24h >= before.high24h - 0.01 && f.low24h <= before.low24h + 0.01, true);
});
