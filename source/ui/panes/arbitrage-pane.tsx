import { Box, Text } from 'ink';
import type { Session } from '../../app/session/session.js';
import type { ArbRow } from '../../engine/arb/arb-scan.js';
import type { State } from '../../store/index.js';
import { change } from '../../format/format.js';
import { DataTable, type Cell } from '../components/data-table.js';
import type { Theme } from '../theme.js';
import { useSelector } from '../use-session-state.js';

export interface ArbitragePaneProps {
  readonly session: Session;
  readonly theme: Theme;
  readonly selected: number;
  readonly maxRows: number;
  readonly width: number;
}

const selectBooks = (s: State) => s.market.books;

/**
 * Cross-venue arbitrage (`A` on the Market cap pane): each market on two or more venues, the
 * best buy and sell venue at arb.scanNotional, the edge net of both fees, and its flags (a
 * flagged edge is never traded). The same rows as `arb scan`.
 */
export function ArbitragePane({ session, theme, selected, maxRows, width }: ArbitragePaneProps) {
  useSelector(session, selectBooks);
  let rows: ArbRow[];
  try {
    rows = session.arbScan();
  } catch (err) {
    return <Text dimColor wrap="wrap">{(err as Error).message}</Text>;
  }
  const cells = rows.map((r): Cell[] => {
    const e = r.best;
    const flags = e ? [...new Set(e.problems.map((p) => p.code.replace('arb.', '')))].join(',') || 'ok' : 'no book';
    return [
      { text: r.symbol.replace('/USDT', '') },
      { text: e ? `${e.buyVenue}>${e.sellVenue}` : '-' },
      { text: e ? change(e.netPercent / 100, 3) : '-', color: e && flags === 'ok' ? (e.net > 0 ? theme.up : theme.down) : undefined },
      { text: flags, color: flags === 'ok' ? undefined : theme.down },
    ];
  });
  return (
    <Box flexDirection="column">
      <Text dimColor wrap="truncate">{`${session.venueIds().join(' · ')} · net of fees · A: market cap`}</Text>
      <DataTable columns={[{ header: 'COIN', width: 5 }, { header: 'BUY>SELL', width: 11 }, { header: 'NET', width: 9, align: 'right' }, { header: 'FLAGS', width: 16 }]} rows={cells} selected={selected} maxRows={maxRows} width={width} />
    </Box>
  );
}
