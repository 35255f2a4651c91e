import { Text } from 'ink';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { Canvas, type CanvasLine, type Span } from '../components/canvas.js';
import type { Session } from '../../app/session/session.js';
import { isPerpetualSymbol, priceDecimals, timeframeMs, type Timeframe } from '../../domain/index.js';
import { chartCandles, joinSeries, type State } from '../../store/index.js';
import { change, num } from '../../format/format.js';
import type { Theme } from '../theme.js';
import { useSelector } from '../use-session-state.js';
import { ChartDrawer, offsetTo, overlayMark } from '../../format/chart/candle-chart.js';
import { chartGlyphs, type ChartStyle, type DrawMode } from '../../format/chart/chart-glyphs.js';
import type { ChartRow, Role } from '../../format/chart/chart-grid.js';
import { chartLevels, strategyOverlay } from '../../format/chart/chart-marks.js';

export const CHART_TIMEFRAMES: readonly Timeframe[] = ['1m', '5m', '15m', '1h', '4h', '1d'];

export interface ChartPaneProps {
  readonly session: Session;
  readonly theme: Theme;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly width: number;
  readonly height: number;
  /** Candles (default) or a line through the closes (`v`). */
  readonly style?: ChartStyle;
  /** Scrolled back (`[` / `]`): the open time of the candle at the right edge; undefined follows the market. */
  readonly end?: number;
  /** ASCII glyphs of its own (the output's transliteration would merge hollow and filled bodies). */
  readonly mode?: DrawMode;
}

/**
 * Candles of the selected symbol with volume, the running strategy's indicators, lines at the
 * trader's entry, orders, stops and liquidation price, a price axis and times; ←/→ switch the
 * timeframe, `[`/`]` scroll back and forth, `v` switches to a line and back.
 */
export function ChartPane({ session, theme, symbol, timeframe, width, height, style = 'candles', end, mode = 'unicode' }: ChartPaneProps) {
  const key = `${session.venue}:${symbol}`;
  // The stored candles and the newest apart (a tick changes only the newest): joined once per change.
  const stored = useSelector(session, useCallback((s: State) => s.market.candles[`${key}:1m`], [key]));
  const tip = useSelector(session, useCallback((s: State) => s.market.candleTips?.[`${key}:1m`], [key]));
  const series = useMemo(() => joinSeries(stored, tip), [stored, tip]);
  const olderStored = useSelector(session, useCallback((s: State) => (timeframe === '1m' ? undefined : s.market.candles[`${key}:${timeframe}`]), [key, timeframe]));
  const olderTip = useSelector(session, useCallback((s: State) => (timeframe === '1m' ? undefined : s.market.candleTips?.[`${key}:${timeframe}`]), [key, timeframe]));
  const older = useMemo(() => joinSeries(olderStored, olderTip), [olderStored, olderTip]);
  // Hours of candles need more than the 1m history: the venue is asked once per symbol and timeframe.
  useEffect(() => void session.loadCandles(symbol, timeframe), [session, symbol, timeframe]);
  const inst = useSelector(session, useCallback((s: State) => s.market.instruments[key], [key]));
  // The slices the marks come from: a new order or fill redraws the chart even between ticks
  // (a perpetual's figures are read through the read model below, which needs its mark too).
  const orders = useSelector(session, selectOrders);
  const positions = useSelector(session, selectPositions);
  useSelector(session, selectFuturesPositions);
  const strategies = useSelector(session, selectStrategyStates);
  const trails = useSelector(session, selectTrails);
  const tfMs = timeframeMs(timeframe);
  const candles = useMemo(() => (series && series.length >= 2 ? chartCandles(older, series, tfMs) : []), [older, series, tfMs]);
  const overlay = useMemo(() => strategyOverlay(strategies, session.venue, symbol, timeframe, candles), [strategies, session.venue, symbol, timeframe, candles]);
  // A tick moves the last candle: the drawer redraws what changed and hands back the other rows as they were.
  const drawer = useRef<ChartDrawer | undefined>(undefined);
  const styles = useMemo(() => roleStyles(theme), [theme]);
  const styled = useRef<StyledRows | undefined>(undefined);
  const d = inst ? priceDecimals(inst) : 2;
  const tabs = CHART_TIMEFRAMES.map((tf) => (tf === timeframe ? `[${tf}]` : ` ${tf} `)).join('');
  if (candles.length < 2) return <Text dimColor>{`${symbol} ${tabs}  no candles yet`}</Text>;
  const perpetual = isPerpetualSymbol(symbol) && session.futures.available;
  const levels = chartLevels({ venue: session.venue, symbol, orders, positions, futures: perpetual ? session.futures.positions() : [], trails });
  const chart = (drawer.current ??= new ChartDrawer()).draw({ candles, width, height: height - 1, mode, style, decimals: d, timeframeMs: tfMs, offset: offsetTo(candles, end), overlays: overlay.lines, levels });
  const last = candles[chart.to - 1].c;
  const first = candles[chart.from].c;
  const glyphs = chartGlyphs(mode);
  const price = `${num(last, d)} ${change(last / first - 1)}`;
  // Narrow, only the timeframe shown is named: the price must never be cut for the tabs.
  const tabText = symbol.length + tabs.length + price.length + 2 <= width ? tabs : `[${timeframe}]`;
  const header: CanvasLine = [
    { text: symbol, bold: true },
    { text: ` ${tabText} ` },
    { text: price, color: last > first ? theme.up : last < first ? theme.down : undefined },
    ...(chart.to < candles.length ? [{ text: ` ◀ ${candles.length - chart.to} back`, color: theme.warn }] : []),
    // Left out, not cut, when the pane is narrow: a cut would leave half a number.
    ...overlay.lines.map((l, k): Span => {
      const mark = overlayMark(glyphs, k);
      return { text: ` ${mark.glyph} ${l.name}`, ...styles[mark.role], optional: true };
    }),
    ...(overlay.lines.length === 0 && overlay.instance ? [{ text: ` ${overlay.instance} runs on ${overlay.timeframe}`, dim: true, optional: true }] : []),
    { text: ` over ${chart.to - chart.from} × ${timeframe}`, dim: true, optional: true },
  ];
  if (styled.current?.styles !== styles) styled.current = { styles, lines: new WeakMap() };
  const lines = styled.current.lines;
  // The same row object gives the same line object, which the canvas knows without comparing its spans.
  const rows = chart.rows.map((row): CanvasLine => {
    let line = lines.get(row);
    if (line === undefined) lines.set(row, (line = row.map((run) => ({ text: run.text, ...styles[run.role] }))));
    return line;
  });
  return <Canvas width={width} lines={[header, ...rows]} />;
}

const selectOrders = (s: State) => s.ledger.orders;
const selectPositions = (s: State) => s.ledger.positions;
const selectTrails = (s: State) => s.runtime.trails;
const selectFuturesPositions = (s: State) => s.ledger.futures.positions;
const selectStrategyStates = (s: State) => s.ledger.strategies;

type RoleStyle = Omit<Span, 'text' | 'optional'>;

/** The styled line made of each chart row, in one theme's styles. */
interface StyledRows {
  readonly styles: Readonly<Record<Role, RoleStyle>>;
  readonly lines: WeakMap<ChartRow, CanvasLine>;
}

/** How each role is drawn in a theme: colour by meaning; without colour the glyphs carry it. */
function roleStyles(theme: Theme): Readonly<Record<Role, RoleStyle>> {
  return {
    none: {}, axis: {}, time: { dim: theme.dim },
    up: { color: theme.up }, down: { color: theme.down },
    volumeUp: { color: theme.up, dim: theme.dim }, volumeDown: { color: theme.down, dim: theme.dim },
    line: { color: theme.accent },
    overlay0: { color: theme.warn }, overlay1: { color: theme.accent }, overlay2: { color: theme.focus },
    entry: { color: theme.accent }, buy: { color: theme.up }, sell: { color: theme.down }, stop: { color: theme.warn },
    liquidation: { color: theme.error, bold: true },
    last: { inverse: true },
  };
}
