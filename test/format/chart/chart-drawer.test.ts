import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Candle } from '../../../source/domain/index.js';
import { smaCross } from '../../../source/strategies/sma-cross.js';
import { ChartDrawer, renderChart, type ChartInput } from '../../../source/format/chart/candle-chart.js';
import type { ChartLevel } from '../../../source/format/chart/chart-axis.js';
import type { ChartRow } from '../../../source/format/chart/chart-grid.js';

/** A seeded generator: the same sequence every run. */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

/** A live market as the pane sees it: the last candle moves on each tick, a new one opens now and then. */
class Market {
  readonly candles: Candle[] = [];
  constructor(private readonly rnd: () => number, n: number) {
    let p = 100_000;
    for (let i = 0; i < n; i++) {
      const c = p * (1 + (rnd() - 0.5) * 0.004);
      this.candles.push({ t: Date.UTC(2026, 0, 1) + i * 60_000, o: p, h: Math.max(p, c) * 1.0004, l: Math.min(p, c) * 0.9996, c, v: 1 + rnd() * 9 });
      p = c;
    }
  }
  /** The last candle's close moves by up to `size` (a fraction), its volume grows; a new object, as the store makes. */
  tick(size: number): void {
    const last = this.candles[this.candles.length - 1];
    const c = last.c * (1 + (this.rnd() - 0.5) * size);
    this.candles[this.candles.length - 1] = { ...last, c, h: Math.max(last.h, c), l: Math.min(last.l, c), v: last.v + this.rnd() * 3 };
  }
  open(): void {
    const last = this.candles[this.candles.length - 1];
    this.candles.push({ t: last.t + 60_000, o: last.c, h: last.c, l: last.c, c: last.c, v: 0 });
  }
}

const plain = (rows: readonly ChartRow[]) => rows.map((row) => row.map((r) => `${r.role}:${r.text}`).join('|'));

/**
 * Frame after frame, the drawer (which redraws only what changed) gives exactly what a whole
 * drawing of the same input gives, through ticks small and large (a new high or low moves the
 * scale), closed candles revised, new candles, a huge volume (the volume scale), scrolling, resizing, the line style,
 * ASCII mode, indicators appearing and going, and levels added, moved and removed.
 */
test('a chart drawn incrementally equals one drawn whole, over ticks, new candles, scale changes, scroll, resize, style, ASCII, overlays and levels', () => {
  const rnd = random(11);
  const market = new Market(rnd, 150);
  const drawer = new ChartDrawer();
  let view: Omit<ChartInput, 'candles' | 'overlays' | 'levels'> = { width: 100, height: 30, mode: 'unicode', style: 'candles', decimals: 2, timeframeMs: 60_000, offset: 0 };
  let withOverlays = true;
  let levels: ChartLevel[] = [];
  let kept = 0;
  let redrawn = 0;
  const seen = new Set<string>();
  for (let step = 0; step < 1_500; step++) {
    const roll = rnd();
    const event =
      roll < 0.55 ? 'tick' : roll < 0.62 ? 'jump' : roll < 0.68 ? 'open' : roll < 0.7 ? 'volume' : roll < 0.74 ? 'scroll' : roll < 0.76 ? 'resize' :
      roll < 0.79 ? 'style' : roll < 0.82 ? 'mode' : roll < 0.85 ? 'overlays' : roll < 0.9 ? 'levels' : roll < 0.92 ? 'few' : roll < 0.96 ? 'revise' : 'same';
    seen.add(event);
    if (event === 'tick') market.tick(0.0005);
    else if (event === 'jump') market.tick(0.03);
    else if (event === 'open') market.open();
    else if (event === 'volume') {
      const last = market.candles[market.candles.length - 1];
      market.candles[market.candles.length - 1] = { ...last, v: last.v * 20 };
    } else if (event === 'scroll') view = { ...view, offset: rnd() < 0.5 ? 0 : Math.floor(rnd() * 40) };
    else if (event === 'resize') view = { ...view, width: 20 + Math.floor(rnd() * 140), height: 4 + Math.floor(rnd() * 44) };
    else if (event === 'style') view = { ...view, style: view.style === 'candles' ? 'line' : 'candles' };
    else if (event === 'mode') view = { ...view, mode: view.mode === 'unicode' ? 'ascii' : 'unicode' };
    else if (event === 'overlays') withOverlays = !withOverlays;
    else if (event === 'levels') {
      const price = market.candles[market.candles.length - 1].c * (1 + (rnd() - 0.5) * 0.02);
      const kinds = ['entry', 'buy', 'sell', 'stop', 'liquidation'] as const;
      levels = rnd() < 0.3 ? [] : [...levels.slice(-3), { kind: kinds[Math.floor(rnd() * kinds.length)], price }];
    } else if (event === 'revise') {
      // A late trade revises a closed candle inside its own range: only its columns change.
      const i = market.candles.length - 2 - Math.floor(rnd() * 3);
      const c = market.candles[i];
      if (c) market.candles[i] = { ...c, c: c.l + (c.h - c.l) * rnd() };
    } else if (event === 'few') {
      // Fewer candles than columns: the plot starts part way across.
      market.candles.splice(0, Math.max(0, market.candles.length - 12 - Math.floor(rnd() * 10)));
    }
    const candles = [...market.candles];
    const input: ChartInput = { ...view, candles, overlays: withOverlays ? smaCross.indicators!({ fast: 5, slow: 12 }, candles) : [], levels: [...levels] };
    const drawn = drawer.draw(input);
    const whole = renderChart(input);
    assert.deepEqual(plain(drawn.rows), plain(whole.rows), `step ${step} (${event})`);
    assert.deepEqual([drawn.from, drawn.to], [whole.from, whole.to]);
    const again = drawer.draw(input).rows;
    for (let r = 0; r < again.length; r++) again[r] === drawn.rows[r] ? kept++ : redrawn++;
    if (market.candles.length > 400) market.candles.splice(0, 200);
  }
  assert.equal(seen.size, 13, 'every kind of change was drawn');
  // The same input twice keeps every row object: what the pane's canvas recognises without reading.
  assert.equal(redrawn, 0);
  assert.ok(kept > 0);
});

test('a tick that moves only the last candle hands back the rows it did not change as the same objects', () => {
  const rnd = random(5);
  const market = new Market(rnd, 200);
  const drawer = new ChartDrawer();
  const view = { width: 158, height: 40, mode: 'unicode', style: 'candles', decimals: 2, timeframeMs: 60_000 } as const;
  let changed = 0;
  let frames = 0;
  let previous = drawer.draw({ ...view, candles: [...market.candles] }).rows;
  for (let i = 0; i < 50; i++) {
    market.tick(0.0002);
    const input = { ...view, candles: [...market.candles] };
    const rows = drawer.draw(input).rows;
    assert.deepEqual(plain(rows), plain(renderChart(input).rows));
    changed += rows.filter((row, r) => row !== previous[r]).length;
    frames++;
    previous = rows;
  }
  // One candle's column, the volume bars and the last price's tag: a few rows of 40 a tick.
  assert.ok(changed / frames < 20, `${changed / frames} rows a tick`);
});
