import { formatExits, hasExits, parseExits } from '../engine/strategy-exits.js';
import { parseArgs } from 'node:util';
import { numberOption as number, requireValues } from './parse-options.js';
import { checkExchangeId, isTimeframe, timeframeMs, TIMEFRAMES, UserError, type CandleSeries, type Timeframe } from '../domain/index.js';
import { generateCandles } from '../adapters/candles/generated-candles.js';
import { gridOutOfRange, strategyBudgetMs } from '../app/session/open-session.js';
import { loadAnyStrategy, requireCandleDriven } from '../app/strategy-runtime/load-strategy.js';
import { DEFAULT_BACKTEST, runBacktest, type BacktestRun } from '../engine/backtest/backtest.js';
import { runFuturesBacktest, type FuturesBacktestRun } from '../engine/backtest/futures-backtest.js';
import { describeFunding } from '../engine/backtest/funding-schedule.js';
import { backtestMarket, DEFAULT_FUNDING_RATE, DEFAULT_FUTURES_FEE, futuresExecutionModel, futuresReportLines } from './backtest-futures.js';
import { StrategyError } from '../engine/strategy-runner.js';
import { keepsOrders, paramValueText, resolveParams } from '../strategies/strategy.js';
import { ALL_STRATEGIES } from '../strategies/registry.js';
import { runOrdersBacktest, type OrdersBacktestRun } from '../engine/backtest/orders-backtest.js';
import { formatSize } from '../engine/strategy-size.js';
import { ordersSize } from './orders-size.js';
import { fetchExchangeCandles } from './backtest-fetch.js';
import { executionModel, formatBacktest } from './backtest-report.js';
import type { CommandHandler } from './io.js';
import { strategyParams } from './strategy-params.js';
import { readCsv } from './read-candles.js';
import { carryBacktest } from './backtest-carry.js';
import { figureReplacer } from '../format/json-figures.js';

/** Words of `text` in lines of at most `width`, each after `indent` spaces. */
function wrap(text: string, indent: number, width = 100): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && indent + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.map((l) => ' '.repeat(indent) + l).join('\n');
}

const strategyLines = ALL_STRATEGIES.map((s) => {
  // As the trader types them: --every 1h, --on-drop 3% (a duration's number is milliseconds).
  const params = Object.entries(s.params).map(([k, p]) => `--${k} ${p.unit === 'duration' ? 'DURATION' : p.unit === 'percent' ? 'P%' : 'N'} (default ${paramValueText(p, p.default)}, ${paramValueText(p, p.min)}..${paramValueText(p, p.max)})`).join(', ');
  return `    ${s.name}\n${wrap(`${s.description}. ${params}`, 8)}`;
}).join('\n');

const HELP = `usage: atapi backtest --strategy NAME|FILE --symbol SYMBOL --timeframe TF [--data FILE] [OPTIONS]

Runs a strategy over historical candles and reports how it would have done.

  --strategy NAME|FILE  a built-in strategy (default sma) or a module ./my.ts / ./my.js; carry is the
                        funding carry (--data SPOT.csv --perp-data PERP.csv --funding FUNDING.csv:
                        atapi backtest --strategy carry --help)
                        (see docs/writing-a-strategy.md and examples/strategy-template.ts)
${strategyLines}
                        any other --NAME VALUE sets the strategy parameter NAME
  --symbol SYMBOL       market, e.g. BTC/USDT (default BTC/USDT)
  --timeframe TF        candle length: ${TIMEFRAMES.join(' ')} (default 1h)
  --data FILE           candle CSV in Binance's public-data format (open_time, open, high, low,
                        close, volume, ...; header optional; open_time in ms or µs). Malformed rows,
                        out-of-order or duplicate times and gaps are listed with line numbers.
  --skip-bad-rows       list bad rows and gaps but carry on without them (default: stop)
  --cash N              starting cash in the quote currency (default 10000)
  --fee F               fee per fill as a fraction (default 0.001 = 0.1%)
  --slippage-bps N      adverse price move per fill in basis points (default 0)
  --size SIZE           what one entry spends, as start --size: a quote amount (100USDT), a base quantity
                        (0.01BTC) or a share of equity (5%); held when the cash cannot pay it. Default: the
                        whole cash (sma, rsi; not with --futures), 100 of a dollar quote a grid or dca order
  --amount SIZE         the same as --size (dca --amount 100USDT --every 1h)
  --stop-loss P%        close the position when the close is P% against its entry (the same rule as
                        start ... --stop-loss); --take-profit P% when P% past it; --trailing P% when
                        P% back from its best close since entry (spot; checked at each close)
  --json                one JSON object: every figure (fractions, not percent) and the fills
  --futures             the symbol's USD-M perpetual (BTC/USDT -> BTC/USDT:USDT): long and short, leverage,
                        funding, liquidation; fee default ${DEFAULT_FUTURES_FEE} (Binance's USD-M taker fee)
  --leverage N          with --futures: leverage of every position, 1 to the tier table's maximum (default 1;
                        a backtest places no order, so risk.maxLeverage does not cap it)
  --funding RATE|FILE   with --futures: funding per 8 h as a fraction (0.0001) or percent (0.01%), or a CSV in
                        Binance's funding-rate history format (calc_time, funding_interval_hours,
                        last_funding_rate; header optional), e.g. data.binance.vision's
                        futures/um/monthly/fundingRate/BTCUSDT/BTCUSDT-fundingRate-2024-01.csv
                        (default ${DEFAULT_FUNDING_RATE}, Binance's baseline)
  Without --data:
  --exchange sim        (default) candles from the simulated market: --candles N (5000), --seed N (1)
  --exchange ID         candles from a ccxt exchange (fetchOHLCV, paged, progress on stderr), cached
                        in the data directory: --candles N (last N closed, default 1000) or
                        --from DATE [--to DATE] (e.g. 2024-01-01)

Strategy sma: at the close of candle t (both averages include t's close) it buys when fast > slow
while at t-1 fast <= slow, and sells when fast < slow while at t-1 fast >= slow.
${executionModel(DEFAULT_BACKTEST.fee, DEFAULT_BACKTEST.slippageBps, DEFAULT_BACKTEST.cash, 'USDT')}
With --futures:
${futuresExecutionModel(DEFAULT_FUTURES_FEE, DEFAULT_BACKTEST.slippageBps, DEFAULT_BACKTEST.cash, 'USDT', 1, { kind: 'constant', rate: DEFAULT_FUNDING_RATE })}
Strategies grid and dca keep orders: at a close their resting limits are cancelled or placed and
their market buys sent, arriving at the next open. A limit placed at a close that the next open is
through fills at that open; a resting limit fills at its own price when a candle's low (a buy) or
high (a sell) reaches it; resting buys hold their funds. The fee above on every fill, no slippage
on limits. A grid whose close leaves its range stops (its orders cancelled) or holds its book, by
the setting grid.outOfRange. Parameters take units: --every 1h, --on-drop 3%.
Strategy sma-ls trades the same crossings as sma as targets: long on the cross up, short on the cross
down (on spot, where there is no short, it trades as sma).
Report: final equity, total return, max drawdown (peak to trough of equity at each close), Sharpe
(mean / sd of per-candle returns, times sqrt(candles per year)), trades (closed round trips), win
rate (round trips that got back more than they spent), exposure (share of candles closed holding),
buy and hold (buy at the first open paying the fee, marked at the last close).`;

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
  from: { type: 'string' },
  to: { type: 'string' },
  futures: { type: 'boolean' },
  leverage: { type: 'string' },
  funding: { type: 'string' },
  'stop-loss': { type: 'string' },
  'take-profit': { type: 'string' },
  trailing: { type: 'string' },
  size: { type: 'string' },
  amount: { type: 'string' },
  'perp-data': { type: 'string' },
  'min-apr': { type: 'string' },
  'exit-apr': { type: 'string' },
  'hold-days': { type: 'string' },
} as const;

const CARRY_ONLY = ['perp-data', 'min-apr', 'exit-apr', 'hold-days'] as const;

export const backtestCommand: CommandHandler = async (argv, io) => {
  const { values, tokens } = parseArgs({ args: [...argv], options: KNOWN, strict: false, allowPositionals: true, tokens: true });
  // The carry trades two markets and the funding history, not a candle strategy: its own options and report.
  if (values.strategy === 'carry') return carryBacktest(values, io);
  const carryOnly = CARRY_ONLY.find((k) => values[k] !== undefined);
  if (carryOnly) throw new UserError(`--${carryOnly} is for the funding carry: --strategy carry`);
  if (values.help) {
    io.stdout.write(`${HELP}\n`);
    return 0;
  }
  requireValues(values, KNOWN, 'backtest');
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const def = await loadAnyStrategy(str(values.strategy) ?? 'sma');
  // Unknown --name value pairs are strategy parameters, read in their units (dca's --every 1h).
  const strategyParamValues = strategyParams(tokens, KNOWN, 'backtest', def.params);
  requireCandleDriven(def, 'be backtested');
  const resolved = resolveParams(def, strategyParamValues);
  if (!resolved.ok) throw new UserError(resolved.error);
  const futures = values.futures === true;
  const { sym, fut } = backtestMarket({ symbol: str(values.symbol), futures, leverage: str(values.leverage), funding: str(values.funding) });
  const tfRaw = str(values.timeframe) ?? '1h';
  if (!isTimeframe(tfRaw)) throw new UserError(`bad --timeframe "${tfRaw}": use one of ${TIMEFRAMES.join(' ')}`);
  const tf: Timeframe = tfRaw;
  const cash = number('cash', str(values.cash), DEFAULT_BACKTEST.cash, 1, 1e12);
  const fee = number('fee', str(values.fee), futures ? DEFAULT_FUTURES_FEE : DEFAULT_BACKTEST.fee, 0, 0.1);
  const slippageBps = number('slippage-bps', str(values['slippage-bps']), 0, 0, 1000);
  const exits = parseExits({ stopLoss: str(values['stop-loss']), takeProfit: str(values['take-profit']), trailing: str(values.trailing) });
  if (futures && hasExits(exits)) throw new UserError('--stop-loss, --take-profit and --trailing are not in the futures backtest yet: backtest them on spot');

  let series: CandleSeries;
  let source: string;
  const dataFile = str(values.data);
  const exchange = checkExchangeId((str(values.exchange) ?? 'sim').toLowerCase());
  if (dataFile) {
    ({ series, source } = readCsv(dataFile, tf, values['skip-bad-rows'] === true, io));
  } else if (exchange === 'sim') {
    const count = number('candles', str(values.candles), 5_000, 2, 10_000_000, true);
    const seed = number('seed', str(values.seed), 1, 0, 2 ** 31, true);
    series = generateCandles(count, { seed, timeframeMs: timeframeMs(tf), start: Date.UTC(2024, 0, 1) });
    source = `generated by the simulated market (seed ${seed}); SIMULATED, not real prices`;
  } else {
    const candles = str(values.candles) === undefined ? undefined : number('candles', str(values.candles), 1_000, 2, 5_000_000, true);
    ({ series, source } = await fetchExchangeCandles({ exchange, symbol: sym.symbol, timeframe: tf, candles, from: str(values.from), to: str(values.to) }, io));
  }
  if (series.length < 2) throw new UserError(`${source} gave ${series.length} usable candle(s); a backtest needs at least 2`);

  const size = ordersSize(def, { size: str(values.size), amount: str(values.amount), futures, exits, cash, entrySize: true }, sym);

  let run: BacktestRun | FuturesBacktestRun | OrdersBacktestRun;
  let futuresRun: FuturesBacktestRun | undefined;
  let ordersRun: OrdersBacktestRun | undefined;
  try {
    const config = { cash, fee, slippageBps, timeframeMs: timeframeMs(tf), budgetMs: strategyBudgetMs(io.dataDir) };
    if (keepsOrders(def)) run = ordersRun = runOrdersBacktest(def, resolved.params, series, { ...config, exits, size: size!, outOfRange: gridOutOfRange(io.dataDir) });
    else run = fut ? (futuresRun = runFuturesBacktest(def, resolved.params, series, { ...config, ...fut })) : runBacktest(def, resolved.params, series, { ...config, exits, size });
  } catch (err) {
    if (err instanceof RangeError || err instanceof StrategyError) throw new UserError(err.message);
    throw err;
  }
  if (values.json) {
    const { equity, ...figures } = run;
    const market = fut ? { futures: true, fundingSource: describeFunding(fut.funding) } : {};
    const json = { strategy: def.name, params: resolved.params, symbol: sym.symbol, timeframe: tf, cash, fee, slippageBps, ...(size ? { size: formatSize(size) } : {}), ...(hasExits(exits) ? { exits } : {}), source, ...market, firstTime: series.t[0], lastTime: series.t[series.length - 1], ...figures, equityFinal: equity[equity.length - 1] };
    io.stdout.write(`${JSON.stringify(json, figureReplacer, 2)}\n`);
  } else {
    const exitLines: { extraLines?: string[]; executionModel?: string } = hasExits(exits) ? { extraLines: [`Exits          ${formatExits(exits)}, checked at each close (the live rule); ${run.fills.filter((f) => 'exit' in f && f.exit !== undefined).length} fired`] } : {};
    const ordersLines = ordersRun ? [`Orders         size ${formatSize(size!)} each; ${ordersRun.fills.length} fills, ${ordersRun.refusedOrders} refused for funds, ${ordersRun.restingAtEnd} resting at the end`, `Invested       ${money(ordersRun.invested)} ${sym.quote} (fees included); holding ${+ordersRun.position.toFixed(8)} ${sym.base}${ordersRun.position > 0 ? ` at an average entry of ${money(ordersRun.averageEntry)}` : ''}`, ...(ordersRun.left ? [`Left range     ${new Date(ordersRun.left.time).toISOString()}: ${ordersRun.left.reason} (${ordersRun.left.action === 'stop' ? 'stopped, orders cancelled' : 'book held'}; grid.outOfRange)`] : [])] : [];
    if (ordersRun) Object.assign(exitLines, { extraLines: [...ordersLines, ...(exitLines.extraLines ?? [])], executionModel: ordersExecutionModel(fee, slippageBps, cash, sym.quote) });
    const futureLines = fut && futuresRun ? { executionModel: futuresExecutionModel(fee, slippageBps, cash, sym.quote, fut.leverage, fut.funding), extraLines: futuresReportLines(futuresRun, sym.quote) } : exitLines;
    io.stdout.write(`${formatBacktest(run, { strategy: def.name, params: resolved.params, symbol: sym.symbol, timeframe: tf, fee, slippageBps, quote: sym.quote, firstTime: series.t[0], lastTime: series.t[series.length - 1], source, ...(size && !ordersRun ? { size: formatSize(size) } : {}), ...futureLines }, io.color)}\n`);
  }
  return 0;
};

/** How a strategy that keeps orders is executed, for the report's head (the classic model spends all cash). */
function ordersExecutionModel(fee: number, slippageBps: number, cash: number, quote: string): string {
  return [
    `Execution model: spot, no leverage, starting cash ${money(cash)} ${quote}, one --size per order. At a close the`,
    'strategy\'s orders go out and arrive at the next open: a market order fills there (slippage',
    `${slippageBps} bps); a limit the open is through fills at the open, else it rests and fills at its price when a`,
    `candle's low (buy) or high (sell) reaches it; resting buys hold their funds. Fee ${(fee * 100).toFixed(3)}% per fill.`,
  ].join('\n');
}

const money = (x: number): string => x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
