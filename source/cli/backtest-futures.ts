import fs from 'node:fs';
import { parseSymbol, perpetualSymbol, simBrackets, UserError, type Bracket } from '../domain/index.js';
import { parseBinanceFundingCsv } from '../adapters/candles/binance-funding-csv.js';
import { describeFunding, type FundingSchedule } from '../engine/backtest/funding-schedule.js';
import type { FuturesBacktestRun } from '../engine/backtest/futures-backtest.js';
import { num } from '../format/format.js';
import { PERPETUAL_FEES } from '../engine/fees.js';

/** Binance's baseline: the interest part alone, 0.01% per 8 h, when no --funding is given. */
export const DEFAULT_FUNDING_RATE = 0.0001;
/** Binance's USD-M taker fee at the lowest tier (0.05%). */
export const DEFAULT_FUTURES_FEE = PERPETUAL_FEES.taker;
/** Funding rates are capped near 0.3% (BTC) to 3% (small alts) per interval: a bigger constant is a typo. */
const MAX_CONSTANT_RATE = 0.03;

/** `--futures` settings, checked: the perpetual's tiers, the leverage and the funding source. */
export interface FuturesBacktestOptions {
  readonly leverage: number;
  readonly funding: FundingSchedule;
  readonly brackets: readonly Bracket[];
}

/**
 * `--leverage N` (a whole number from 1 to the tier table's maximum; a backtest places no order,
 * so risk.maxLeverage does not cap it) and `--funding RATE|FILE`: a fraction (0.0001), a
 * percent (0.01%), or a funding-rate CSV in Binance's public format.
 */
export function futuresOptions(base: string, leverageRaw: string | undefined, fundingRaw: string | undefined): FuturesBacktestOptions {
  const brackets = simBrackets(base);
  const max = brackets[0].maxLeverage;
  const leverage = leverageRaw === undefined ? 1 : Number(leverageRaw);
  if (leverageRaw !== undefined && (leverageRaw.trim() === '' || !Number.isInteger(leverage) || leverage < 1 || leverage > max)) {
    throw new UserError(`--leverage must be a whole number from 1 to ${max} for ${base} (got "${leverageRaw}")`);
  }
  return { leverage, funding: fundingSchedule(fundingRaw), brackets };
}

/**
 * The market of a backtest (and of a sweep): `--symbol`, and with `--futures` its perpetual (in
 * ccxt's name, BTC/USDT:USDT) with the leverage and funding; --leverage or --funding without
 * --futures, or a perpetual's name without it, is refused.
 */
export function backtestMarket(o: { readonly symbol?: string; readonly futures: boolean; readonly leverage?: string; readonly funding?: string }): { sym: { readonly symbol: string; readonly base: string; readonly quote: string }; fut?: FuturesBacktestOptions } {
  if (!o.futures && (o.leverage !== undefined || o.funding !== undefined)) throw new UserError(`--${o.leverage !== undefined ? 'leverage' : 'funding'} is for a futures backtest: add --futures`);
  const parsedSym = parseSymbol(o.symbol ?? 'BTC/USDT');
  if (!parsedSym.ok) throw new UserError(parsedSym.error);
  // --futures trades the perpetual of the market named, in ccxt's name for it.
  const sym = o.futures ? { ...parsedSym, symbol: perpetualSymbol(parsedSym.base, parsedSym.quote) } : parsedSym;
  if (!o.futures && sym.symbol.includes(':')) throw new UserError(`${sym.symbol} is a perpetual: add --futures to backtest it with leverage, funding and liquidation`);
  return { sym, ...(o.futures ? { fut: futuresOptions(sym.base, o.leverage, o.funding) } : {}) };
}

function fundingSchedule(raw: string | undefined): FundingSchedule {
  if (raw === undefined) return { kind: 'constant', rate: DEFAULT_FUNDING_RATE };
  const m = /^\s*(-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*(%?)\s*$/.exec(raw);
  if (m) {
    const rate = Number(m[1]) / (m[2] ? 100 : 1);
    if (!(Math.abs(rate) <= MAX_CONSTANT_RATE)) throw new UserError(`--funding ${raw.trim()} is ${(rate * 100).toFixed(4)}% per 8 h; a rate is at most ${MAX_CONSTANT_RATE * 100}% (e.g. 0.0001 or 0.01%), or give a funding-rate CSV`);
    return { kind: 'constant', rate };
  }
  let text: string;
  try {
    text = fs.readFileSync(raw, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`--funding ${raw}: not a rate (like 0.0001 or 0.01%) and ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory, not a file' : `not readable (${(err as Error).message})`}`);
  }
  return parseBinanceFundingCsv(text, raw);
}

export function futuresExecutionModel(fee: number, slippageBps: number, cash: number, quote: string, leverage: number, funding: FundingSchedule): string {
  return [
    `Execution model: USD-M perpetual, one-way, cross margin with the whole wallet behind one position,`,
    `leverage ${leverage}x, starting wallet ${num(cash, 2)} ${quote}. A signal at a candle's close acts at the next candle's open (a`,
    `signal on the last candle does not); a new target (long, short, flat; a spot strategy's buy = long, sell = flat)`,
    `closes the position, then opens the other side at the same open with notional N = wallet x leverage /`,
    `(1 + leverage x fee); fee ${(fee * 100).toFixed(3)}% of notional per fill, slippage ${slippageBps} bps. Funding ${describeFunding(funding)}`,
    `at 00:00, 08:00 and 16:00 UTC: the position held into the mark pays qty x price x rate (a long pays a positive`,
    `rate), priced at the open of the candle holding the mark. Liquidation is checked against each candle's low`,
    `(long) or high (short) before its close, at Binance's liquidation price from the wallet; it closes at that`,
    `price (or the open if the candle opened past it) and the maintenance margin left goes as the clearance fee.`,
    `Equity is marked at each close; the last price stands in for the mark price.`,
  ].join('\n');
}

/** The futures lines of the human report. */
export function futuresReportLines(run: FuturesBacktestRun, quote: string): string[] {
  const lines = [
    `Leverage       ${run.leverage}x set, at most ${run.maxLeverageUsed.toFixed(2)}x used (notional / equity at fills and closes)`,
    `Fees           ${num(run.fees, 2)} ${quote}`,
    `Funding        paid ${num(run.fundingPaid, 2)} ${quote}, received ${num(run.fundingReceived, 2)} ${quote} (${run.funding.length} payments)`,
    `Short          ${run.candles > 0 ? ((run.shortCandles / run.candles) * 100).toFixed(1) : '0.0'}% of candles closed short`,
    `Liquidations   ${run.liquidations.length === 0 ? 'none' : run.liquidations.length}`,
  ];
  for (const l of run.liquidations.slice(0, 10)) {
    lines.push(`  ${new Date(l.time).toISOString().slice(0, 16).replace('T', ' ')} ${l.position} ${num(Math.abs(l.qty), 6)} from ${num(l.entryPrice, 2)} at ${num(l.price, 2)} (liquidation price ${num(l.liquidationPrice, 2)}): wallet ${num(l.walletBefore, 2)} -> ${num(l.walletAfter, 2)} ${quote}`);
  }
  if (run.liquidations.length > 10) lines.push(`  ... and ${run.liquidations.length - 10} more (--json lists them all)`);
  return lines;
}
