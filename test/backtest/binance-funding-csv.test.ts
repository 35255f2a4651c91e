import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseBinanceFundingCsv } from '../../source/adapters/candles/binance-funding-csv.js';
import { fundingRateAt } from '../../source/engine/backtest/funding-schedule.js';

const JAN1 = Date.UTC(2024, 0, 1);
const H8 = 8 * 3_600_000;

test("Binance's funding-rate file: header, rows, and a calc_time a few ms after the mark finds its mark", () => {
  const s = parseBinanceFundingCsv(`calc_time,funding_interval_hours,last_funding_rate\r\n${JAN1},8,0.00037409\r\n${JAN1 + H8 + 1},8,-0.00012\r\n\r\n`, 'f.csv');
  assert.deepEqual(s.times, [JAN1, JAN1 + H8 + 1]);
  assert.deepEqual(s.rates, [0.00037409, -0.00012]);
  assert.equal(fundingRateAt(s, JAN1), 0.00037409);
  assert.equal(fundingRateAt(s, JAN1 + H8), -0.00012);
  assert.equal(fundingRateAt(s, JAN1 + 2 * H8), undefined);
  assert.equal(fundingRateAt(s, JAN1 - H8), undefined);
  // Without a header too.
  assert.deepEqual(parseBinanceFundingCsv(`${JAN1},8,0.0001`, 'g.csv').rates, [0.0001]);
});

test('a bad line is a one-line error naming the file, the line and what is wrong', () => {
  const head = 'calc_time,funding_interval_hours,last_funding_rate\n';
  const cases: [string, RegExp][] = [
    [`${head}${JAN1},8,0.0001\n${JAN1 + H8},8,abc\n`, /^f\.csv line 3: last_funding_rate is not a number \("abc"\)$/],
    [`${head}${JAN1},8\n`, /^f\.csv line 2: 2 field\(s\), expected calc_time, funding_interval_hours, last_funding_rate$/],
    [`${head}${JAN1},4,0.0001\n`, /^f\.csv line 2: funding every 4 h; the backtest pays funding at the 8-hour marks only/],
    [`${head}${JAN1 + H8},8,0.0001\n${JAN1},8,0.0001\n`, /^f\.csv line 3: calc_time 2024-01-01T00:00:00.000Z is before the line before's/],
    [`${head}${JAN1},8,0.0001\n${JAN1},8,0.0001\n`, /^f\.csv line 3: .* a repeat of the line before's/],
    [`${head}${JAN1},8,5\n`, /^f\.csv line 2: last_funding_rate 5 is not a per-interval rate/],
    [head, /^f\.csv: no funding rates in it/],
  ];
  for (const [text, want] of cases) {
    assert.throws(() => parseBinanceFundingCsv(text, 'f.csv'), (e: Error) => e.name === 'UserError' && want.test(e.message) && !e.message.includes('\n'), want.source);
  }
});
