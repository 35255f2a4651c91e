import { compact, num } from '../format.js';
import type { ChartGlyphs } from './chart-glyphs.js';
import { put, write, type Grid, type Role } from './chart-grid.js';

/** A price the trader has a stake at: drawn as a line across the chart and named on the axis. */
export type LevelKind = 'entry' | 'buy' | 'sell' | 'stop' | 'liquidation';
export interface ChartLevel {
  readonly kind: LevelKind;
  readonly price: number;
}

/** Axis names of the kinds, and which wins a row several share (the most urgent first). */
const TAGS: Readonly<Record<LevelKind, string>> = { liquidation: 'liq', stop: 'stop', entry: 'entry', sell: 'sell', buy: 'buy' };
const PRIORITY: readonly LevelKind[] = ['liquidation', 'stop', 'entry', 'sell', 'buy'];

/** Columns a level's tag may take: its name, an off-chart arrow and a `+` for others on its row. */
export function tagWidth(levels: readonly ChartLevel[]): number {
  if (levels.length === 0) return 0;
  return Math.max(...levels.map((l) => TAGS[l.kind].length)) + 2;
}

/** Where a level lands: its row, or the edge row with an arrow when it is off the chart. */
export interface PlacedLevel extends ChartLevel {
  readonly row: number;
  readonly off?: 'above' | 'below';
}

export interface AxisInput {
  readonly grid: Grid;
  readonly glyphs: ChartGlyphs;
  /** First column of the axis (the plot's width). */
  readonly col: number;
  readonly priceRows: number;
  readonly volumeRows: number;
  readonly decimals: number;
  readonly labelWidth: number;
  /** The price at the middle of a price row, as the axis names it. */
  readonly priceLabel: (row: number) => string;
  readonly lastClose?: { readonly row: number; readonly price: number };
  readonly levels: readonly PlacedLevel[];
  readonly maxVolume: number;
}

/**
 * The price axis right of the plot: every other row's price, the last close (marked), each
 * level's exact price and tag (the urgent one when several share a row), and the volume scale.
 */
export function drawAxis(a: AxisInput): void {
  const { grid, glyphs, col, priceRows, decimals, labelWidth } = a;
  const label = (row: number, text: string, role: Role) => {
    put(grid, row, col, glyphs.axisTick, 'axis');
    write(grid, row, col + 1, text.padEnd(labelWidth).slice(0, labelWidth), role);
  };
  // Every cell of the axis is written, the blanks too: it is redrawn over the last frame's.
  const plain = (row: number) => {
    put(grid, row, col, glyphs.axis, 'axis');
    for (let c = col + 1; c <= col + labelWidth; c++) put(grid, row, c, ' ', 'none');
  };
  for (let r = 0; r < priceRows; r++) {
    if ((priceRows - 1 - r) % 2 === 0) label(r, a.priceLabel(r), 'axis');
    else plain(r);
  }
  if (a.lastClose) label(a.lastClose.row, num(a.lastClose.price, decimals), 'last');
  const byRow = new Map<number, PlacedLevel[]>();
  for (const l of a.levels) byRow.set(l.row, [...(byRow.get(l.row) ?? []), l]);
  for (const [row, here] of byRow) {
    const first = [...here].sort((x, y) => PRIORITY.indexOf(x.kind) - PRIORITY.indexOf(y.kind))[0];
    const arrow = first.off === 'above' ? glyphs.above : first.off === 'below' ? glyphs.below : '';
    label(row, `${num(first.price, decimals)} ${TAGS[first.kind]}${arrow}${here.length > 1 ? '+' : ''}`, first.kind);
  }
  for (let r = priceRows; r < priceRows + a.volumeRows; r++) plain(r);
  if (a.volumeRows > 0 && a.maxVolume > 0) label(priceRows, `vol ${compact(a.maxVolume)}`, 'axis');
}

const DAY = 86_400_000;

/** A chart labels the same candle times frame after frame: their ISO texts are kept (emptied when full). */
const isoTexts = new Map<number, string>();
function isoOf(t: number): string {
  let iso = isoTexts.get(t);
  if (iso === undefined) {
    iso = new Date(t).toISOString();
    if (isoTexts.size >= 2_048) isoTexts.clear();
    isoTexts.set(t, iso);
  }
  return iso;
}

/** A candle's time as the time row shows it: the date for days, date and time across days, else the time (UTC). */
export function timeLabel(t: number, timeframeMs: number, spanMs: number): string {
  const iso = isoOf(t);
  if (timeframeMs >= DAY) return iso.slice(5, 10);
  if (spanMs >= DAY) return `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
  return iso.slice(11, 16);
}

/**
 * Times under the candles, each label starting at its candle's column, the newest first (a
 * label may run on under the axis, which has nothing to say on this row).
 */
export function drawTimes(grid: Grid, row: number, times: readonly number[], left: number, plotWidth: number, timeframeMs: number): void {
  if (times.length === 0) return;
  const span = times[times.length - 1] - times[0];
  const width = timeLabel(times[0], timeframeMs, span).length;
  for (let c = Math.min(plotWidth - 1, grid.width - width); c >= left; c -= width + 3) {
    write(grid, row, c, timeLabel(times[c - left], timeframeMs, span), 'time');
  }
}
