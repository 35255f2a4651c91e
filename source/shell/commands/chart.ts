import { plot } from 'asciichart';
import { isPerpetualSymbol, isTimeframe, parseSymbol, priceDecimals, TIMEFRAMES, timeframeMs, type Candle, type Timeframe } from '../../domain/index.js';
import { selectInstrument } from '../../store/index.js';
import { defineCommand, ok, usageError } from '../command-spec.js';
import { change, num, paint } from '../../format/format.js';
import { renderChart } from '../../format/chart/candle-chart.js';
import { chartLevels, strategyOverlay } from '../../format/chart/chart-marks.js';
import type { Role } from '../../format/chart/chart-grid.js';

const spec = { usage: 'chart SYMBOL [TIMEFRAME] [--lines]' };

/** What the shell draws: wide and tall enough to read, within an 80x24 terminal with the prompt. */
const WIDTH = 80;
const HEIGHT = 20;
/** `--lines`: the closes of this many candles, as the old line chart drew them. */
const LINE_CANDLES = 60;

interface ChartArgs {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly lines: boolean;
}

export const chartCommand = defineCommand<ChartArgs>({
  name: 'chart',
  summary: 'candle chart of a market, with volume, your entry, orders, stops and liquidation price',
  usage: spec.usage,
  details: [
    `TIMEFRAME is one of ${TIMEFRAMES.join(' ')} (default 1m). The candles that fit in ${WIDTH} columns are drawn (open/high/low/close`,
    'per column, volume under them), with lines at your position\'s entry, open orders, waiting stops (a trailing',
    'stop where it fires now), a perpetual\'s liquidation price, and the running sma\'s averages. In ASCII mode',
    '(--ascii, or a terminal without UTF-8) candles are drawn as O (up) and # (down).',
    `--lines: the closes of the last ${LINE_CANDLES} candles as a line with a price axis (the old chart).`,
  ].join('\n'),
  symbolArgs: [0],
  parse(w) {
    const flags = w.filter((x) => x.startsWith('--'));
    const pos = w.filter((x) => !x.startsWith('--'));
    const unknown = flags.find((f) => f !== '--lines');
    if (unknown) return usageError(spec, `unknown option ${unknown}`);
    if (pos.length < 1 || pos.length > 2) return usageError(spec, 'chart takes a symbol and an optional timeframe');
    const s = parseSymbol(pos[0]);
    if (!s.ok) return { ok: false, error: s.error };
    const tf = pos[1] ?? '1m';
    if (!isTimeframe(tf)) return usageError(spec, `bad timeframe "${tf}": use one of ${TIMEFRAMES.join(' ')}`);
    return { ok: true, args: { symbol: s.symbol, timeframe: tf, lines: flags.includes('--lines') } };
  },
  async run(session, { symbol, timeframe, lines }, ctx) {
    const sym = session.symbol(symbol);
    await session.loadCandles(sym, timeframe);
    const all = session.candles(sym, timeframe);
    if (all.length < 2) return ok(`${sym} ${timeframe}: not enough candles yet`, { symbol: sym, timeframe, candles: all });
    const d = priceDecimals(selectInstrument(session.state(), session.venue, sym)!);
    if (lines) return lineChart(sym, timeframe, all.slice(-LINE_CANDLES), d);
    const state = session.state();
    const levels = chartLevels({
      venue: session.venue, symbol: sym, orders: state.ledger.orders, positions: state.ledger.positions,
      futures: isPerpetualSymbol(sym) && session.futures.available ? session.futures.positions() : [], trails: state.runtime.trails,
    });
    const overlay = strategyOverlay(state.ledger.strategies, session.venue, sym, timeframe, all);
    const chart = renderChart({ candles: all, width: WIDTH, height: HEIGHT, mode: ctx.ascii ? 'ascii' : 'unicode', style: 'candles', decimals: d, timeframeMs: timeframeMs(timeframe), overlays: overlay.lines, levels });
    const shown = all.slice(chart.from, chart.to);
    const first = shown[0].c;
    const last = shown[shown.length - 1].c;
    const head = `${sym} ${timeframe}  ${time(shown[0])} .. ${time(shown[shown.length - 1])} UTC  last ${num(last, d)} ${change(last / first - 1)}`;
    const body = chart.rows.map((row) => row.map((r) => paintRole(r.text, r.role, ctx.color)).join('').trimEnd());
    return ok([head, ...body].join('\n'), { symbol: sym, timeframe, candles: shown, levels });
  },
});

function lineChart(sym: string, timeframe: string, candles: readonly Candle[], d: number) {
  const closes = candles.map((c) => c.c);
  const labels = closes.map((c) => num(c, d));
  const width = Math.max(...labels.map((l) => l.length));
  const chart = plot(closes, { height: 12, format: (x) => num(x, d).padStart(width) });
  return ok(`${sym} ${timeframe}  ${time(candles[0])} .. ${time(candles[candles.length - 1])} UTC  last ${labels[labels.length - 1]}\n${chart}`, { symbol: sym, timeframe, candles });
}

const time = (c: Candle): string => new Date(c.t).toISOString().slice(11, 16);

/** Colour by meaning when colour is on (as the TUI's chart); without it the glyphs carry it. */
function paintRole(text: string, role: Role, on: boolean): string {
  const colour = ROLE_COLOURS[role];
  return colour ? paint(text, colour, on) : text;
}

const ROLE_COLOURS: Partial<Record<Role, 'green' | 'red' | 'yellow' | 'cyan' | 'dim' | 'bold'>> = {
  up: 'green', down: 'red', volumeUp: 'green', volumeDown: 'red', line: 'cyan', overlay0: 'yellow', overlay1: 'cyan',
  entry: 'cyan', buy: 'green', sell: 'red', stop: 'yellow', liquidation: 'red', time: 'dim',
};
