import { Box, Text } from 'ink';
import { useCallback } from 'react';
import type { Session } from '../../app/session.js';
import { priceDecimals } from '../../domain/index.js';
import type { State } from '../../store/index.js';
import { num, qty } from '../../shell/format.js';
import type { Theme } from '../theme.js';
import { useSelector } from '../use-session-state.js';

export interface BookPaneProps {
  readonly session: Session;
  readonly theme: Theme;
  readonly symbol: string;
  readonly levels: number;
}

/** Asks above (best last), bids below (best first), with the spread between. */
export function BookPane({ session, theme, symbol, levels }: BookPaneProps) {
  const key = `${session.venue}:${symbol}`;
  const book = useSelector(session, useCallback((s: State) => s.market.books[key], [key]));
  const inst = useSelector(session, useCallback((s: State) => s.market.instruments[key], [key]));
  if (!book) return <Text dimColor>no book for {symbol} yet</Text>;
  const d = inst ? priceDecimals(inst) : 2;
  const n = Math.max(1, levels);
  const asks = book.asks.slice(0, n).reverse();
  const bids = book.bids.slice(0, n);
  const line = (p: number, q: number) => `${num(p, d).padStart(12)} ${qty(q, 5).padStart(12)}`;
  const spread = book.asks[0] && book.bids[0] ? book.asks[0][0] - book.bids[0][0] : 0;
  return (
    <Box flexDirection="column">
      <Text bold>{`${symbol.padEnd(12)}${'QTY'.padStart(13)}`}</Text>
      {asks.map(([p, q]) => (
        <Text key={`a${p}`} color={theme.down} wrap="truncate">{`${line(p, q)} ask`}</Text>
      ))}
      <Text dimColor>{`  spread ${num(spread, d)}`}</Text>
      {bids.map(([p, q]) => (
        <Text key={`b${p}`} color={theme.up} wrap="truncate">{`${line(p, q)} bid`}</Text>
      ))}
    </Box>
  );
}
