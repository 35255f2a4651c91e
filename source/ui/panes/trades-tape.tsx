import { Text } from 'ink';
import { useCallback } from 'react';
import type { Session } from '../../app/session/session.js';
import { priceDecimals, type PublicTrade } from '../../domain/index.js';
import type { State } from '../../store/index.js';
import { num, quantity } from '../../format/format.js';
import { Canvas, type Span } from '../components/canvas.js';
import type { Theme } from '../theme.js';
import { useSelector } from '../use-session-state.js';

export interface TradesTapeProps {
  readonly session: Session;
  readonly theme: Theme;
  readonly symbol: string;
  /** Trades shown (rows under the header). */
  readonly rows: number;
  readonly width: number;
}

const NONE: readonly PublicTrade[] = [];

/** The market's recent trades, newest first: time, price (green buy, red sell), quantity. */
export function TradesTape({ session, theme, symbol, rows, width }: TradesTapeProps) {
  const key = `${session.venue}:${symbol}`;
  const trades = useSelector(session, useCallback((s: State) => s.market.trades[key] ?? NONE, [key]));
  const inst = useSelector(session, useCallback((s: State) => s.market.instruments[key], [key]));
  if (trades.length === 0) return <Text dimColor>no trades for {symbol} yet</Text>;
  const d = inst ? priceDecimals(inst) : 2;
  const shown = trades.slice(-Math.max(1, rows)).reverse();
  const cells = shown.map((t) => ({ t, time: new Date(t.ts).toISOString().slice(11, 19), price: num(t.price, d), qty: quantity(t.qty, inst) }));
  const priceWidth = Math.max(5, ...cells.map((c) => c.price.length));
  const qtyWidth = Math.max(3, ...cells.map((c) => c.qty.length));
  // The side is spelled out as well as coloured: NO_COLOR must still tell buys from sells.
  const line = (c: (typeof cells)[number]): Span[] => [
    { text: `${c.time} ` , dim: true, optional: true },
    { text: `${c.price.padStart(priceWidth)} ${c.qty.padStart(qtyWidth)} ${c.t.side === 'buy' ? 'buy ' : 'sell'}`, color: c.t.side === 'buy' ? theme.up : theme.down },
  ];
  return (
    <Canvas
      width={width}
      lines={[
        [{ text: 'TIME     ', bold: true, optional: true }, { text: `${'PRICE'.padStart(priceWidth)} ${'QTY'.padStart(qtyWidth)} SIDE`, bold: true }],
        ...cells.map(line),
      ]}
    />
  );
}
