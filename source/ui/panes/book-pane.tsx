import { Text } from 'ink';
import { Canvas } from '../components/canvas.js';
import { useCallback } from 'react';
import type { Session } from '../../app/session.js';
import { priceDecimals } from '../../domain/index.js';
import type { State } from '../../store/index.js';
import { num, quantity } from '../../shell/format.js';
import type { Theme } from '../theme.js';
import { useSelector } from '../use-session-state.js';

export interface BookPaneProps {
  readonly session: Session;
  readonly theme: Theme;
  readonly symbol: string;
  readonly levels: number;
  /** Columns inside the pane (29 shows everything; narrower trims the quantity column). */
  readonly width: number;
}

/** Asks above (best last), bids below (best first), with the spread between. */
export function BookPane({ session, theme, symbol, levels, width }: BookPaneProps) {
  const key = `${session.venue}:${symbol}`;
  const book = useSelector(session, useCallback((s: State) => s.market.books[key], [key]));
  const inst = useSelector(session, useCallback((s: State) => s.market.instruments[key], [key]));
  if (!book) return <Text dimColor>no book for {symbol} yet</Text>;
  const d = inst ? priceDecimals(inst) : 2;
  const n = Math.max(1, levels);
  const asks = book.asks.slice(0, n).reverse();
  const bids = book.bids.slice(0, n);
  const qtyWidth = Math.max(8, Math.min(12, width - 17));
  const line = (p: number, q: number) => `${num(p, d).padStart(12)} ${quantity(q, inst).padStart(qtyWidth)}`;
  const spread = book.asks[0] && book.bids[0] ? book.asks[0][0] - book.bids[0][0] : 0;
  return (
    <Canvas
      width={width}
      lines={[
        [{ text: `${symbol.padEnd(12)}${'QTY'.padStart(qtyWidth + 1)}`, bold: true }],
        ...asks.map(([p, q]) => [{ text: `${line(p, q)} ask`, color: theme.down }]),
        [{ text: `  spread ${num(spread, d)}`, dim: true }],
        ...bids.map(([p, q]) => [{ text: `${line(p, q)} bid`, color: theme.up }]),
      ]}
    />
  );
}
