import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Candle } from '../../../source/domain/index.js';
import { smaCross } from '../../../source/strategies/sma-cross.js';
import { chartBands, offsetTo, renderChart, type ChartInput } from '../../../source/format/chart/candle-chart.js';
import type { ChartLevel } from '../../../source/format/chart/chart-axis.js';
import type { DrawMode } from '../../../source/format/chart/chart-glyphs.js';
import { rowText, type ChartRow } from '../../../source/format/chart/chart-grid.js';

/** A seeded random walk of 1m candles: the same every run. */
function walk(n: number, seed = 7): Candle[] {
  let s = seed;
  const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  let p = 100_000;
  return Array.from({ length: n }, (_, i) => {
    const o = p;
    const c = o * (1 + (rnd() - 0.5) * 0.004);
    const h = Math.max(o, c) * (1 + rnd() * 0.001);
    const l = Math.min(o, c) * (1 - rnd() * 0.001);
    p = c;
    return { t: Date.UTC(2026, 0, 1) + i * 60_000, o, h, l, c, v: 1 + rnd() * 9 };
  });
}

const CANDLES = walk(240);
const LEVELS: readonly ChartLevel[] = [
  { kind: 'entry', price: CANDLES[200].c },
  { kind: 'buy', price: CANDLES[230].l },
  { kind: 'stop', price: Math.max(...CANDLES.slice(-60).map((c) => c.h)) * 1.0001 },
  { kind: 'liquidation', price: 80_000 },
];
// The strategy's own indicator hook: the lines drawn are the ones it trades on.
const OVERLAYS = smaCross.indicators!({ fast: 10, slow: 30 }, CANDLES);
const input = (mode: DrawMode, width: number, height: number, extra: Partial<ChartInput> = {}): ChartInput => ({
  candles: CANDLES, width, height, mode, style: 'candles', decimals: 2, timeframeMs: 60_000, overlays: OVERLAYS, levels: LEVELS, ...extra,
});
const text = (rows: readonly ChartRow[]) => rows.map(rowText);

/**
 * The rendering kept beside the test, to read and to compare: a change in drawing shows as a
 * diff of these files. ATAPI_UPDATE_SNAPSHOTS=1 writes them anew.
 */
function matchesSnapshot(name: string, lines: readonly string[]): void {
  const file = new URL(`./snapshots/${name}.txt`, import.meta.url);
  const body = `${lines.join('\n')}\n`;
  if (process.env.ATAPI_UPDATE_SNAPSHOTS === '1') writeFileSync(file, body);
  assert.equal(body, readFileSync(file, 'utf8'), `${name} differs from its snapshot (ATAPI_UPDATE_SNAPSHOTS=1 rewrites it)`);
}

// The renderer at a whole terminal's size and at the chart pane's size in that terminal
// (80x24: one pane at a time, 78 columns and 18 rows of chart; 160x50: the middle band, 92x16).
const SIZES = [
  { name: '80x24', width: 80, height: 24 },
  { name: '160x50', width: 160, height: 50 },
  { name: 'pane-at-80x24', width: 78, height: 18 },
  { name: 'pane-at-160x50', width: 92, height: 16 },
] as const;

for (const mode of ['unicode', 'ascii'] as const) {
  for (const size of SIZES) {
    test(`candles at ${size.name} in ${mode}: the size exactly, bodies that match each candle, volume, axis, times`, () => {
      const chart = renderChart(input(mode, size.width, size.height));
      const lines = text(chart.rows);
      matchesSnapshot(`${size.name}-${mode}`, lines);
      assert.equal(lines.length, size.height);
      for (const l of lines) assert.equal([...l].length, size.width, l);
      if (mode === 'ascii') for (const l of lines) assert.match(l, /^[\x20-\x7e]*$/, `ASCII only: ${l}`);
      assert.equal(chart.to, CANDLES.length, 'the newest candle is drawn');
      const shown = CANDLES.slice(chart.from, chart.to);
      const bands = chartBands(size.height);
      const left = 0;
      // Up and down differ by glyph, not only colour: hollow for up, filled for down.
      const upBody = mode === 'unicode' ? /[┃╹╻╿╽]/ : /O/;
      const downBody = mode === 'unicode' ? /[█▀▄]/ : /#/;
      shown.forEach((c, i) => {
        const column = chart.rows.slice(0, bands.price).map((row) => cellAt(row, left + i));
        const bodies = column.filter((cell) => cell.role === 'up' || cell.role === 'down').map((cell) => cell.ch).join('');
        if (c.c >= c.o) assert.doesNotMatch(bodies, downBody, `candle ${i} is up: ${bodies}`);
        else assert.doesNotMatch(bodies, upBody, `candle ${i} is down: ${bodies}`);
        assert.ok(bodies.length >= 1, `candle ${i} is drawn`);
      });
      // The highest high reaches the top row, the lowest low the bottom price row.
      const top = shown.reduce((best, c, i) => (c.h > shown[best].h ? i : best), 0);
      const bottom = shown.reduce((best, c, i) => (c.l < shown[best].l ? i : best), 0);
      assert.notEqual(cellAt(chart.rows[0], top).ch, ' ', 'highest high at the top');
      assert.notEqual(cellAt(chart.rows[bands.price - 1], bottom).ch, ' ', 'lowest low at the bottom');
      // The axis names prices falling down the rows, and the last close.
      const prices = lines.slice(0, bands.price).map((l) => /[┤+]([\d,]+\.\d\d)/.exec(l)?.[1]).filter((p): p is string => p !== undefined).map((p) => Number(p.replace(/,/g, '')));
      assert.ok(prices.length >= bands.price / 2, lines.join('\n'));
      const onChart = prices.filter((p) => p > 90_000);
      assert.deepEqual(onChart, [...onChart].sort((a, b) => b - a), 'prices fall down the axis');
      // The last close is named (a level on its row names the level instead: drawn without levels here).
      const bare = renderChart(input(mode, size.width, size.height, { levels: [] }));
      assert.ok(bare.rows.slice(0, bands.price).some((row) => row.some((r) => r.role === 'last' && r.text.includes(num(shown.at(-1)!.c)))), 'the last close is named');
      // Levels: the liquidation price is far below: on the bottom row with an arrow; the stop above the highs.
      assert.match(lines[bands.price - 1], new RegExp(`80,000\\.00 liq${mode === 'unicode' ? '▼' : 'v'}`));
      assert.ok(lines.slice(0, bands.price).some((l) => / stop/.test(l)), 'the stop is named');
      // Volume under the price; the largest volume fills its column's top volume row.
      const maxV = shown.reduce((best, c, i) => (c.v > shown[best].v ? i : best), 0);
      assert.match(cellAt(chart.rows[bands.price], maxV).ch, mode === 'unicode' ? /█/ : /:/);
      assert.match(lines[bands.price], /vol 10\.00|vol \d\.\d\d/);
      // The strategy's averages are drawn as points.
      assert.ok(chart.rows.some((row) => row.some((r) => r.role === 'overlay0')) && chart.rows.some((row) => row.some((r) => r.role === 'overlay1')));
      assert.match(lines[size.height - 1], /^\s*\d\d:\d\d/, 'times under the candles');
    });
  }
}

test('the line style draws the closes with turns, no candle bodies', () => {
  for (const mode of ['unicode', 'ascii'] as const) {
    const chart = renderChart(input(mode, 80, 24, { style: 'line', overlays: [], levels: [] }));
    const price = text(chart.rows).slice(0, chartBands(24).price).join('\n');
    assert.doesNotMatch(price, mode === 'unicode' ? /[┃█▀▄╹╻╿╽]/ : /[O#]/);
    assert.match(price, mode === 'unicode' ? /[╭╮╰╯]/ : /[.']/);
    // One point of the line in every column that has a candle.
    const plot = chart.rows.slice(0, chartBands(24).price);
    for (let col = 0; col < chart.to - chart.from; col++) assert.ok(plot.some((row) => cellAt(row, col).role === 'line'), `column ${col}`);
  }
});

test('three candles, by eye: hollow up, filled down, a doji, wicks in half cells', () => {
  const t = Date.UTC(2026, 0, 1);
  const candles: Candle[] = [
    { t, o: 100, h: 108, l: 99, c: 106, v: 1 },
    { t: t + 60_000, o: 106, h: 107, l: 101, c: 102, v: 2 },
    { t: t + 120_000, o: 102, h: 104, l: 100, c: 102, v: 4 },
  ];
  const rows = (mode: DrawMode) => text(renderChart({ candles, width: 16, height: 6, mode, style: 'candles', decimals: 0, timeframeMs: 60_000 }).rows);
  // 99..108 on 5 rows of 2 steps: one step a unit. The up candle's body 100-106 is hollow with
  // its wicks (╿: body above, wick below); the down one 106-102 is filled (▀: the body wins its
  // half); the doji at 102 is a heavy half on a wick. The last close (102) is named on the axis.
  assert.deepEqual(rows('unicode'), [
    '         │╷ ┤108',
    '         ┃█ │   ',
    '         ┃█│┤104',
    '         ┃▀╿┤102',
    '         ╿ ╵┤100',
    '           00:02',
  ]);
  // Whole cells in ASCII (5 steps for 9 units): O hollow up, # filled down, | wicks.
  assert.deepEqual(rows('ascii'), [
    '         || +108',
    '         O# |   ',
    '         O#|+104',
    '         O#O+102',
    '         O |+99 ',
    '           00:02',
  ]);
});

test('scrolling back shows older candles and says which; it never scrolls past the oldest', () => {
  const now = renderChart(input('unicode', 80, 24));
  const back = renderChart(input('unicode', 80, 24, { offset: 50 }));
  assert.equal(back.to, CANDLES.length - 50);
  assert.equal(back.to - back.from, now.to - now.from, 'as many candles as before');
  const far = renderChart(input('unicode', 80, 24, { offset: 10_000 }));
  assert.equal(far.to, 1, 'the oldest candle stays');
  assert.equal(far.from, 0);
});

test('a chart scrolled back stays on its candles while new ones arrive', () => {
  const end = CANDLES[150].t;
  assert.equal(offsetTo(CANDLES, undefined), 0, 'not scrolled: the newest');
  assert.equal(offsetTo(CANDLES, end), CANDLES.length - 1 - 150);
  const later = [...CANDLES, ...walk(5, 3).map((c, i) => ({ ...c, t: CANDLES.at(-1)!.t + (i + 1) * 60_000 }))];
  const before = renderChart(input('unicode', 80, 24, { offset: offsetTo(CANDLES, end) }));
  const after = renderChart(input('unicode', 80, 24, { candles: later, offset: offsetTo(later, end) }));
  assert.equal(after.to, before.to, 'the same right edge');
  assert.equal(offsetTo(CANDLES, CANDLES[0].t - 1), CANDLES.length - 1, 'before the first: the oldest');
});

test('degenerate inputs draw blank rows of the size asked, never throw', () => {
  const flat: Candle[] = Array.from({ length: 5 }, (_, i) => ({ t: i * 60_000, o: 1, h: 1, l: 1, c: 1, v: 0 }));
  for (const [candles, width, height] of [[[], 80, 24], [CANDLES, 1, 1], [CANDLES, 5, 3], [flat, 40, 12], [CANDLES.slice(0, 1), 30, 10]] as const) {
    for (const mode of ['unicode', 'ascii'] as const) {
      const rows = text(renderChart({ candles, width, height, mode, style: 'candles', decimals: 2, timeframeMs: 60_000, levels: LEVELS }).rows);
      assert.equal(rows.length, height);
      for (const l of rows) assert.equal([...l].length, width);
    }
  }
});

test('times: the date on daily candles, date and time when the chart spans days', () => {
  const days = CANDLES.map((c, i) => ({ ...c, t: Date.UTC(2026, 0, 1) + i * 86_400_000 }));
  const daily = text(renderChart({ candles: days, width: 80, height: 24, mode: 'ascii', style: 'candles', decimals: 2, timeframeMs: 86_400_000 }).rows);
  assert.match(daily[23], /\d\d-\d\d/);
  const hours = CANDLES.map((c, i) => ({ ...c, t: Date.UTC(2026, 0, 1) + i * 4 * 3_600_000 }));
  const fourHours = text(renderChart({ candles: hours, width: 80, height: 24, mode: 'ascii', style: 'candles', decimals: 2, timeframeMs: 4 * 3_600_000 }).rows);
  assert.match(fourHours[23], /\d\d-\d\d \d\d:\d\d/);
});

/** The glyph and role at a column of a row. */
function cellAt(row: ChartRow, col: number): { ch: string; role: string } {
  let at = 0;
  for (const run of row) {
    if (col < at + run.text.length) return { ch: run.text[col - at], role: run.role };
    at += run.text.length;
  }
  return { ch: ' ', role: 'none' };
}

const num = (p: number) => p.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
