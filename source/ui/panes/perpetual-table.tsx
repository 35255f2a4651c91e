import { Box, Text } from 'ink';
import type { Session } from '../../app/session.js';
import { change, num, price, quantity, share } from '../../shell/format.js';
import { DataTable, type Cell, type Column } from '../components/data-table.js';
import { perpetualRows } from '../futures-keys.js';
import type { Theme } from '../theme.js';

export interface PerpetualTableProps {
  readonly session: Session;
  readonly theme: Theme;
  /** The selected row (the Positions tab's selection): c closes it, L and m change its settings. */
  readonly selected?: number;
  readonly maxRows: number;
  readonly width?: number;
}

// The liquidation price and the PnL stay whatever the width; entry, margin and leverage give way.
const COLUMNS: readonly Column[] = [
  { header: 'PERPETUAL', width: 13 }, { header: 'SIDE', width: 5 }, { header: 'SIZE', width: 9, align: 'right' },
  { header: 'ENTRY', width: 10, align: 'right', drop: 2 }, { header: 'MARK', width: 10, align: 'right', drop: 1 }, { header: 'LIQ.PRICE', width: 12, align: 'right' },
  { header: 'LEV', width: 8, drop: 4 }, { header: 'MARGIN', width: 9, align: 'right', drop: 3 }, { header: 'UPNL', width: 9, align: 'right' }, { header: 'ROE', width: 8, align: 'right' },
];

/** Perpetual positions with their risk, and the futures account in one line above them. */
export function PerpetualTable({ session, theme, selected, maxRows, width }: PerpetualTableProps) {
  const list = perpetualRows({ session });
  const a = session.futures.account();
  const state = session.state();
  const inst = (symbol: string) => state.market.instruments[`${session.venue}:${symbol}`];
  const pnl = (text: string, x: number): Cell => ({ text, color: x > 0 ? theme.up : x < 0 ? theme.down : undefined });
  const rows = list.map((p): Cell[] => {
    const long = p.qty > 0;
    return [
      { text: p.symbol }, { text: long ? 'LONG' : 'SHORT', color: long ? theme.up : theme.down }, { text: quantity(Math.abs(p.qty), inst(p.symbol)) },
      { text: price(p.entryPrice, inst(p.symbol)) }, { text: price(p.markPrice, inst(p.symbol)) },
      { text: p.liquidationPrice === undefined ? '--' : price(p.liquidationPrice, inst(p.symbol)), bold: true },
      { text: `${p.leverage}x ${p.marginMode === 'isolated' ? 'iso' : 'cross'}` }, { text: num(p.margin, 2) },
      pnl(num(p.unrealizedPnl, 2), p.unrealizedPnl), pnl(change(p.roe), p.roe),
    ];
  });
  // The margin ratio first: it is what says how near the cross account is to liquidation (100%).
  const head = `futures ${a.asset} · margin ratio ${share(a.marginRatio, 2)} · margin balance ${num(a.marginBalance, 2)} · available ${num(a.availableBalance, 2)} · ${a.positionMode}`;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">{head}</Text>
      {rows.length ? (
        <DataTable columns={COLUMNS} rows={rows} selected={selected === undefined ? undefined : Math.min(selected, rows.length - 1)} maxRows={Math.max(1, maxRows - 1)} width={width} />
      ) : (
        <Text dimColor>no perpetual positions: f picks the perpetual, b goes long, s short</Text>
      )}
    </Box>
  );
}
