import fs from 'node:fs';
import path from 'node:path';
import { generateCandles } from '../../../source/adapters/candles/generated-candles.js';

const H = 3_600_000;
export const T0 = Date.UTC(2024, 0, 1);

/** Hourly candle rows (open = the previous close) as Binance's CSV, from closes. */
export function closesCsv(closes: readonly number[]): string {
  return closes
    .map((c, i) => {
      const o = i === 0 ? c : closes[i - 1];
      return `${T0 + i * H},${o},${Math.max(o, c)},${Math.min(o, c)},${c},1`;
    })
    .join('\n');
}

/**
 * A series whose best `window` trade is known: closes 100 + 40 cos(2 pi i / 160) over 240
 * hours, lowest at hour 80 and highest at hour 160. The `window` strategy buys at the close of
 * candle `enter` (filled at the next open, which is that close) and sells at `exit`'s: the best
 * return is enter 80, exit 160, and every other point is worse.
 */
export function knownOptimumData(dir: string): { data: string; strategy: string } {
  const closes = Array.from({ length: 240 }, (_, i) => Number((100 + 40 * Math.cos((2 * Math.PI * i) / 160)).toFixed(6)));
  const data = path.join(dir, 'cosine.csv');
  fs.writeFileSync(data, `${closesCsv(closes)}\n`);
  const strategy = path.join(dir, 'window.mjs');
  fs.writeFileSync(
    strategy,
    `export default {
  name: 'window',
  description: 'buys at candle enter, sells at candle exit',
  params: {
    enter: { default: 0, min: 0, max: 1000, integer: true, description: 'candle to buy at' },
    exit: { default: 1, min: 0, max: 1000, integer: true, description: 'candle to sell at' },
  },
  create(p) {
    if (p.exit <= p.enter) throw new RangeError('window needs exit after enter');
    return { onCandle(_c, view) { if (view.index === p.enter) return { side: 'buy', reason: 'enter' }; if (view.index === p.exit) return { side: 'sell', reason: 'exit' }; } };
  },
};
`,
  );
  return { data, strategy };
}

/** `n` generated hourly candles (a random walk) as a CSV file. */
export function generatedCsv(dir: string, n: number, seed = 7): string {
  const s = generateCandles(n, { seed, timeframeMs: H, start: T0 });
  const rows: string[] = [];
  for (let i = 0; i < n; i++) rows.push(`${s.t[i]},${s.o[i]},${s.h[i]},${s.l[i]},${s.c[i]},${s.v[i]}`);
  const file = path.join(dir, `gen-${n}-${seed}.csv`);
  fs.writeFileSync(file, `${rows.join('\n')}\n`);
  return file;
}
