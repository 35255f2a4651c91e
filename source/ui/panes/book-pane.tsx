import { Text } from 'ink';
import { Canvas, type Span } from '../components/canvas.js';
import { useCallback } from 'react';
import type { Session } from '../../app/session.js';
import { priceDecimals } from '../../domain/index.js';
import { depthBar, depthLadder, type DepthRow } from '../../engine/depth.js';
import type { State } from '../../store/index.js';
import { num, quantity } from '../../shell/format.js';
import type { Theme } from '../theme.js';
import { useSelector } from '../use-session-state.js';

export interface BookPaneProps {
  readonly session: Session;
  readonly theme: Theme;
  readonly symbol: string;
  readonly levels: number;
  /** Columns inside the pane (29 shows price and quantity; wider adds cumulative depth and bars). */
  readonly width: number;
}

/** Narrowest bar worth drawing: below it the columns keep the room. */
const MIN_BAR = 4;

/**
 * Asks above (best last), bids below (best first), with the spread between. Wide enough, each
 * level shows the cumulative quantity to it and a bar of that depth, both sides on one scale.
 */
export function BookPane({ session, theme, symbol, levels, width }: BookPaneProps) {
  const key = `${session.venue}:${symbol}`;
  const book = useSelector(session, useCallback((s: State) => s.market.books[key], [key]));
  const inst = useSelector(session, useCallback((s: State) => s.market.instruments[key], [key]));
  if (!book) return <Text dimColor>no book for {symbol} yet</Text>;
  const d = inst ? priceDecimals(inst) : 2;
  const n = Math.max(1, levels);
  const asks = depthLadder(book.asks, n);
  const bids = depthLadder(book.bids, n);
  const qtyWidth = Math.max(8, Math.min(12, width - 17));
  // price, quantity, side label: 12 + 1 + qty + 4; the cumulative column and bar come after.
  const base = 12 + 1 + qtyWidth + 4;
  const cumWidth = width - base >= qtyWidth + 1 + MIN_BAR + 1 ? qtyWidth : 0;
  const barWidth = Math.max(0, width - base - (cumWidth ? cumWidth + 1 : 0) - 1);
  const bars = barWidth >= MIN_BAR;
  const scale = Math.max(asks.at(-1)?.cumulative ?? 0, bids.at(-1)?.cumulative ?? 0);
  const row = (r: DepthRow, side: 'ask' | 'bid'): Span[] => {
    const color = side === 'ask' ? theme.down : theme.up;
    const cum = cumWidth ? ` ${quantity(r.cumulative, inst).padStart(cumWidth)}` : '';
    const spans: Span[] = [{ text: `${num(r.price, d).padStart(12)} ${quantity(r.qty, inst).padStart(qtyWidth)}${cum} ${side}`, color }];
    if (bars) spans.push({ text: ` ${'█'.repeat(depthBar(r.cumulative, scale, barWidth))}`, color, dim: true });
    return spans;
  };
  const spread = book.asks[0] && book.bids[0] ? book.asks[0][0] - book.bids[0][0] : 0;
  return (
    <Canvas
      width={width}
      lines={[
        [{ text: `${symbol.padEnd(12)}${'QTY'.padStart(qtyWidth + 1)}${cumWidth ? 'TOTAL'.padStart(cumWidth + 1) : ''}`, bold: true }],
        ...[...asks].reverse().map((r) => row(r, 'ask')),
        [{ text: `  spread ${num(spread, d)}`, dim: true }],
        ...bids.map((r) => row(r, 'bid')),
      ]}
    />
  );
}
