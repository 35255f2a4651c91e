import type { PnlBreakdown, TakenOver } from '../engine/pnl-breakdown.js';
import { baseOf, quoteOf } from '../domain/symbols.js';
import { isPerpetualSymbol } from '../domain/futures.js';
import type { PeriodPnl, PnlPeriod, QuotePnl } from '../engine/pnl-period.js';
import { amount, fee, qty, signedAmount, table, type Column } from './format.js';

/** The period in words, with the UTC date it began: `today (2026-12-09 UTC)`. */
export function periodTitle(period: PnlPeriod, from: number): string {
  const day = new Date(from).toISOString().slice(0, 10);
  switch (period) {
    case 'day':
      return `today (${day} UTC)`;
    case 'week':
      return `this week (since Monday ${day} UTC)`;
    case 'month':
      return `this month (since ${day} UTC)`;
    default: {
      const never: never = period;
      return never;
    }
  }
}

const FIGURE_COLUMNS: readonly Column[] = [
  { header: 'TRADES', align: 'right' }, { header: 'NET REALISED', align: 'right' }, { header: 'FEES', align: 'right' }, { header: 'UNREALISED', align: 'right' }, { header: 'PNL', align: 'right' },
];
const figureCells = (q: QuotePnl, quote: string): string[] => [String(q.trades), signedAmount(q.realised, quote), fee(q.fees, quote), signedAmount(q.unrealised, quote), signedAmount(q.pnl, quote)];

/** Fees paid in a third asset (BNB) are listed, not valued: no rate is guessed. */
function otherFeesLine(byQuote: Readonly<Record<string, QuotePnl>>): string[] {
  const other: Record<string, number> = {};
  for (const q of Object.values(byQuote)) for (const [asset, f] of Object.entries(q.otherFees)) other[asset] = (other[asset] ?? 0) + f;
  const listed = Object.entries(other).map(([asset, f]) => `${qty(f)} ${asset}`);
  return listed.length ? [`fees in other assets, not in the figures: ${listed.join(', ')}`] : [];
}

const NOTE = 'realised within the period, net of fees (FEES is in it); unrealised: what is open now, at the last price, against its entry';

/** `pnl`: the period's figures per quote currency (each in its own unit, never converted). */
export function periodPnlText(p: PeriodPnl): string {
  const quotes = Object.keys(p.byQuote).sort();
  if (quotes.length === 0) return `PnL ${periodTitle(p.period, p.from)}: no trades and nothing open`;
  const rows = quotes.map((q) => [q, ...figureCells(p.byQuote[q], q)]);
  return [`PnL ${periodTitle(p.period, p.from)}`, table([{ header: 'QUOTE' }, ...FIGURE_COLUMNS], rows), ...otherFeesLine(p.byQuote), NOTE].join('\n');
}

/** `pnl --by day|strategy|symbol`: one line per day, strategy or market, then the totals per quote. */
export function breakdownText(b: PnlBreakdown): string {
  const title = `PnL ${periodTitle(b.period, b.from)} by ${b.by}`;
  if (b.rows.length === 0) return `${title}: no trades and nothing open`;
  const totals = Object.keys(b.totals).sort().map((q) => ['TOTAL', q, ...figureCells(b.totals[q], q)]);
  const rows = [...b.rows.map((r) => [r.key, r.quote, ...figureCells(r, r.quote)]), ...totals];
  // By strategy the books are apart (a grid and an rsi on BTC/USDT, each its own entry): beside
  // `pnl`, which pools a market's fills at one average entry, its TOTAL splits realised and
  // unrealised otherwise, and a trader comparing the two is told why rather than left to doubt either.
  const note = b.by === 'day' ? `${NOTE} (on today's line)` : b.by === 'strategy' ? `${NOTE}; each strategy's own (manual: yours),\nat its own average entry: where several trade one market, TOTAL splits realised and unrealised otherwise than pnl,\nwhich pools the market's fills at one entry` : NOTE;
  return [title, table([{ header: b.by.toUpperCase() }, { header: 'QUOTE' }, ...FIGURE_COLUMNS], rows), ...otherFeesLine(b.totals), ...(b.takenOver ?? []).map(takenOverText), note].join('\n');
}

/**
 * Why the `manual` line holds part of an instance's position: the part closed outside it is
 * the trader's, taken over at the instance's entry, so the order that closed it is realised on
 * manual's line against that price. "manual takes over -0.05 BTC of sma-ls-1 (closed outside
 * it) at its entry 79,067.66: the close is yours, on the manual line".
 */
export function takenOverText(t: TakenOver): string {
  const where = isPerpetualSymbol(t.symbol) ? 'closed outside it' : 'sold or moved outside it';
  return `manual takes over ${Number(t.qty.toFixed(8))} ${baseOf(t.symbol)} of ${t.id} (${where}) at its entry ${amount(t.entry, quoteOf(t.symbol))} ${quoteOf(t.symbol)}: the close is yours, on the manual line`;
}
