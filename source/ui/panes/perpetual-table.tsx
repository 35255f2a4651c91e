import { Box, Text } from 'ink';
import type { Session } from '../../app/session/session.js';
import { DataTable } from '../components/data-table.js';
import { perpetualRows } from '../futures-keys.js';
import type { Theme } from '../theme.js';
import { accountLine, COMPACT_COLUMNS, isCompact, perpetualCells, WIDE_COLUMNS } from './perpetual-cells.js';

export interface PerpetualTableProps {
  readonly session: Session;
  readonly theme: Theme;
  /** The selected row (the Positions tab's selection): c closes it, L and m change its settings. */
  readonly selected?: number;
  readonly maxRows: number;
  readonly width?: number;
}

/** Perpetual positions with their risk, and the futures account in one line above them. */
export function PerpetualTable({ session, theme, selected, maxRows, width }: PerpetualTableProps) {
  const list = perpetualRows({ session });
  const a = session.futures.account();
  const state = session.state();
  const inst = (symbol: string) => state.market.instruments[`${session.venue}:${symbol}`];
  // Narrower than the wide table: the compact one, so entry, margin and PnL stay at 80 columns.
  const compact = isCompact(width);
  const rows = list.map((p) => perpetualCells(p, inst(p.symbol), theme, compact));
  const head = accountLine(a, compact);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">{head}</Text>
      {rows.length ? (
        <DataTable columns={compact ? COMPACT_COLUMNS : WIDE_COLUMNS} rows={rows} selected={selected === undefined ? undefined : Math.min(selected, rows.length - 1)} maxRows={Math.max(1, maxRows - 1)} width={width} />
      ) : (
        <Text dimColor>no perpetual positions: f picks the perpetual, b goes long, s short</Text>
      )}
    </Box>
  );
}
