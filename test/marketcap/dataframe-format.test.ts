import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tableFromSeries } from '../../source/domain/index.js';
import { formatCsv, formatDataFrame, toJson } from '../../source/format/dataframe-format.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 6, 12);

function fixed(rows: number) {
  const series = (scale: number) => Array.from({ length: rows }, (_, i) => [T0 + i * DAY, scale * (i + 1) + 0.4] as [number, number]);
  return tableFromSeries({ XRPUSDT: series(100), BTCUSDT: series(1_000_000_000_000), ETHUSDT: series(3) }, rows, false, 'test');
}

test('pandas-style table: head, ..., tail, blank line and [rows x columns]', () => {
  const out = formatDataFrame(fixed(500));
  assert.deepEqual(out.split('\n'), [
    '                    BTCUSDT  ETHUSDT  XRPUSDT',
    'Date                                         ',
    '2024-07-12    1000000000000        3      100',
    '2024-07-13    2000000000000        6      200',
    '2024-07-14    3000000000000        9      300',
    '2024-07-15    4000000000000       12      400',
    '2024-07-16    5000000000000       15      500',
    '...                     ...      ...      ...',
    '2025-11-19  496000000000000     1488    49600',
    '2025-11-20  497000000000000     1491    49700',
    '2025-11-21  498000000000000     1494    49800',
    '2025-11-22  499000000000000     1497    49900',
    '2025-11-23  500000000000000     1500    50000',
    '',
    '[500 rows x 3 columns]',
  ]);
});

test('60 rows or fewer, or --all: every row and no dimensions line (as pandas)', () => {
  const small = formatDataFrame(fixed(3)).split('\n');
  assert.deepEqual(small, [
    '                  BTCUSDT  ETHUSDT  XRPUSDT',
    'Date                                       ',
    '2024-07-12  1000000000000        3      100',
    '2024-07-13  2000000000000        6      200',
    '2024-07-14  3000000000000        9      300',
  ]);
  assert.equal(formatDataFrame(fixed(61)).split('\n').length, 2 + 11 + 2);
  assert.equal(formatDataFrame(fixed(61), { all: true }).split('\n').length, 2 + 61);
});

test('CSV and JSON carry every row', () => {
  const t = fixed(2);
  assert.equal(formatCsv(t), 'Date,BTCUSDT,ETHUSDT,XRPUSDT\n2024-07-12,1000000000000,3,100\n2024-07-13,2000000000000,6,200');
  assert.deepEqual(toJson(t), {
    simulated: false,
    source: 'test',
    symbols: ['BTCUSDT', 'ETHUSDT', 'XRPUSDT'],
    rows: [
      { date: '2024-07-12', BTCUSDT: 1000000000000, ETHUSDT: 3, XRPUSDT: 100 },
      { date: '2024-07-13', BTCUSDT: 2000000000000, ETHUSDT: 6, XRPUSDT: 200 },
    ],
  });
});
