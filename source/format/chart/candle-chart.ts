import type { Candle } from '../../domain/index.js';
import { num } from '../format.js';
import type { IndicatorLine } from '../../strategies/strategy.js';
import { drawAxis, drawTimes, tagWidth, type ChartLevel, type PlacedLevel } from './chart-axis.js';
import { chartGlyphs, Part, type ChartGlyphs, type ChartStyle, type DrawMode } from './chart-glyphs.js';
import { createGrid, gridRows, put, roleAt, type ChartRow, type Grid, type Role } from './chart-grid.js';


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
  const glyphs = chartGlyphs(input.mode);
  const width = Math.max(1, Math.floor(input.width));
  const height = Math.max(1, Math.floor(input.height));
  const { candles, decimals, style } = input;
  const overlays = input.overlays ?? [];
  const levels = input.levels ?? [];
  const grid = createGrid(width, height);
  const end = candles.length - Math.max(0, Math.min(Math.floor(input.offset ?? 0), candles.length - 1));
  if (candles.length === 0) return { rows: gridRows(grid), from: 0, to: 0 };

  // The axis is as wide as the prices it names; they come from the widest window it could show.
  const guess = range(candles, Math.max(0, end - width), end, style, overlays);
  const prices = [guess.lo, guess.hi, ...levels.map((l) => l.price)].map((p) => num(p, decimals).length);
  const tags = tagWidth(levels);
  const labelWidth = Math.max(...prices) + (tags ? 1 + tags : 0);
  const axisWidth = width >= labelWidth + 1 + 8 ? labelWidth + 1 : 0;
  const plotWidth = width - axisWidth;
  const from = Math.max(0, end - plotWidth);
  const left = plotWidth - (end - from);
  const { lo, hi } = range(candles, from, end, style, overlays);
  const bands = chartBands(height);
  const steps = glyphs.steps;
  const scale = new Scale(lo, hi, bands.price, steps);

  if (style === 'candles') for (let i = from; i < end; i++) drawCandle(grid, glyphs, scale, candles[i], left + i - from);
  else drawCloses(grid, glyphs, scale, candles, from, end, left);
  const placed = levels.map((l) => scale.place(l));
  for (const l of placed) drawLevel(grid, glyphs, l, plotWidth);
  overlays.forEach((o, k) => drawOverlay(grid, glyphs, scale, o, k, from, end, left));
  const maxVolume = drawVolume(grid, glyphs, candles, from, end, left, bands.price, bands.volume);
  if (axisWidth > 0) {
    const last = candles[end - 1];
    drawAxis({
      grid, glyphs, col: plotWidth, priceRows: bands.price, volumeRows: bands.volume, decimals, labelWidth: axisWidth - 1,
      priceAt: (row) => scale.priceAt(row), lastClose: { row: scale.row(last.c), price: last.c }, levels: placed, maxVolume,
    });
  }
  if (bands.time) drawTimes(grid, height - 1, candles.slice(from, end).map((c) => c.t), left, plotWidth, input.timeframeMs);
  return { rows: gridRows(grid), from, to: end };
}

/** Prices to rows: `rows` cells of `steps` steps each, `lo` at the bottom step, `hi` at the top. */
class Scale {
  private readonly span: number;
  constructor(readonly lo: number, readonly hi: number, readonly rows: number, readonly steps: number) {
    this.span = Math.max(1, rows * steps - 1);
  }
  /** The step (0 = bottom) of a price, clamped to the chart. */
  step(p: number): number {
    const s = Math.round(((p - this.lo) / (this.hi - this.lo)) * this.span);
    return Math.max(0, Math.min(this.span, s));
  }
  row(p: number): number {
    return this.rows - 1 - Math.floor(this.step(p) / this.steps);
  }
  priceAt(row: number): number {
    const middle = (this.rows - 1 - row) * this.steps + (this.steps - 1) / 2;
    return this.lo + (middle / this.span) * (this.hi - this.lo);
  }
  place(l: ChartLevel): PlacedLevel {
    const off = l.price > this.hi ? 'above' : l.price < this.lo ? 'below' : undefined;
    return off ? { ...l, row: off === 'above' ? 0 : this.rows - 1, off } : { ...l, row: this.row(l.price) };
  }
}

/** Lowest and highest price drawn: lows and highs (closes for the line) and the indicators. */
function range(candles: readonly Candle[], from: number, end: number, style: ChartStyle, overlays: readonly IndicatorLine[]): { lo: number; hi: number } {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = from; i < end; i++) {
    const c = candles[i];
    lo = Math.min(lo, style === 'candles' ? c.l : c.c);
    hi = Math.max(hi, style === 'candles' ? c.h : c.c);
    for (const o of overlays) {
      const v = o.values[i];
      if (Number.isFinite(v)) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
    }
  }
  if (!(hi > lo)) {
    // A flat market still gets a scale: half a percent either side.
    const pad = Math.abs(lo) * 0.005 || 1;
    return { lo: lo - pad, hi: hi + pad };
  }
  return { lo, hi };
}

function drawCandle(grid: Grid, g: ChartGlyphs, scale: Scale, c: Candle, col: number): void {
  const up = c.c >= c.o;
  const high = scale.step(c.h);
  const low = scale.step(c.l);
  const top = scale.step(Math.max(c.o, c.c));
  const bottom = scale.step(Math.min(c.o, c.c));
  const role: Role = up ? 'up' : 'down';
  for (let r = scale.row(c.h); r <= scale.row(c.l); r++) {
    const base = (scale.rows - 1 - r) * scale.steps;
    const glyph = scale.steps === 2
      ? g.candle(partAt(base + 1, low, high, bottom, top), partAt(base, low, high, bottom, top), up)
      : g.candle(partAt(base, low, high, bottom, top), Part.None, up);
    put(grid, r, col, glyph, role);
  }
}

/** What step `s` of a candle's column holds: its body, its wick, or nothing. */
function partAt(s: number, low: number, high: number, bottom: number, top: number): Part {
  return s < low || s > high ? Part.None : s >= bottom && s <= top ? Part.Body : Part.Wick;
}

/** The closes joined as one line, its turns drawn as the line chart always drew them. */
function drawCloses(grid: Grid, g: ChartGlyphs, scale: Scale, candles: readonly Candle[], from: number, end: number, left: number): void {
  for (let i = from; i < end; i++) {
    const col = left + i - from;
    const r = scale.row(candles[i].c);
    const before = i === from ? r : scale.row(candles[i - 1].c);
    if (before === r) {
      put(grid, r, col, g.line.flat, 'line');
      continue;
    }
    const falling = before < r;
    put(grid, before, col, falling ? g.line.downFrom : g.line.upFrom, 'line');
    put(grid, r, col, falling ? g.line.downTo : g.line.upTo, 'line');
    for (let y = Math.min(before, r) + 1; y < Math.max(before, r); y++) put(grid, y, col, g.line.vertical, 'line');
  }
}

/** A level's dashes across the empty cells of its row: candles and lines stay on top. */
function drawLevel(grid: Grid, g: ChartGlyphs, l: PlacedLevel, plotWidth: number): void {
  for (let col = 0; col < plotWidth; col++) {
    if (g.levelSparse && col % 2 === 1) continue;
    if (roleAt(grid, l.row, col) === 'none') put(grid, l.row, col, g.levelDash, l.kind);
  }
}

const OVERLAY_ROLES: readonly Role[] = ['overlay0', 'overlay1', 'overlay2'];

/** The glyph and role of the `k`th indicator line: the plot and the legend draw it alike. */
export function overlayMark(g: ChartGlyphs, k: number): { readonly glyph: string; readonly role: Role } {
  return { glyph: g.overlay[k % g.overlay.length], role: OVERLAY_ROLES[k % OVERLAY_ROLES.length] };
}

const WICKS = new Set(['│', '╵', '╷', '|']);
const LEVEL_ROLES = new Set<Role>(['entry', 'buy', 'sell', 'stop', 'liquidation']);

/** An indicator as one point per candle, over empty cells, levels and wicks (never over a body). */
function drawOverlay(grid: Grid, g: ChartGlyphs, scale: Scale, o: IndicatorLine, k: number, from: number, end: number, left: number): void {
  const { glyph, role } = overlayMark(g, k);
  for (let i = from; i < end; i++) {
    const v = o.values[i];
    if (!Number.isFinite(v)) continue;
    const r = scale.row(v);
    const col = left + i - from;
    const under = roleAt(grid, r, col);
    if (under === 'none' || LEVEL_ROLES.has(under) || ((under === 'up' || under === 'down') && WICKS.has(grid.chars[r][col]))) put(grid, r, col, glyph, role);
  }
}

/** Volume bars on one scale (the window's largest); any volume at all shows. Returns that scale. */
function drawVolume(grid: Grid, g: ChartGlyphs, candles: readonly Candle[], from: number, end: number, left: number, top: number, rows: number): number {
  let max = 0;
  for (let i = from; i < end; i++) max = Math.max(max, candles[i].v);
  if (rows === 0 || !(max > 0)) return max;
  const bottom = top + rows - 1;
  for (let i = from; i < end; i++) {
    const c = candles[i];
    const units = c.v > 0 ? Math.max(1, Math.round((c.v / max) * rows * g.volumeSteps)) : 0;
    const full = Math.floor(units / g.volumeSteps);
    const rest = units % g.volumeSteps;
    const role: Role = c.c >= c.o ? 'volumeUp' : 'volumeDown';
    const col = left + i - from;
    for (let k = 0; k < full; k++) put(grid, bottom - k, col, g.volumeFull, role);
    if (rest) put(grid, bottom - full, col, g.volumePartial[rest], role);
  }
  return max;
}
