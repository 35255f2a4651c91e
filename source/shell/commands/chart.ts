import { plot } from 'asciichart';
import { isTimeframe, parseSymbol, priceDecimals, TIMEFRAMES } from '../../domain/index.js';
import { selectInstrument } from '../../store/index.js';
import { defineCommand, ok, usageError } from '../command-spec.js';
import { num } from '../../format/format.js';

const spec = { usage: 'chart SYMBOL [TIMEFRAME]' };

export const chartCommand = defineCommand<{ symbol: string; timeframe: string }>({
  name: 'chart',
  summary: 'price chart of a market (closes), with a price axis',
  usage: spec.usage,
  details: `TIMEFRAME is one of ${TIMEFRAMES.join(' ')} (default 1m); the last 60 candles are drawn.`,
  symbolArgs: [0],
  parse(w) {
    if (w.length < 1 || w.length > 2) return usageError(spec, 'chart takes a symbol and an optional timeframe');
    const s = parseSymbol(w[0]);
    if (!s.ok) return { ok: false, error: s.error };
    const tf = w[1] ?? '1m';
    if (!isTimeframe(tf)) return usageError(spec, `bad timeframe "${tf}": use one of ${TIMEFRAMES.join(' ')}`);
    return { ok: true, args: { symbol: s.symbol, timeframe: tf } };
  },
  async run(session, { symbol, timeframe }) {
    const sym = session.symbol(symbol);
    await session.loadCandles(sym, timeframe);
    const candles = session.candles(sym, timeframe).slice(-60);
    if (candles.length < 2) return ok(`${sym} ${timeframe}: not enough candles yet`, { symbol: sym, timeframe, candles });
    const d = priceDecimals(selectInstrument(session.state(), session.venue, sym)!);
    const closes = candles.map((c) => c.c);
    const labels = closes.map((c) => num(c, d));
    const width = Math.max(...labels.map((l) => l.length));
    const chart = plot(closes, { height: 12, format: (x) => num(x, d).padStart(width) });
    const first = new Date(candles[0].t).toISOString().slice(11, 16);
    const last = new Date(candles[candles.length - 1].t).toISOString().slice(11, 16);
    return ok(`${sym} ${timeframe}  ${first} .. ${last} UTC  last ${labels[labels.length - 1]}\n${chart}`, { symbol: sym, timeframe, candles });
  },
});
