import { plot } from 'asciichart';
import { Text } from 'ink';
import { Canvas, type CanvasLine } from '../components/canvas.js';
import type { Session } from '../../app/session/session.js';
import { priceDecimals, type Timeframe } from '../../domain/index.js';
import { chartCandles, type State } from '../../store/index.js';
import { timeframeMs } from '../../domain/index.js';
import { change, num } from '../../format/format.js';
import type { Theme } from '../theme.js';
import { useSelector } from '../use-session-state.js';
import { useCallback, useEffect } from 'react';

export const CHART_TIMEFRAMES: readonly Timeframe[] = ['1m', '5m', '15m', '1h'];

export interface ChartPaneProps {
  readonly session: Session;
  readonly theme: Theme;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly width: number;
  readonly height: number;
}

/** Closes of the selected symbol with a price axis; ←/→ switch the timeframe. */
export function ChartPane({ session, theme, symbol, timeframe, width, height }: ChartPaneProps) {
  const key = `${session.venue}:${symbol}`;
  const series = useSelector(session, useCallback((s: State) => s.market.candles[`${key}:1m`], [key]));
  const older = useSelector(session, useCallback((s: State) => (timeframe === '1m' ? undefined : s.market.candles[`${key}:${timeframe}`]), [key, timeframe]));
  // Hours of candles need more than the 1m history: the venue is asked once per symbol and timeframe.
  useEffect(() => void session.loadCandles(symbol, timeframe), [session, symbol, timeframe]);
  const inst = useSelector(session, useCallback((s: State) => s.market.instruments[key], [key]));
  const d = inst ? priceDecimals(inst) : 2;
  const tabs = CHART_TIMEFRAMES.map((tf) => (tf === timeframe ? `[${tf}]` : ` ${tf} `)).join('');
  if (!series || series.length < 2) return <Text dimColor>{`${symbol} ${tabs}  no candles yet`}</Text>;
  const candles = chartCandles(older, series, timeframeMs(timeframe));
  const closes = candles.map((c) => c.c);
  const labelWidth = Math.max(...closes.map((c) => num(c, d).length));
  const points = Math.max(2, width - labelWidth - 3);
  const shown = closes.slice(-points);
  const rows = Math.max(2, height - 2);
  const chart = shown.length >= 2 ? plot(shown, { height: rows - 1, format: (x) => num(x, d).padStart(labelWidth) }) : '';
  const last = shown[shown.length - 1];
  const first = shown[0];
  const up = last >= first;
  const header: CanvasLine = [
    { text: symbol, bold: true },
    { text: ` ${tabs} ` },
    { text: `${num(last, d)} ${change(last / first - 1)}`, color: last > first ? theme.up : last < first ? theme.down : undefined },
    // Left out, not cut, when the pane is narrow: a cut would leave half a number.
    { text: ` over ${shown.length} × ${timeframe}`, dim: true, optional: true },
  ];
  return <Canvas width={width} lines={[header, ...(chart ? chart.split('\n') : [])]} />;
}
