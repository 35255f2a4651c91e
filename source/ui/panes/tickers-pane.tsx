import { Text } from 'ink';
import { useRef } from 'react';
import type { Session } from '../../app/session/session.js';
import { change24h, priceDecimals, type Ticker } from '../../domain/index.js';
import { change, compact, num } from '../../format/format.js';
import { DataTable, type Cell } from '../components/data-table.js';
import type { Theme } from '../theme.js';
import { useSelector } from '../use-session-state.js';
import type { State } from '../../store/index.js';
import { TICKER_SORT_COLUMN, type TickerSort } from '../ticker-sort.js';

export interface TickersPaneProps {
  readonly session: Session;
  readonly theme: Theme;
  readonly symbols: readonly string[];
  readonly selected: number;
  readonly maxRows: number;
  /** Columns inside the pane: what does not fit is left out, volume first, then ask, bid, 24h. */
  readonly width: number;
  /** The order the rows are in: its column's header gets an arrow. */
  readonly sort?: TickerSort;
  /** Markets on the watchlist: marked ★. */
  readonly watched?: ReadonlySet<string>;
}

const selectTickers = (s: State) => s.market.tickers;
const selectInstruments = (s: State) => s.market.instruments;

function symbolWidth(symbols: readonly string[]): number {
  let w = 10;
  for (const s of symbols) if (s.length > w) w = s.length;
  return Math.min(16, w);
}

/** Live bid/ask/last/24h; the last price's latest move is shown by an arrow and colour. */
export function TickersPane({ session, theme, symbols, selected, maxRows, width, sort = 'symbol', watched }: TickersPaneProps) {
  const tickers = useSelector(session, selectTickers);
  const instruments = useSelector(session, selectInstruments);
  const moves = useRef(new Map<string, { last: number; dir: 1 | -1 | 0 }>());
  if (symbols.length === 0) return <Text dimColor>waiting for market data…</Text>;
  const row = (i: number): Cell[] => {
    const sym = symbols[i];
    const key = `${session.venue}:${sym}`;
    const t: Ticker | undefined = tickers[key];
    const label = watched?.size ? `${watched.has(sym) ? '★' : ' '} ${sym}` : sym;
    if (!t) return [{ text: label }];
    const d = instruments[key] ? priceDecimals(instruments[key]) : 2;
    const prev = moves.current.get(sym);
    const dir = !prev ? 0 : t.last > prev.last ? 1 : t.last < prev.last ? -1 : prev.dir;
    moves.current.set(sym, { last: t.last, dir });
    const ch = change24h(t);
    const arrow = dir > 0 ? '▲' : dir < 0 ? '▼' : ' ';
    const cells: Cell[] = [
      { text: label },
      { text: num(t.bid, d) },
      { text: num(t.ask, d) },
      { text: `${num(t.last, d)} ${arrow}`, color: dir > 0 ? theme.up : dir < 0 ? theme.down : undefined, bold: dir !== 0 },
      { text: change(ch), color: ch > 0 ? theme.up : ch < 0 ? theme.down : undefined },
    ];
    cells.push({ text: compact(t.volume24h) });
    return cells;
  };
  const by = TICKER_SORT_COLUMN[sort];
  const header = (h: string) => (h === by.header ? `${h}${by.arrow}` : h);
  const columns = [
    // Wide enough for the longest symbol (1000SHIB/USDT is 13): a cut symbol could name another.
    { header: header('SYMBOL'), width: symbolWidth(symbols) + (watched?.size ? 2 : 0) },
    { header: header('BID'), width: 11, align: 'right' as const, drop: 3 },
    { header: header('ASK'), width: 11, align: 'right' as const, drop: 4 },
    { header: header('LAST'), width: 13, align: 'right' as const, drop: 1 },
    { header: header('24H'), width: 8, align: 'right' as const, drop: 2 },
    { header: header('VOLUME'), width: 8, align: 'right' as const, drop: 5 },
  ];
  // Only the rows on screen are formatted: 200 symbols must not cost 200 rows a frame.
  return <DataTable columns={columns} rows={{ count: symbols.length, row }} selected={Math.max(0, selected)} maxRows={maxRows} width={width} />;
}
