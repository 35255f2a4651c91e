import { Text } from 'ink';
import { Canvas, type Span } from '../components/canvas.js';
import { useCallback } from 'react';
import type { Session } from '../../app/session/session.js';
import { priceDecimals } from '../../domain/index.js';
import { BOOK_GROUPS, bookLadder, depthBar, groupStep, ownOrders, type BookRow, type BookSide } from '../../engine/depth.js';
import type { State } from '../../store/index.js';
import { num, quantity } from '../../format/format.js';
import type { Theme } from '../theme.js';
import { useSelector } from '../use-session-state.js';

export interface BookPaneProps {
  readonly session: Session;
  readonly theme: Theme;
  readonly symbol: string;
  readonly levels: number;
  /** Columns inside the pane: price, quantity, side and own orders always; then depth bars, then cumulative depth. */
  readonly width: number;
  /** Index into `BOOK_GROUPS`: 0 shows each level, then groups of 10, 100, 1,000 ticks (`g`). */
  readonly group?: number;
}

/** Narrowest bar worth drawing: below it the columns keep the room. */
const MIN_BAR = 4;
/** Marks a row where the trader's own orders rest (`*` in ASCII). */
const OWN = '●';

const selectOrders = (s: State) => s.ledger.orders;

/**
 * Asks above (best last), bids below (best first), with the spread between. The trader's own
 * resting orders are marked at their level with their quantity; `g` groups levels by a price
 * step. Wide enough, each level shows the cumulative quantity to it and a bar of that depth,
 * both sides on one scale.
 */
export function BookPane({ session, theme, symbol, levels, width, group = 0 }: BookPaneProps) {
  const key = `${session.venue}:${symbol}`;
  const book = useSelector(session, useCallback((s: State) => s.market.books[key], [key]));
  const inst = useSelector(session, useCallback((s: State) => s.market.instruments[key], [key]));
  const orders = useSelector(session, selectOrders);
  if (!book) return <Text dimColor>no book for {symbol} yet</Text>;
  const d = inst ? priceDecimals(inst) : 2;
  const n = Math.max(1, levels);
  const ticks = BOOK_GROUPS[group] ?? 1;
  const grouped = ticks > 1 && inst !== undefined;
  const step = inst ? groupStep(inst.tickSize, ticks) : 0;
  const own = ownOrders(orders, session.venue, symbol);
  const bid = bookLadder(book.bids, own.bids, { step, side: 'bid', n, grouped });
  let ask = bookLadder(book.asks, own.asks, { step, side: 'ask', n, grouped });
  // Own orders further out than the levels shown get a line of their own, never left unsaid:
  // the farthest ask gives it its room.
  if (ask.beyond + bid.beyond > 0 && n > 1) ask = bookLadder(book.asks, own.asks, { step, side: 'ask', n: n - 1, grouped });
  const beyond = ask.beyond + bid.beyond;
  // Columns as wide as what they hold (a level's price and quantities), so a narrow pane
  // still has room for bars; the header's words set the least.
  const cell = (r: BookRow) => ({
    r,
    price: num(r.price, d),
    // The book as received ends inside this group: more may rest here than it says.
    qty: `${r.partial ? '≥' : ''}${quantity(r.qty, inst)}`,
    cum: `${r.partial ? '≥' : ''}${quantity(r.cumulative, inst)}`,
    own: r.own > 0 ? `${OWN}${quantity(r.own, inst)}` : '',
  });
  const askCells = ask.rows.map(cell);
  const bidCells = bid.rows.map(cell);
  const all = [...askCells, ...bidCells];
  const priceWidth = Math.max(10, ...all.map((c) => c.price.length));
  const qtyWidth = Math.max(3, ...all.map((c) => c.qty.length));
  const totalWidth = Math.max(5, ...all.map((c) => c.cum.length));
  const ownWidth = Math.max(0, ...all.map((c) => c.own.length));
  // price, quantity, side label and own orders; the cumulative column and bar come after, if they fit.
  const base = priceWidth + 1 + qtyWidth + 4 + (ownWidth ? ownWidth + 1 : 0);
  const withTotal = width - base >= totalWidth + 1 + MIN_BAR + 1;
  const barWidth = Math.max(0, width - base - (withTotal ? totalWidth + 1 : 0) - 1);
  const bars = barWidth >= MIN_BAR;
  const scale = Math.max(ask.rows.at(-1)?.cumulative ?? 0, bid.rows.at(-1)?.cumulative ?? 0);
  const row = (c: ReturnType<typeof cell>, side: BookSide): Span[] => {
    const color = side === 'ask' ? theme.down : theme.up;
    const cum = withTotal ? ` ${c.cum.padStart(totalWidth)}` : '';
    const spans: Span[] = [{ text: `${c.price.padStart(priceWidth)} ${c.qty.padStart(qtyWidth)}${cum} ${side}`, color }];
    if (ownWidth) spans.push({ text: ` ${c.own.padEnd(ownWidth)}`, color: theme.accent, bold: c.own !== '' });
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
        [{ text: `  spread ${num(spread, d)}${grouped ? ` · by ${num(step, d)}` : ''}`, dim: true }],
        ...bidCells.map((c) => row(c, 'bid')),
        ...(beyond ? [[{ text: `  ${OWN}${beyond} of yours further out`, color: theme.accent }]] : []),
      ]}
    />
  );
}
