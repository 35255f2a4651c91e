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

test('a byte-order mark, CRLF line ends, blank lines and the full 12 Binance columns', () => {
  const row = (i: number): string => `${T0 + i * H},1,2,0.5,1.5,10,${T0 + (i + 1) * H - 1},15.5,42,5,7.5,0`;
  const text = `\uFEFF${row(0)}\r\n\r\n${row(1)}\r\n${row(2)}\r\n`;
  const r = parseBinanceCsv(text, H);
  assert.equal(r.header, false);
  assert.deepEqual(r.problems, []);
  assert.deepEqual(Array.from(r.series.t), [T0, T0 + H, T0 + 2 * H]);
  const withHeader = parseBinanceCsv(`\uFEFFopen_time,open,high,low,close,volume\r\n${row(0)}\r\n`, H);
  assert.equal(withHeader.header, true);
  assert.equal(withHeader.series.length, 1);
});

test('ms and µs rows in one file (older and newer dumps joined) are both read right', () => {
  const text = `${T0},1,2,0.5,1.5,10\n${(T0 + H) * 1000},1,2,0.5,1.5,10\n${T0 + 2 * H},1,2,0.5,1.5,10\n`;
  const r = parseBinanceCsv(text, H);
  assert.deepEqual(r.problems, []);
  assert.deepEqual(Array.from(r.series.t), [T0, T0 + H, T0 + 2 * H]);
  assert.equal(r.micros, true);
});

test('every kind of malformed row, one per line, with its line number (blank lines still count)', () => {
  const lines = [
    'open_time,open,high,low,close,volume', // 1 header
    `${T0},1,2,0.5,1.5,10`, // 2 ok
    '', // 3 blank: skipped silently
    `${T0 + H},1,2,,1.5,10`, // 4 empty field
    `${T0 + H}`, // 5 one field
    `${T0 + H},1,2,0.5,1.5,1e`, // 6 non-numeric volume
    `${T0 + H},1,2,0.5,NaN,10`, // 7 NaN close
    `x${T0 + H},1,2,0.5,1.5,10`, // 8 non-numeric time
    `${T0 + H},0,2,0.5,1.5,10`, // 9 zero price
    `${T0 + H},1,2,0.5,1.5,-1`, // 10 negative volume
    `${T0 + H},1,1.2,0.5,1.5,10`, // 11 high below close
    `${T0 + H},1,2,1.1,1.5,10`, // 12 low above open
    `${T0 + H},1,2,0.5,1.5,10`, // 13 ok
    `${T0 + H},1,2,0.5,1.5,10`, // 14 duplicate
    `${T0 - H},1,2,0.5,1.5,10`, // 15 out of order
    `${T0 + 2 * H + 60_000},1,2,0.5,1.5,10`, // 16 irregular spacing (kept)
    `${T0 + 5 * H + 60_000},1,2,0.5,1.5,10`, // 17 gap of 2 (kept)
  ];
  const r = parseBinanceCsv(lines.join('\n'), H);
  assert.deepEqual(
    r.problems.map((p) => `${p.line}: ${p.message}`),
    [
      '4: missing fields: low is empty',
      '5: missing fields: 1 of at least 6 (open_time, open, high, low, close, volume)',
      '6: volume is not a number ("1e")',
      '7: close is not a number ("NaN")',
      `8: open_time is not a number ("x${String(T0 + H).slice(0, 19)}")`,
      '9: prices must be positive and volume not negative',
      '10: prices must be positive and volume not negative',
      '11: high/low do not contain open and close (o 1 h 1.2 l 0.5 c 1.5)',
      '12: high/low do not contain open and close (o 1 h 2 l 1.1 c 1.5)',
      '14: duplicate open_time 2024-01-01T01:00:00.000Z',
      '15: out of order: open_time 2023-12-31T23:00:00.000Z is before the previous row\'s',
      '16: gap: irregular spacing before 2024-01-01T02:01:00.000Z',
      '17: gap: 2 candle(s) missing before 2024-01-01T05:01:00.000Z',
    ],
  );
  assert.equal(r.series.length, 4, 'rows 2, 13, 16, 17');
});

test('without a timeframe no gaps are reported; an empty file or a header alone yields no candles', () => {
  assert.deepEqual(parseBinanceCsv(`${T0},1,2,0.5,1.5,10\n${T0 + 7 * H},1,2,0.5,1.5,10\n`).problems, []);
  assert.equal(parseBinanceCsv('').series.length, 0);
  const h = parseBinanceCsv('open_time,open,high,low,close,volume\n');
  assert.equal(h.series.length, 0);
  assert.equal(h.header, true);
});

test('numbers too large for a double are not numbers; spaces around fields are fine', () => {
  const r = parseBinanceCsv(`${T0}, 1 ,2,0.5,1.5,10\n${T0 + H},1,1e400,0.5,1.5,10\n`, H);
  assert.deepEqual(r.problems, [{ line: 2, message: 'high is not a number ("1e400")' }]);
  assert.equal(r.series.o[0], 1);
});

test('a line of millions of characters is refused with its line number, in one pass, and the rows around it are kept', { timeout: 60_000 }, () => {
  const huge = [
    '1'.repeat(3_000_000), // one endless number: quadratic for the old row pattern
    `${T0 + H},1,2,0.5,1.5,10,${'9'.repeat(3_000_000)}`, // a good row with an endless extra column
    '1,'.repeat(1_500_000), // six numbers and a million more
  ];
  const rows = [`${T0},1,2,0.5,1.5,10`, ...huge, `${T0 + H},1,2,0.5,1.5,10`];
  const r = parseBinanceCsv(rows.join('\n'), H);
  assert.deepEqual(r.problems, [2, 3, 4].map((line, i) => ({ line, message: `line of ${huge[i].length.toLocaleString('en-US')} characters: a candle row has at most 4,096` })));
  assert.deepEqual(Array.from(r.series.t), [T0, T0 + H]);
});

test('rows just under the line limit that almost match are reported, not misread', { timeout: 60_000 }, () => {
  const n = 4000;
  const rows = [`${T0},1,2,0.5,1.5,10`, '1'.repeat(n), ' '.repeat(n), `${'1'.repeat(n - 20)}x`, `1.${'1'.repeat(n - 10)}e`];
  const r = parseBinanceCsv(rows.join('\n'), H);
  assert.deepEqual(r.problems.map((p) => p.line), [2, 4, 5]);
  assert.equal(r.series.length, 1);
});

test('an open_time that is no time (9e20, negative) is a line-numbered problem, not a crash', () => {
  const rows = [`${T0},1,2,0.5,1.5,10`, '9e20,1,2,0.5,1.5,10', `${T0 + H},1,2,0.5,1.5,10`, '-5,1,2,0.5,1.5,10', `${T0 + 2 * H},1,2,0.5,1.5,10`];
  for (const tf of [H, undefined]) {
    const r = parseBinanceCsv(rows.join('\n'), tf);
    assert.deepEqual(r.problems, [
      { line: 2, message: 'open_time 9e20 is not a time: use milliseconds or microseconds since 1970 (up to the year 9999)' },
      { line: 4, message: 'open_time -5 is not a time: use milliseconds or microseconds since 1970 (up to the year 9999)' },
    ]);
    assert.deepEqual(Array.from(r.series.t), [T0, T0 + H, T0 + 2 * H]);
    assert.equal(r.micros, false, 'a refused row does not decide the time unit');
  }
  // Alone in a file (the first row decides nothing else either).
  assert.equal(parseBinanceCsv('9e20,1,2,0.5,1.5,10\n').series.length, 0);
});
