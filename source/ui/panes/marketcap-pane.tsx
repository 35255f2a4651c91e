import { Box, Text } from 'ink';
import type { Session } from '../../app/session/session.js';
import { marketCapRows, marketCapSource, type MarketCapSort } from '../../app/marketcap/market-caps.js';
import type { State } from '../../store/index.js';
import { change, compact, price, share } from '../../format/format.js';
import { DataTable, type Cell } from '../components/data-table.js';
import type { Theme } from '../theme.js';
import { useSelector } from '../use-session-state.js';

export interface MarketCapPaneProps {
  readonly session: Session;
  readonly theme: Theme;
  readonly sort: MarketCapSort;
  readonly selected: number;
  readonly maxRows: number;
  /** Columns inside the pane: dominance, then 24h change, are left out when they do not fit. */
  readonly width: number;
  readonly now: () => number;
}

const selectTickers = (s: State) => s.market.tickers;

/** Ranking by market cap (live price x circulating supply), sortable with `o`. */
export function MarketCapPane({ session, theme, sort, selected, maxRows, width, now }: MarketCapPaneProps) {
  useSelector(session, selectTickers);
  const source = marketCapSource(session.state(), now());
  const rows = marketCapRows(session.state(), session.venue, sort);
  // Only the rows on screen are formatted: with real supplies the ranking holds hundreds of coins.
  const cells = (r: (typeof rows)[number]): Cell[] => [
    { text: String(r.rank) },
    { text: r.coin },
    { text: price(r.price, session.state().market.instruments[`${session.venue}:${r.symbol}`]) },
    { text: compact(r.marketCap) },
    { text: share(r.dominance) },
    { text: r.change24h === null ? '-' : change(r.change24h), color: r.change24h === null ? undefined : r.change24h > 0 ? theme.up : r.change24h < 0 ? theme.down : undefined },
  ];
  return (
    <Box flexDirection="column">
      <Text dimColor wrap="truncate">{`${source.label} · by ${sort} · o: sort`}</Text>
      <DataTable columns={[{ header: '#', width: 2, align: 'right' }, { header: 'COIN', width: 5 }, { header: 'PRICE', width: 11, align: 'right' }, { header: 'MCAP', width: 8, align: 'right' }, { header: 'DOM', width: 6, align: 'right', drop: 2 }, { header: '24H', width: 10, align: 'right', drop: 1 }]} rows={{ count: rows.length, row: (i) => cells(rows[i]) }} selected={selected} maxRows={maxRows} width={width} />
    </Box>
  );
}
