import { Box, Text } from 'ink';
import { useRef } from 'react';
import type { Session } from '../../app/session/session.js';
import { selectEquity, selectMarkedPositions, type State } from '../../store/index.js';
import { amount, num, price, quantity } from '../../format/format.js';
import { DataTable, type Cell, type Column } from '../components/data-table.js';
import type { Theme } from '../theme.js';
import { useSelector } from '../use-session-state.js';
import { PerpetualTable } from './perpetual-table.js';
import { perpetualRows } from '../futures-keys.js';
import { withVenueCell, withVenueColumn } from './venue-column.js';

export interface PositionsTableProps {
  readonly session: Session;
  readonly theme: Theme;
  readonly maxRows: number;
  readonly width?: number;
  /** The selected perpetual position (with --futures). */
  readonly selected?: number;
}

const COLUMNS: readonly Column[] = [
  { header: 'SYMBOL', width: 9 }, { header: 'QTY', width: 11, align: 'right' }, { header: 'AVG', width: 11, align: 'right', drop: 3 },
  { header: 'LAST', width: 11, align: 'right', drop: 2 }, { header: 'UPNL', width: 10, align: 'right' }, { header: 'NET RPNL', width: 10, align: 'right', drop: 1 },
];

/**
 * Positions marked to market, with totals, and the account's equity against what it was when
 * this view first showed (the session's start, for a trader who opens it early).
 */
const selectTickers = (s: State) => s.market.tickers;

export function PositionsTable({ session, theme, maxRows, width, selected }: PositionsTableProps) {
  // Marked to market: it redraws on ticks, not only when the ledger changes.
  useSelector(session, selectTickers);
  const state = session.state();
  const venues = session.venueIds();
  // Several venues: each one's positions and equity, added up (an arbitrage is long on one, short on the other).
  const equity = venues.reduce((sum, v) => sum + selectEquity(state, v), 0);
  const start = useRef(equity);
  if (start.current === 0 && equity > 0) start.current = equity;
  const list = venues.flatMap((v) => selectMarkedPositions(state, v));
  const pnl = (x: number): Cell => ({ text: num(x, 2), color: x > 0 ? theme.up : x < 0 ? theme.down : undefined });
  const inst = (p: { readonly venue: string; readonly symbol: string }) => state.market.instruments[`${p.venue}:${p.symbol}`];
  const rows: Cell[][] = list.map((p) => withVenueCell([{ text: p.symbol }, { text: quantity(p.qty, inst(p)) }, { text: p.qty ? price(p.avgPrice, inst(p)) : '-' }, { text: price(p.last, inst(p)) }, pnl(p.unrealizedPnl), pnl(p.realizedPnl)], p.venue, venues));
  const upnl = list.reduce((s, p) => s + p.unrealizedPnl, 0);
  const rpnl = list.reduce((s, p) => s + p.realizedPnl, 0);
  if (rows.length) rows.push(withVenueCell([{ text: 'TOTAL', bold: true }, { text: '' }, { text: '' }, { text: '' }, { ...pnl(upnl), bold: true }, { ...pnl(rpnl), bold: true }], '', venues));
  const change = start.current > 0 ? (equity / start.current - 1) * 100 : 0;
  const sign = change > 0.005 ? '+' : change < -0.005 ? '-' : '';
  const spot = (
    <Box flexDirection="column">
      <Text wrap="truncate">{`equity ${amount(equity, 'USDT')} USDT · since this view opened ${sign}${Math.abs(change).toFixed(2)}%`}</Text>
      {rows.length ? <DataTable columns={withVenueColumn(COLUMNS, venues)} rows={rows} maxRows={Math.max(1, maxRows - 1)} width={width} /> : <Text dimColor>{session.futures.available ? 'no spot positions' : 'no positions yet: press b to buy'}</Text>}
    </Box>
  );
  if (!session.futures.available) return spot;
  // Perpetuals first (they carry the risk and the keys); the spot positions below with what room is left.
  const perps = perpetualRows({ session }).length;
  const perpRows = Math.min(maxRows - 2, Math.max(3, perps + 3));
  return (
    <Box flexDirection="column">
      <PerpetualTable session={session} theme={theme} selected={selected} maxRows={perpRows} width={width} />
      {maxRows - perpRows >= 2 ? <Box flexDirection="column" height={maxRows - perpRows}>{spot}</Box> : null}
    </Box>
  );
}
