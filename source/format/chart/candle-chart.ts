import type { Candle } from '../../domain/index.js';
import { num } from '../format.js';
import type { IndicatorLine } from '../../strategies/strategy.js';
import { drawAxis, drawTimes, tagWidth, type ChartLevel, type PlacedLevel } from './chart-axis.js';
import { chartGlyphs, type ChartStyle, type DrawMode } from './chart-glyphs.js';
import { createGrid, gridRows, put, type ChartRow, type Grid } from './chart-grid.js';
import { clearColumn, drawPriceColumn, drawVolumeAt, maxVolume, range, Scale, type Plot } from './chart-plot.js';

export { overlayMark } from './chart-plot.js';


export interface ChartInput {
  /** Every candle there is, oldest first; the chart shows the newest that fit (less `offset`). */
  readonly candles: readonly Candle[];
  readonly width: number;
  readonly height: number;
  readonly mode: DrawMode;
  readonly style: ChartStyle;
  /** Price decimals (the instrument's tick). */
  readonly decimals: number;
  readonly timeframeMs: number;
  /** Candles back from the newest: 0 shows the latest; more scrolls into the past. */
  readonly offset?: number;
  /** Aligned with `candles`. */
  readonly overlays?: readonly IndicatorLine[];
  readonly levels?: readonly ChartLevel[];
}

export interface ChartResult {
  /** Exactly `height` rows of exactly `width` columns. */
  readonly rows: readonly ChartRow[];
  /** The candles drawn: `candles.slice(from, to)`. */
  readonly from: number;
  readonly to: number;
}

/**
 * Candles back from the newest that put the candle opened at `end` at the right edge: a view
 * scrolled back stays on the same candles while new ones arrive. Undefined follows the market.
 */
export function offsetTo(candles: readonly Candle[], end: number | undefined): number {
  if (end === undefined) return 0;
  let i = candles.length - 1;
  while (i > 0 && candles[i].t > end) i--;
  return candles.length - 1 - i;
}

/** Rows of volume under the price (about a sixth of the chart) and of times under that. */
export function chartBands(height: number): { readonly price: number; readonly volume: number; readonly time: number } {
  const time = height >= 6 ? 1 : 0;
  const volume = height >= 10 ? Math.max(1, Math.round(height * 0.18)) : 0;
  return { price: height - time - volume, volume, time };
}

/**
 * Candles (or the closes as a line) of the newest candles that fit, with volume bars under them,
 * the indicators over them, a line at each level, a price axis on the right and times below.
 * Pure: the same input gives the same rows, so tests read it at any size in either mode.
 */
export function renderChart(input: ChartInput): ChartResult {
  return new ChartDrawer().draw(input);
}

/** Where everything goes: what a frame must share with the last for only its changes to be drawn. */
interface Layout {
  readonly width: number;
  readonly height: number;
  readonly glyphs: ReturnType<typeof chartGlyphs>;
  readonly style: ChartStyle;
  readonly decimals: number;
  readonly timeframeMs: number;
  readonly from: number;
  readonly end: number;
  readonly left: number;
  readonly plotWidth: number;
  readonly axisWidth: number;
  readonly lo: number;
  readonly hi: number;
  readonly levels: readonly ChartLevel[];
  readonly overlays: number;
}

const sameLayout = (a: Layout, b: Layout): boolean =>
  a.width === b.width && a.height === b.height && a.glyphs === b.glyphs && a.style === b.style && a.decimals === b.decimals &&
  a.timeframeMs === b.timeframeMs && a.from === b.from && a.end === b.end && a.left === b.left && a.plotWidth === b.plotWidth &&
  a.axisWidth === b.axisWidth && a.lo === b.lo && a.hi === b.hi && a.overlays === b.overlays &&
  a.levels.length === b.levels.length && a.levels.every((l, i) => l.kind === b.levels[i].kind && l.price === b.levels[i].price);

/** Numbers kept per candle drawn, to know which columns a new frame changes. */
const FIELDS = 6;

/** The last frame: its grid (changed in place), rows and what each column was drawn from. */
interface Drawn {
  readonly layout: Layout;
  readonly grid: Grid;
  rows: readonly ChartRow[];
  /** Per column from `left`: the candle's t, o, h, l, c, v, then each indicator's value. */
  readonly values: Float64Array;
  /** The axis's price texts by row, as the scale names them. */
  readonly labels: string[];
  lastRow: number;
  lastPrice: number;
  maxVolume: number;
}

/**
 * Draws frame after frame of one chart, redrawing only what changed since the last: while the
 * window, the scale, the levels and the size stay, a tick redraws the columns whose candle or
 * indicator values moved, the volume bars when their scale moved, and the axis when the last
 * price or the volume scale moved; the rows no cell of which changed are the last frame's
 * very objects. Every frame equals `renderChart` of its input (test/format/chart/chart-drawer.test.ts).
 */
export class ChartDrawer {
  private last: Drawn | undefined;

  draw(input: ChartInput): ChartResult {
    const glyphs = chartGlyphs(input.mode);
    const width = Math.max(1, Math.floor(input.width));
    const height = Math.max(1, Math.floor(input.height));
    const { candles, decimals, style } = input;
    const overlays = input.overlays ?? [];
    const levels = input.levels ?? [];
    const end = candles.length - Math.max(0, Math.min(Math.floor(input.offset ?? 0), candles.length - 1));
    if (candles.length === 0) {
      this.last = undefined;
      return { rows: gridRows(createGrid(width, height)), from: 0, to: 0 };
    }

    // The axis is as wide as the prices it names; they come from the widest window it could show.
    const guess = range(candles, Math.max(0, end - width), end, style, overlays);
    let priceWidth = Math.max(num(guess.lo, decimals).length, num(guess.hi, decimals).length);
    for (const l of levels) priceWidth = Math.max(priceWidth, num(l.price, decimals).length);
    const tags = tagWidth(levels);
    const labelWidth = priceWidth + (tags ? 1 + tags : 0);
    const axisWidth = width >= labelWidth + 1 + 8 ? labelWidth + 1 : 0;
    const plotWidth = width - axisWidth;
    const from = Math.max(0, end - plotWidth);
    const left = plotWidth - (end - from);
    const { lo, hi } = range(candles, from, end, style, overlays);
    const layout: Layout = { width, height, glyphs, style, decimals, timeframeMs: input.timeframeMs, from, end, left, plotWidth, axisWidth, lo, hi, levels, overlays: overlays.length };
    const bands = chartBands(height);
    const scale = new Scale(lo, hi, bands.price, glyphs.steps);
    const plot: Plot = { glyphs, scale, style, candles, overlays, levels: levels.map((l) => scale.place(l)), from, end, left };
    const volume = maxVolume(candles, from, end);
    const lastCandle = candles[end - 1];
    const lastRow = scale.row(lastCandle.c);

    const before = this.last !== undefined && sameLayout(this.last.layout, layout) ? this.last : undefined;
    const grid = before?.grid ?? createGrid(width, height);
    const stride = FIELDS + overlays.length;
    const values = before?.values ?? new Float64Array(plotWidth * stride).fill(NaN);
    // The axis's prices follow the scale: named once per layout, though the axis is redrawn at every new last price.
    const labels = before?.labels ?? [];
    // A column is drawn when any number it is drawn from moved (all of them on a new layout);
    // the line's piece also hangs on the previous close.
    let lastMoved = -1;
    let timesMoved = !before;
    for (let col = left; col < plotWidth; col++) {
      const i = from + col - left;
      const change = recordColumn(values, (col - left) * stride, candles[i], overlays, i);
      const moved = change !== 0;
      if (change & TIME_MOVED) timesMoved = true;
      if (moved || (style === 'line' && lastMoved === col - 1)) {
        if (before) clearColumn(grid, col, 0, bands.price);
        drawPriceColumn(grid, plot, col);
      }
      if (moved) lastMoved = col;
      if (before && moved && volume === before.maxVolume) {
        clearColumn(grid, col, bands.price, bands.volume);
        drawVolumeAt(grid, glyphs, candles[i], col, volume, bands.price, bands.volume);
      }
    }
    if (!before) for (let col = 0; col < left; col++) drawPriceColumn(grid, plot, col);
    if (!before || volume !== before.maxVolume) {
      for (let col = left; col < plotWidth; col++) {
        if (before) clearColumn(grid, col, bands.price, bands.volume);
        drawVolumeAt(grid, glyphs, candles[from + col - left], col, volume, bands.price, bands.volume);
      }
    }
    if (axisWidth > 0 && (!before || lastRow !== before.lastRow || lastCandle.c !== before.lastPrice || volume !== before.maxVolume)) {
      drawAxis({
        grid, glyphs, col: plotWidth, priceRows: bands.price, volumeRows: bands.volume, decimals, labelWidth: axisWidth - 1,
        priceLabel: (row) => (labels[row] ??= num(scale.priceAt(row), decimals)), lastClose: { row: lastRow, price: lastCandle.c }, levels: plot.levels, maxVolume: volume,
      });
    }
    if (timesMoved && bands.time) {
      if (before) for (let col = 0; col < width; col++) put(grid, height - 1, col, ' ', 'none');
      drawTimes(grid, height - 1, candles.slice(from, end).map((c) => c.t), left, plotWidth, input.timeframeMs);
    }
    const rows = gridRows(grid, before?.rows);
    this.last = { layout, grid, rows, values, labels, lastRow, lastPrice: lastCandle.c, maxVolume: volume };
    return { rows, from, to: end };
  }
}

const MOVED = 1;
const TIME_MOVED = 2;

/** Writes candle `i`'s numbers (and its indicators') at `at`: MOVED when any differs from what was there, with TIME_MOVED when its time does. */
function recordColumn(values: Float64Array, at: number, c: Candle, overlays: readonly IndicatorLine[], i: number): number {
  let moved = record(values, at, c.t) ? MOVED | TIME_MOVED : 0;
  if (record(values, at + 1, c.o)) moved |= MOVED;
  if (record(values, at + 2, c.h)) moved |= MOVED;
  if (record(values, at + 3, c.l)) moved |= MOVED;
  if (record(values, at + 4, c.c)) moved |= MOVED;
  if (record(values, at + 5, c.v)) moved |= MOVED;
  for (let k = 0; k < overlays.length; k++) if (record(values, at + FIELDS + k, overlays[k].values[i])) moved |= MOVED;
  return moved;
}

/** Keeps `v` at `at`; whether it differs from what was there (NaN, a missing indicator value, to NaN has not moved). */
function record(values: Float64Array, at: number, v: number): boolean {
  const was = values[at];
  if (was === v || (was !== was && v !== v)) return false;
  values[at] = v;
  return true;
}
