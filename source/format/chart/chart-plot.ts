/**
 * The plot of the candle chart, one column at a time. Everything drawn in a column of price
 * rows (its candle or its piece of the close line, the levels' dashes, the indicators' points)
 * reads and writes that column only, and volume bars only their column of the volume rows: so
 * a column can be redrawn alone and come out exactly as a whole drawing would leave it.
 */
import type { Candle } from '../../domain/index.js';
import type { IndicatorLine } from '../../strategies/strategy.js';
import type { ChartLevel, PlacedLevel } from './chart-axis.js';
import { Part, type ChartGlyphs, type ChartStyle } from './chart-glyphs.js';
import { put, roleAt, type Grid, type Role } from './chart-grid.js';

/** Prices to rows: `rows` cells of `steps` steps each, `lo` at the bottom step, `hi` at the top. */
export class Scale {
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
export function range(candles: readonly Candle[], from: number, end: number, style: ChartStyle, overlays: readonly IndicatorLine[]): { lo: number; hi: number } {
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

/** What the price rows of the plot are drawn from. */
export interface Plot {
  readonly glyphs: ChartGlyphs;
  readonly scale: Scale;
  readonly style: ChartStyle;
  readonly candles: readonly Candle[];
  readonly overlays: readonly IndicatorLine[];
  readonly levels: readonly PlacedLevel[];
  /** The candles drawn, `from` up to `end`, the first at column `left`. */
  readonly from: number;
  readonly end: number;
  readonly left: number;
}

/** One column of the price rows, drawn over empty cells: the candle (or close), then each level, then each indicator. */
export function drawPriceColumn(grid: Grid, p: Plot, col: number): void {
  const i = p.from + col - p.left;
  const candle = col >= p.left && i < p.end;
  if (candle) {
    if (p.style === 'candles') drawCandle(grid, p.glyphs, p.scale, p.candles[i], col);
    else drawClose(grid, p.glyphs, p.scale, p.candles, i, p.from, col);
  }
  for (const l of p.levels) drawLevelAt(grid, p.glyphs, l, col);
  if (candle) p.overlays.forEach((o, k) => drawOverlayAt(grid, p.glyphs, p.scale, o.values[i], k, col));
}

/** Empties one column of the first `rows` rows. */
export function clearColumn(grid: Grid, col: number, top: number, rows: number): void {
  for (let r = top; r < top + rows; r++) put(grid, r, col, ' ', 'none');
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

/** Candle `i`'s piece of the closes joined as one line (from the previous close; the first is flat), its turns drawn as the line chart always drew them. */
function drawClose(grid: Grid, g: ChartGlyphs, scale: Scale, candles: readonly Candle[], i: number, from: number, col: number): void {
  const r = scale.row(candles[i].c);
  const before = i === from ? r : scale.row(candles[i - 1].c);
  if (before === r) {
    put(grid, r, col, g.line.flat, 'line');
    return;
  }
  const falling = before < r;
  put(grid, before, col, falling ? g.line.downFrom : g.line.upFrom, 'line');
  put(grid, r, col, falling ? g.line.downTo : g.line.upTo, 'line');
  for (let y = Math.min(before, r) + 1; y < Math.max(before, r); y++) put(grid, y, col, g.line.vertical, 'line');
}

/** A level's dash in an empty cell of its row: candles and lines stay on top. */
function drawLevelAt(grid: Grid, g: ChartGlyphs, l: PlacedLevel, col: number): void {
  if (g.levelSparse && col % 2 === 1) return;
  if (roleAt(grid, l.row, col) === 'none') put(grid, l.row, col, g.levelDash, l.kind);
}

const OVERLAY_ROLES: readonly Role[] = ['overlay0', 'overlay1', 'overlay2'];

/** The glyph and role of the `k`th indicator line: the plot and the legend draw it alike. */
export function overlayMark(g: ChartGlyphs, k: number): { readonly glyph: string; readonly role: Role } {
  return { glyph: g.overlay[k % g.overlay.length], role: OVERLAY_ROLES[k % OVERLAY_ROLES.length] };
}

const WICKS = new Set(['│', '╵', '╷', '|']);
const LEVEL_ROLES = new Set<Role>(['entry', 'buy', 'sell', 'stop', 'liquidation']);

/** An indicator's point, over an empty cell, a level or a wick (never over a body). */
function drawOverlayAt(grid: Grid, g: ChartGlyphs, scale: Scale, v: number, k: number, col: number): void {
  if (!Number.isFinite(v)) return;
  const { glyph, role } = overlayMark(g, k);
  const r = scale.row(v);
  const under = roleAt(grid, r, col);
  if (under === 'none' || LEVEL_ROLES.has(under) || ((under === 'up' || under === 'down') && WICKS.has(grid.chars[r][col]))) put(grid, r, col, glyph, role);
}

/** The window's largest volume: the scale of every bar. */
export function maxVolume(candles: readonly Candle[], from: number, end: number): number {
  let max = 0;
  for (let i = from; i < end; i++) max = Math.max(max, candles[i].v);
  return max;
}

/** A candle's volume bar in its column of the volume rows `top..top+rows-1`; any volume at all shows. */
export function drawVolumeAt(grid: Grid, g: ChartGlyphs, c: Candle, col: number, max: number, top: number, rows: number): void {
  if (rows === 0 || !(max > 0)) return;
  const bottom = top + rows - 1;
  const units = c.v > 0 ? Math.max(1, Math.round((c.v / max) * rows * g.volumeSteps)) : 0;
  const full = Math.floor(units / g.volumeSteps);
  const rest = units % g.volumeSteps;
  const role: Role = c.c >= c.o ? 'volumeUp' : 'volumeDown';
  for (let k = 0; k < full; k++) put(grid, bottom - k, col, g.volumeFull, role);
  if (rest) put(grid, bottom - full, col, g.volumePartial[rest], role);
}
