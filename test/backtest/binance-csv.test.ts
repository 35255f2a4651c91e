import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseBinanceCsv } from '../../source/adapters/candles/binance-csv.js';

const H = 3_600_000;
const T0 = 1_704_067_200_000; // 2024-01-01

test('without header, open_time in milliseconds, extra columns ignored', () => {
  const text = [0, 1, 2].map((i) => `${T0 + i * H},${100 + i},${102 + i},${99 + i},${101 + i},${5 + i},${T0 + (i + 1) * H - 1},1,2,3,4,0`).join('\n') + '\n';
  const r = parseBinanceCsv(text, H);
  assert.equal(r.header, false);
  assert.equal(r.micros, false);
  assert.deepEqual(r.problems, []);
  assert.deepEqual(Array.from(r.series.c), [101, 102, 103]);
  assert.equal(r.series.t[2], T0 + 2 * H);
});

test('with a header, open_time in microseconds, only six columns', () => {
  const text = `open_time,open,high,low,close,volume\n${T0 * 1000},1,2,0.5,1.5,10\n${(T0 + H) * 1000},1.5,2,1,1.8,11\n`;
  const r = parseBinanceCsv(text, H);
  assert.equal(r.header, true);
  assert.equal(r.micros, true);
  assert.deepEqual(Array.from(r.series.t), [T0, T0 + H]);
});

test('malformed rows are reported with their line numbers and skipped', () => {
  const rows = [
    `${T0},1,2,0.5,1.5,10`, // 1 ok
    `${T0 + H},1,2,0.5`, // 2 missing fields
    `${T0 + H},1,abc,0.5,1.5,10`, // 3 non-numeric
    `${T0 + H},1,2,0.5,1.5,10`, // 4 ok
    `${T0 + H},1,2,0.5,1.5,10`, // 5 duplicate
    `${T0},1,2,0.5,1.5,10`, // 6 out of order
    `${T0 + 4 * H},1,2,0.5,1.5,10`, // 7 gap of 2
    `${T0 + 5 * H},1,0.9,0.5,1.5,10`, // 8 high below close
    `${T0 + 5 * H},-1,2,0.5,1.5,10`, // 9 negative
  ];
  const r = parseBinanceCsv(rows.join('\n'), H);
  assert.deepEqual(r.problems.map((p) => [p.line, p.message.split(':')[0].split(' ')[0]]), [
    [2, 'missing'], [3, 'high is not a number ("abc")'.split(' ')[0]], [5, 'duplicate'], [6, 'out'], [7, 'gap'], [8, 'high/low'], [9, 'prices'],
  ]);
  assert.match(r.problems[1].message, /high is not a number \("abc"\)/);
  assert.match(r.problems[4].message, /gap: 2 candle\(s\) missing/);
  assert.equal(r.series.length, 3, 'the good rows (and the gap row) are kept');
});
