import { Text } from 'ink';
import { Canvas, type Span } from '../components/canvas.js';
import { useCallback } from 'react';
import type { Session } from '../../app/session/session.js';
import { priceDecimals } from '../../domain/index.js';
import { depthBar, depthLadder, type DepthRow } from '../../engine/depth.js';
import type { State } from '../../store/index.js';
import { num, quantity } from '../../format/format.js';
import type { Theme } from '../theme.js';
import { useSelector } from '../use-session-state.js';

export interface BookPaneProps {
  readonly session: Session;
  readonly theme: Theme;
  readonly symbol: string;
  readonly levels: number;
  /** Columns inside the pane: price, quantity and side always; then depth bars, then cumulative depth. */
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
  // Columns as wide as what they hold (a level's price and quantities), so a narrow pane
  // still has room for bars; the header's words set the least.
  const cell = (r: DepthRow) => ({ r, price: num(r.price, d), qty: quantity(r.qty, inst), cum: quantity(r.cumulative, inst) });
  const askCells = asks.map(cell);
  const bidCells = bids.map(cell);
  const all = [...askCells, ...bidCells];
  const priceWidth = Math.max(10, ...all.map((c) => c.price.length));
  const qtyWidth = Math.max(3, ...all.map((c) => c.qty.length));
  const totalWidth = Math.max(5, ...all.map((c) => c.cum.length));
  // price, quantity, side label; the cumulative column and bar come after, if they fit.
  const base = priceWidth + 1 + qtyWidth + 4;
  const withTotal = width - base >= totalWidth + 1 + MIN_BAR + 1;
  const barWidth = Math.max(0, width - base - (withTotal ? totalWidth + 1 : 0) - 1);
  const bars = barWidth >= MIN_BAR;
  const scale = Math.max(asks.at(-1)?.cumulative ?? 0, bids.at(-1)?.cumulative ?? 0);
  const row = (c: ReturnType<typeof cell>, side: 'ask' | 'bid'): Span[] => {
    const color = side === 'ask' ? theme.down : theme.up;
    const cum = withTotal ? ` ${c.cum.padStart(totalWidth)}` : '';
    const spans: Span[] = [{ text: `${c.price.padStart(priceWidth)} ${c.qty.padStart(qtyWidth)}${cum} ${side}`, color }];
    if (bars) spans.push({ text: ` ${'█'.repeat(depthBar(c.r.cumulative, scale, barWidth))}`, color, dim: true });
    return spans;
  };
  const spread = book.asks[0] && book.bids[0] ? book.asks[0][0] - book.bids[0][0] : 0;
  return (
    <Canvas
      width={width}
      lines={[
        [{ text: `${symbol.padEnd(priceWidth)}${'QTY'.padStart(qtyWidth + 1)}${withTotal ? 'TOTAL'.padStart(totalWidth + 1) : ''}`, bold: true }],
        ...[...askCells].reverse().map((c) => row(c, 'ask')),
        [{ text: `  spread ${num(spread, d)}`, dim: true }],
        ...bidCells.map((c) => row(c, 'bid')),
      ]}
    />
  );
}
