import type { Instrument, TradingMode } from '../domain/index.js';
import type { Heartbeat, RunSummary } from '../app/strategy-runtime/run-report.js';
import type { OnceResult } from '../app/strategy-runtime/run-once.js';
import { fee, isoTime, paint, price, quantity, signedAmount } from '../format/format.js';
import { spanText } from '../domain/span-text.js';

/** What `run` prints about its market, for formatting figures at the instrument's precision. */
export interface RunMarket {
  readonly symbol: string;
  readonly base: string;
  readonly quote: string;
  readonly instrument?: Instrument;
  /** Where the money is (paper, testnet, live): every JSON line carries it, as the shell's order answers do. */
  readonly mode: TradingMode;
}

const signed = (n: number, asset: string): string => `${signedAmount(n, asset)} ${asset}`;

/** One heartbeat line: `2026-11-25 22:01:00 BTC/USDT 104,632.51 signal - pos 0.01000 BTC pnl +1.20 USDT`. */
export function heartbeatLine(h: Heartbeat, m: RunMarket, colour: boolean): string {
  const sig = h.signal ? paint(h.signal, h.signal === 'buy' ? 'green' : 'red', colour) : '-';
  const pnl = paint(signed(h.figures.pnl, m.quote), h.figures.pnl > 0 ? 'green' : 'red', colour && Math.abs(h.figures.pnl) >= 0.005);
  return `${isoTime(h.ts)} ${m.symbol} ${price(h.price, m.instrument)} signal ${sig} pos ${quantity(h.figures.position, m.instrument)} ${m.base} pnl ${pnl}`;
}

export function heartbeatJson(h: Heartbeat, m: RunMarket): string {
  return JSON.stringify({ type: 'heartbeat', mode: m.mode, ts: new Date(h.ts).toISOString(), symbol: m.symbol, price: h.price, signal: h.signal ?? null, ...figuresJson(h.figures) });
}

function figuresJson(f: Heartbeat['figures']): Record<string, unknown> {
  return { position: f.position, avgEntry: f.avgEntry, realised: f.realised, unrealised: f.unrealised, fees: f.fees, pnl: f.pnl, trades: f.trades, ...(Object.keys(f.otherFees).length ? { otherFees: f.otherFees } : {}) };
}

/** The summary on exit, one line per figure so a person reads it at a glance. */
export function summaryText(s: RunSummary, m: RunMarket): string {
  const f = s.figures;
  const other = Object.entries(f.otherFees).map(([a, n]) => ` + ${fee(n, a)} ${a}`).join('');
  return [
    `summary of ${s.strategyId}: ${spanText(s.durationMs)} (${isoTime(s.startedAt)} to ${isoTime(s.endedAt)} UTC)`,
    `  trades      ${f.trades}`,
    `  position    ${quantity(f.position, m.instrument)} ${m.base}${f.position ? ` at ${price(f.avgEntry, m.instrument)}` : ''}${s.held ? ` (this run); with its earlier runs the instance holds ${quantity(s.held.position, m.instrument)} ${m.base}${s.held.position ? ` at ${price(s.held.avgEntry, m.instrument)}` : ''}` : ''}`,
    `  realised    ${signed(f.realised, m.quote)} (net of fees)`,
    `  unrealised  ${signed(f.unrealised, m.quote)}`,
    `  fees        ${fee(f.fees, m.quote)} ${m.quote}${other}`,
    `  PnL         ${signed(f.pnl, m.quote)} (realised + unrealised)`,
  ].join('\n');
}

export function summaryJson(s: RunSummary, m: RunMarket, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ type: 'summary', mode: m.mode, strategyId: s.strategyId, symbol: m.symbol, startedAt: new Date(s.startedAt).toISOString(), endedAt: new Date(s.endedAt).toISOString(), durationMs: s.durationMs, ...figuresJson(s.figures), ...(s.held ? { held: s.held } : {}), ...extra });
}

/** An order line of a continuous run (the host's text), as a JSON line. */
export function orderJson(ts: number, text: string, m: Pick<RunMarket, 'mode'>): string {
  return JSON.stringify({ type: 'order', mode: m.mode, ts: new Date(ts).toISOString(), text });
}

/** What `--once` did, as one line. */
export function onceText(r: OnceResult, m: RunMarket): string {
  const o = r.order;
  const filled = o ? ` (${o.side} ${quantity(o.filledQty, m.instrument)} ${m.base}${o.filledQty ? ` at ${price(o.avgPrice, m.instrument)}, fee ${fee(o.fee, m.quote)} ${m.quote}` : ''})` : '';
  return `${isoTime(r.closedAt)} ${m.symbol} ${price(r.bar.c, m.instrument)} (candle closed; ${r.warmup} warm-up candles before it): ${r.signal ? `signal ${r.signal.side} (${r.signal.reason}); ` : ''}${r.message}${filled}`;
}

export function onceJson(r: OnceResult, m: RunMarket): string {
  const o = r.order;
  return JSON.stringify({
    type: 'once', mode: m.mode, outcome: r.outcome, symbol: m.symbol, closedAt: new Date(r.closedAt).toISOString(), close: r.bar.c, warmup: r.warmup,
    signal: r.signal ? { side: r.signal.side, reason: r.signal.reason } : null,
    order: o ? { id: o.id, side: o.side, status: o.status, filledQty: o.filledQty, avgPrice: o.avgPrice, fee: o.fee } : null,
    message: r.message,
  });
}
