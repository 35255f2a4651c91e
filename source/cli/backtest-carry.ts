import fs from 'node:fs';
import { isTimeframe, parseSymbol, perpetualSymbol, TIMEFRAMES, UserError } from '../domain/index.js';
import { parseBinanceFundingCsv } from '../adapters/candles/binance-funding-csv.js';
import { settingsOf } from '../app/session/settings-of.js';
import { runCarryBacktest, type CarryBacktestRun } from '../engine/backtest/carry-backtest.js';
import { describeFunding } from '../engine/backtest/funding-schedule.js';
import { defaultExitApr } from '../engine/carry/carry-math.js';
import { PERPETUAL_FEES, SPOT_FEES } from '../engine/fees.js';
import { parsePercent } from '../domain/number-text.js';
import { figureReplacer } from '../format/json-figures.js';
import { numberOption } from './parse-options.js';
import type { CliIO } from './io.js';
import { readCsv } from './read-candles.js';

/** The options `backtest --strategy carry` reads (the rest of backtest's are refused for it). */
export const CARRY_OPTIONS = ['strategy', 'symbol', 'timeframe', 'data', 'perp-data', 'funding', 'size', 'min-apr', 'exit-apr', 'hold-days', 'fee', 'skip-bad-rows', 'json', 'help'];

export const CARRY_HELP = `usage: atapi backtest --strategy carry --data SPOT.csv --perp-data PERP.csv
                        --funding FUNDING.csv [OPTIONS]

A funding carry over history: spot bought and the same quantity of the USD-M perpetual sold short,
held while the funding rate net of both legs' fees pays. The live carry's arithmetic (start carry).

  --data FILE           spot klines in Binance's public-data format (data.binance.vision
                        spot/.../klines; header optional; open_time in ms or µs)
  --perp-data FILE      the perpetual's klines (futures/um/.../klines; header optional)
  --funding FILE        the perpetual's funding-rate history (futures/um/monthly/fundingRate/...:
                        calc_time, funding_interval_hours, last_funding_rate)
  --symbol SYMBOL       the spot market, for the report (default BTC/USDT)
  --timeframe TF        candle length (default 1h): ${TIMEFRAMES.join(' ')}
  --size N[QUOTE]       quote notional of each leg at entry (default 1000)
  --min-apr P%          enter when the net APR reaches it (default 10%)
  --exit-apr P%         leave both legs below it (default half of --min-apr)
  --hold-days N         the holding period the round trip's fees are spread over
                        (default: the setting carry.holdDays)
  --fee F               spot taker fee as a fraction (default ${SPOT_FEES.taker});
                        the perpetual pays ${PERPETUAL_FEES.taker}
  --skip-bad-rows       list bad candle rows and gaps but carry on without them (default: stop)
  --json                one JSON object: every figure, the payments and the fills

At each funding mark (00:00, 08:00, 16:00 UTC) the short, when held, receives qty x the perpetual's
price x the rate; then the carry decides on that rate (the last published: no look-ahead). Both legs
fill as takers at the price of the mark (the candle opening then). The short is fully collateralised
(1x): no de-risk or liquidation is modelled. Figures: funding received, fees, basis PnL (both legs'
price PnL together), net = funding + basis - fees, time in position (a fraction of the span).`;

/** `atapi backtest --strategy carry ...`: the options as parsed by backtest's parseArgs. */
export function carryBacktest(values: Readonly<Record<string, string | boolean | undefined>>, io: CliIO): number {
  if (values.help) {
    io.stdout.write(`${CARRY_HELP}\n`);
    return 0;
  }
  const str = (k: string): string | undefined => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const unknown = Object.keys(values).find((k) => values[k] !== undefined && !CARRY_OPTIONS.includes(k));
  if (unknown) throw new UserError(`--${unknown} is not an option of the carry backtest (it takes ${CARRY_OPTIONS.filter((o) => o !== 'strategy' && o !== 'help').map((o) => `--${o}`).join(' ')})`);
  const sym = parseSymbol(str('symbol') ?? 'BTC/USDT');
  if (!sym.ok) throw new UserError(sym.error);
  const perp = perpetualSymbol(sym.base, sym.quote);
  const tf = str('timeframe') ?? '1h';
  if (!isTimeframe(tf)) throw new UserError(`bad --timeframe "${tf}": use one of ${TIMEFRAMES.join(' ')}`);
  const need = (k: string, what: string): string => str(k) ?? fail(`the carry backtest needs --${k} ${what}`);
  const spotFile = need('data', 'SPOT.csv (spot klines)');
  const perpFile = need('perp-data', 'PERP.csv (the perpetual\'s klines)');
  const fundingFile = need('funding', 'FUNDING.csv (Binance\'s funding-rate history)');
  const size = /^(\d+(?:\.\d+)?)\s*([A-Za-z]+)?$/.exec(str('size') ?? '1000');
  if (!size || !(Number(size[1]) > 0) || (size[2] !== undefined && size[2].toUpperCase() !== sym.quote)) throw new UserError(`--size is each leg's notional in ${sym.quote}, like 1000${sym.quote} (got "${str('size')}")`);
  const minApr = aprOption('min-apr', str('min-apr'), 10);
  const exitApr = str('exit-apr') === undefined ? defaultExitApr(minApr) : aprOption('exit-apr', str('exit-apr'), 0);
  if (!(exitApr < minApr)) throw new UserError(`--exit-apr ${exitApr}% must be below --min-apr ${minApr}%, or the carry would trade in and out at one rate`);
  const holdDays = numberOption('hold-days', str('hold-days'), settingsOf(io.dataDir)['carry.holdDays'], 1, 3650);
  const fees = { spotTaker: numberOption('fee', str('fee'), SPOT_FEES.taker, 0, 0.1), perpTaker: PERPETUAL_FEES.taker };

  const skip = values['skip-bad-rows'] === true;
  const spot = readCsv(spotFile, tf, skip, io);
  const perpCandles = readCsv(perpFile, tf, skip, io, 'perp-data');
  const funding = parseBinanceFundingCsv(readText(fundingFile, 'funding'), fundingFile);
  let run: CarryBacktestRun;
  try {
    run = runCarryBacktest(spot.series, perpCandles.series, funding, { notional: Number(size[1]), minApr, exitApr, holdDays, fees, lot: 1e-8 });
  } catch (err) {
    if (err instanceof RangeError) throw new UserError(`${err.message} (--data ${spotFile}, --perp-data ${perpFile}, --funding ${fundingFile})`);
    throw err;
  }
  const head = { strategy: 'carry', symbol: sym.symbol, perpSymbol: perp, timeframe: tf, size: Number(size[1]), minApr, exitApr, holdDays, spotFee: fees.spotTaker, perpFee: fees.perpTaker, source: spot.source, perpSource: perpCandles.source, fundingSource: describeFunding(funding) };
  if (values.json) io.stdout.write(`${JSON.stringify({ ...head, ...run }, figureReplacer, 2)}\n`);
  else io.stdout.write(`${carryReport(run, head, sym.quote)}\n`);
  return 0;
}

function carryReport(r: CarryBacktestRun, h: { symbol: string; perpSymbol: string; size: number; minApr: number; exitApr: number; holdDays: number; spotFee: number; perpFee: number; source: string; perpSource: string; fundingSource: string }, quote: string): string {
  const day = (ms: number): string => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
  const m = (x: number): string => `${x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${quote}`;
  return [
    `Funding carry  ${h.symbol} long, ${h.perpSymbol} short, ${h.size} ${quote} a leg; enter at ${h.minApr}% net APR, leave below ${h.exitApr}% (fees ${h.spotFee * 100}% spot, ${h.perpFee * 100}% perpetual, over ${h.holdDays} days)`,
    `Data           spot ${h.source}; perpetual ${h.perpSource}; funding ${h.fundingSource}`,
    `Span           ${day(r.firstTime)} .. ${day(r.lastTime)} UTC, ${r.fundingMarks} funding marks`,
    `Entries/exits  ${r.entries} / ${r.exits}${r.openAtEnd ? ' (open at the end: valued at the last closes)' : ''}; in position ${(r.timeInPosition * 100).toFixed(1)}% of the time`,
    `Funding        ${m(r.funding)} over ${r.payments.length} payments`,
    `Fees           ${m(r.fees)}`,
    `Basis PnL      ${m(r.basisPnl)}`,
    `Net            ${m(r.net)}`,
  ].join('\n');
}

function readText(file: string, flag: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`cannot read --${flag} ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (err as Error).message}`);
  }
}

function aprOption(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = parsePercent(raw);
  if (n === undefined) throw new UserError(`--${name} is a yearly rate in percent above 0, like 10% (got "${raw}")`);
  return n;
}

function fail(text: string): never {
  throw new UserError(text);
}
