import type { FuturesAccount, FuturesPositionRow } from '../../app/futures/futures-session.js';
import type { Instrument } from '../../domain/index.js';
import { change, num, price, quantity, share } from '../../format/format.js';
import type { Cell, Column } from '../components/data-table.js';

/** The colours a row needs: profit and loss, long and short. */
export interface PnlColours {
  readonly up?: string;
  readonly down?: string;
}

// The liquidation price and the PnL stay whatever the width; entry, margin and leverage give way.
export const WIDE_COLUMNS: readonly Column[] = [
  { header: 'PERPETUAL', width: 13 }, { header: 'SIDE', width: 5 }, { header: 'SIZE', width: 9, align: 'right' },
  { header: 'ENTRY', width: 10, align: 'right', drop: 2 }, { header: 'MARK', width: 10, align: 'right', drop: 1 }, { header: 'LIQ.PRICE', width: 12, align: 'right' },
  { header: 'LEV', width: 8, drop: 4 }, { header: 'MARGIN', width: 9, align: 'right', drop: 3 }, { header: 'UPNL', width: 9, align: 'right' }, { header: 'ROE', width: 8, align: 'right' },
];

/**
 * The same figures in 78 columns (an 80-column terminal's pane): Binance's short symbol
 * (BTCUSDT), no thousands separators, no leverage column (L shows and sets it). When even this
 * does not fit, mark goes first (the tickers show it), then entry, then margin: size, side, the
 * liquidation price, PnL and ROE stay.
 */
export const COMPACT_COLUMNS: readonly Column[] = [
  { header: 'SYMBOL', width: 8 }, { header: 'SIDE', width: 5 }, { header: 'SIZE', width: 7, align: 'right' },
  { header: 'ENTRY', width: 9, align: 'right', drop: 2 }, { header: 'MARK', width: 9, align: 'right', drop: 3 }, { header: 'LIQ.PRICE', width: 9, align: 'right' },
  { header: 'MARGIN', width: 8, align: 'right', drop: 1 }, { header: 'UPNL', width: 8, align: 'right' }, { header: 'ROE', width: 7, align: 'right' },
];

/** Columns a table of `columns` spans, the spaces between them included. */
export const span = (columns: readonly Column[]): number => columns.reduce((w, c) => w + c.width, 0) + columns.length - 1;

/** True when `width` is too narrow for the wide layout (undefined: no limit). */
export const isCompact = (width: number | undefined): boolean => width !== undefined && width < span(WIDE_COLUMNS);

/** `BTC/USDT:USDT` as Binance's futures screens write it, `BTCUSDT`; any other symbol as it is. */
export function shortSymbol(symbol: string): string {
  const m = /^([^/]+)\/([^:]+):(.+)$/.exec(symbol);
  return m && m[2] === m[3] ? `${m[1]}${m[2]}` : symbol;
}

/**
 * A number in at most `width` characters without its thousands separators, giving up decimals
 * (down to none) rather than being cut: a column that shows `#####` has told the trader nothing.
 */
export function tight(text: string, width: number): string {
  let t = text.replace(/,/g, '');
  while (t.length > width && /\.\d/.test(t)) t = t.endsWith('%') ? dropDecimal(t.slice(0, -1)) + '%' : dropDecimal(t);
  return t;
}

/** One decimal fewer, rounded; a leading + (a change) is kept. */
function dropDecimal(t: string): string {
  const plus = t.startsWith('+') ? '+' : '';
  const frac = t.split('.')[1] ?? '';
  return plus + Number(t).toFixed(Math.max(0, frac.length - 1));
}

/** One position's cells for the wide or the compact columns, in their order. */
export function perpetualCells(p: FuturesPositionRow, inst: Instrument | undefined, colours: PnlColours, compact: boolean): Cell[] {
  const long = p.qty > 0;
  const cols = compact ? COMPACT_COLUMNS : WIDE_COLUMNS;
  const fit = (text: string, i: number) => (compact ? tight(text, cols[i].width) : text);
  const pnl = (text: string, x: number): Cell => ({ text, color: x > 0 ? colours.up : x < 0 ? colours.down : undefined });
  const side: Cell = { text: long ? 'LONG' : 'SHORT', color: long ? colours.up : colours.down };
  const liq: string = p.liquidationPrice === undefined ? '--' : price(p.liquidationPrice, inst);
  if (!compact) {
    return [
      { text: p.symbol }, side, { text: quantity(Math.abs(p.qty), inst) }, { text: price(p.entryPrice, inst) }, { text: price(p.markPrice, inst) },
      { text: liq, bold: true }, { text: `${p.leverage}x ${p.marginMode === 'isolated' ? 'iso' : 'cross'}` }, { text: num(p.margin, 2) },
      pnl(num(p.unrealizedPnl, 2), p.unrealizedPnl), pnl(change(p.roe), p.roe),
    ];
  }
  return [
    { text: shortSymbol(p.symbol) }, side, { text: fit(quantity(Math.abs(p.qty), inst), 2) }, { text: fit(price(p.entryPrice, inst), 3) }, { text: fit(price(p.markPrice, inst), 4) },
    { text: fit(liq, 5), bold: true }, { text: fit(num(p.margin, 2), 6) }, pnl(fit(num(p.unrealizedPnl, 2), 7), p.unrealizedPnl), pnl(fit(change(p.roe), 8), p.roe),
  ];
}

/** The futures account in one line: the margin ratio first, as it says how near liquidation (100%) the cross account is. */
export function accountLine(a: FuturesAccount, compact: boolean): string {
  if (compact) return `${a.asset} futures · ratio ${share(a.marginRatio, 2)} · balance ${num(a.marginBalance, 2)} · avail ${num(a.availableBalance, 2)} · ${a.positionMode}`;
  return `futures ${a.asset} · margin ratio ${share(a.marginRatio, 2)} · margin balance ${num(a.marginBalance, 2)} · available ${num(a.availableBalance, 2)} · ${a.positionMode}`;
}
