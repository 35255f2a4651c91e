import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { isTimeframe, parseSymbol, timeframeMs, TIMEFRAMES, UserError, type CandleSeries, type Timeframe } from '../domain/index.js';
import { parseBinanceCsv } from '../adapters/candles/binance-csv.js';
import { generateCandles } from '../adapters/candles/generated-candles.js';
import { loadStrategy } from '../app/load-strategy.js';
import { DEFAULT_BACKTEST, runBacktest } from '../engine/backtest/backtest.js';
import { resolveParams } from '../strategies/strategy.js';
import { BUILT_IN_STRATEGIES } from '../strategies/registry.js';
import { executionModel, formatBacktest } from './backtest-report.js';
import type { CommandHandler } from './io.js';

const HELP = `usage: atapi backtest --strategy NAME|FILE --symbol SYMBOL --timeframe TF [--data FILE] [OPTIONS]

Runs a strategy over historical candles and reports how it would have done.

  --strategy NAME|FILE  ${BUILT_IN_STRATEGIES.map((s) => s.name).join(', ')}, or a strategy module (./my.ts, see docs/writing-a-strategy.md)
  --symbol SYMBOL       market, e.g. BTC/USDT (default BTC/USDT)
  --timeframe TF        candle length: ${TIMEFRAMES.join(' ')} (default 1h)
  --data FILE           candle CSV in Binance's public-data format (open_time, open, high, low, close,
                        volume, ...; header optional; open_time in ms or µs). Without it, on --exchange
                        sim, candles are generated (--candles N, --seed N).
  --fast N, --slow N    sma parameters (default 10 and 30); --period, --oversold, --overbought for rsi;
                        any --NAME VALUE sets the strategy parameter NAME
  --cash N              starting cash (default 10000)
  --fee F               fee per fill as a fraction (default 0.001 = 0.1%)
  --slippage-bps N      adverse price move per fill in basis points (default 0)
  --skip-bad-rows       report malformed rows and gaps but carry on without them
  --json                one JSON object with every figure and the fills
  --exchange ID, --seed N, --candles N

${executionModel(DEFAULT_BACKTEST.fee, DEFAULT_BACKTEST.slippageBps, DEFAULT_BACKTEST.cash, 'USDT')}`;

const KNOWN = {
  strategy: { type: 'string' },
  symbol: { type: 'string' },
  timeframe: { type: 'string' },
  data: { type: 'string' },
  cash: { type: 'string' },
  fee: { type: 'string' },
  'slippage-bps': { type: 'string' },
  'skip-bad-rows': { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  exchange: { type: 'string' },
  seed: { type: 'string' },
  candles: { type: 'string' },
} as const;

function number(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < min || n > max) throw new UserError(`--${name} must be a number from ${min} to ${max} (got "${raw}")`);
  return n;
}

export const backtestCommand: CommandHandler = async (argv, io) => {
  const { values, tokens } = parseArgs({ args: [...argv], options: KNOWN, strict: false, allowPositionals: true, tokens: true });
  if (values.help) {
    io.stdout.write(`${HELP}\n`);
    return 0;
  }
  // Unknown --name value pairs are strategy parameters.
  const strategyParams: Record<string, number> = {};
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    if (tok.kind === 'positional') throw new UserError(`unexpected argument "${tok.value}" (atapi backtest --help)`);
    if (tok.kind !== 'option' || tok.name in KNOWN) continue;
    const raw = tok.value ?? (tokens[i + 1]?.kind === 'positional' ? (tokens[++i] as { value: string }).value : undefined);
    const n = Number(raw);
    if (raw === undefined || !Number.isFinite(n)) throw new UserError(`--${tok.name} needs a number (got "${raw ?? ''}")`);
    strategyParams[tok.name] = n;
  }
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const def = await loadStrategy(str(values.strategy) ?? 'sma');
  const resolved = resolveParams(def, strategyParams);
  if (!resolved.ok) throw new UserError(resolved.error);
  const sym = parseSymbol(str(values.symbol) ?? 'BTC/USDT');
  if (!sym.ok) throw new UserError(sym.error);
  const tfRaw = str(values.timeframe) ?? '1h';
  if (!isTimeframe(tfRaw)) throw new UserError(`bad --timeframe "${tfRaw}": use one of ${TIMEFRAMES.join(' ')}`);
  const tf: Timeframe = tfRaw;
  const cash = number('cash', str(values.cash), DEFAULT_BACKTEST.cash, 1, 1e12);
  const fee = number('fee', str(values.fee), DEFAULT_BACKTEST.fee, 0, 0.1);
  const slippageBps = number('slippage-bps', str(values['slippage-bps']), 0, 0, 1000);

  let series: CandleSeries;
  let source: string;
  const dataFile = str(values.data);
  if (dataFile) {
    let text: string;
    try {
      text = fs.readFileSync(dataFile, 'utf8');
    } catch (err) {
      throw new UserError(`cannot read --data ${dataFile}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
    }
    const parsed = parseBinanceCsv(text, timeframeMs(tf));
    const spacing = typicalSpacing(parsed.series);
    if (spacing !== undefined && spacing !== timeframeMs(tf)) {
      const actual = TIMEFRAMES.find((x) => timeframeMs(x) === spacing);
      throw new UserError(`the candles in ${dataFile} are ${actual ?? `${spacing / 60_000} minutes`} apart, not ${tf}: pass --timeframe ${actual ?? 'matching the file'}`);
    }
    if (parsed.problems.length > 0) {
      const shown = parsed.problems.slice(0, 20).map((p) => `  line ${p.line}: ${p.message}`);
      if (parsed.problems.length > 20) shown.push(`  ... and ${parsed.problems.length - 20} more`);
      io.stderr.write(`${dataFile}: ${parsed.problems.length} bad row(s) or gap(s):\n${shown.join('\n')}\n`);
      if (!values['skip-bad-rows']) throw new UserError(`stopped: fix the rows above or pass --skip-bad-rows to carry on without them`);
    }
    if (parsed.series.length < 2) throw new UserError(`${dataFile} has ${parsed.series.length} usable candle(s); a backtest needs at least 2`);
    series = parsed.series;
    source = `${dataFile}${parsed.micros ? ' (times in microseconds)' : ''}`;
  } else {
    const exchange = str(values.exchange) ?? 'sim';
    if (exchange !== 'sim') throw new UserError(`fetching candles from ${exchange} is not supported yet: download them (Binance public data) and pass --data FILE`);
    const count = number('candles', str(values.candles), 5_000, 2, 50_000_000);
    const seed = number('seed', str(values.seed), 1, 0, 2 ** 31);
    series = generateCandles(count, { seed, timeframeMs: timeframeMs(tf), start: Date.UTC(2024, 0, 1) });
    source = `generated by the simulated market (seed ${seed}); SIMULATED, not real prices`;
  }

  let run;
  try {
    run = runBacktest(def, resolved.params, series, { cash, fee, slippageBps, timeframeMs: timeframeMs(tf) });
  } catch (err) {
    if (err instanceof RangeError) throw new UserError(err.message);
    throw err;
  }
  if (values.json) {
    const { equity, ...figures } = run;
    io.stdout.write(`${JSON.stringify({ strategy: def.name, params: resolved.params, symbol: sym.symbol, timeframe: tf, fee, slippageBps, source, ...figures, equityFinal: equity[equity.length - 1] }, null, 2)}\n`);
  } else {
    io.stdout.write(`${formatBacktest(run, { strategy: def.name, params: resolved.params, symbol: sym.symbol, timeframe: tf, fee, slippageBps, quote: sym.quote, firstTime: series.t[0], lastTime: series.t[series.length - 1], source }, io.color)}\n`);
  }
  return 0;
};

/** The most common distance between the first candles, or undefined for too few. */
function typicalSpacing(s: CandleSeries): number | undefined {
  const counts = new Map<number, number>();
  for (let i = 1; i < Math.min(s.length, 50); i++) counts.set(s.t[i] - s.t[i - 1], (counts.get(s.t[i] - s.t[i - 1]) ?? 0) + 1);
  let best: number | undefined;
  let bestCount = 0;
  for (const [d, c] of counts) if (c > bestCount) [best, bestCount] = [d, c];
  return bestCount >= 3 ? best : undefined;
}
