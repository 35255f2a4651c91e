import { Box, Text } from 'ink';
import { useCallback, useEffect, useReducer } from 'react';
import { simulatedCapHistory, type CapHistoryLoader } from '../app/marketcap/cap-history.js';
import { marketCapRows } from '../app/marketcap/market-caps.js';
import { ALL_STRATEGIES } from '../strategies/registry.js';
import type { Session } from '../app/session/session.js';
import { selectInstrument, type State } from '../store/index.js';
import { priceText, qty } from '../format/format.js';
import { PaneFrame } from './components/pane-frame.js';
import { CapHistory } from './overlays/cap-history.js';
import { CommandLine } from './overlays/command-line.js';
import { ConfirmDialog } from './overlays/confirm-dialog.js';
import { ClosePositionConfirm } from './overlays/close-position-confirm.js';
import { PositionModeConfirm } from './overlays/position-mode-confirm.js';
import { QuitDialog, runningStrategyIds } from './overlays/quit-dialog.js';
import { OrderEntry } from './overlays/order-entry.js';
import { OutputOverlay, outputLines, outputWidth } from './overlays/output-overlay.js';
import { PnlView } from './overlays/pnl-view.js';
import { AccountPane } from './panes/account-pane.js';
import { BookPane } from './panes/book-pane.js';
import { ChartPane } from './panes/chart-pane.js';
import { MarketCapPane } from './panes/marketcap-pane.js';
import { ArbitragePane } from './panes/arbitrage-pane.js';
import { StatusBar } from './panes/status-bar.js';
import { StrategyPane } from './panes/strategy-pane.js';
import { TickersPane } from './panes/tickers-pane.js';
import { TradesTape } from './panes/trades-tape.js';
import { sortTickerSymbols, type TickerSort } from './ticker-sort.js';
import { makeTheme } from './theme.js';
import { filterSymbols, initialUi, PANE_TABS, PANE_TITLES, PANES, selectedIndex, uiReducer, type PaneId, type UiState } from './ui-state.js';
import { useAppKeys } from './use-app-keys.js';
import { useSelector } from './use-session-state.js';
import { OrderConfirm } from './overlays/order-confirm.js';
import { StrategyStart } from './overlays/strategy-start.js';
import { useAlertBell } from './use-alert-bell.js';
import { useActivityLog } from './use-activity-log.js';
import { useTerminalSize } from './use-terminal-size.js';
import { useFadingMessage } from './use-fading-message.js';
import { useStartReports } from './use-start-reports.js';
import { useStrategyStops } from './use-strategy-stops.js';
import { screenLayout } from './layout.js';

export interface AppProps {
  readonly session: Session;
  readonly color: boolean;
  /** Overrides the terminal size (tests, benchmarks). */
  readonly size?: { readonly columns: number; readonly rows: number };
  readonly now?: () => number;
  /** Where Enter in the Market cap pane gets a coin's history (default: the simulated market's). */
  readonly capHistory?: CapHistoryLoader;
  /** Hears the answer to the quit question (strategies running): `keep` hands them to the daemon. */
  readonly onQuit?: (choice: 'keep' | 'stop') => void;
  /** Output is drawn in ASCII (--ascii, or a terminal without UTF-8): the chart draws its own ASCII glyphs. */
  readonly ascii?: boolean;
}

const NO_SYMBOLS: readonly string[] = [];
const noTickers = (): undefined => undefined;
const allTickers = (s: State) => s.market.tickers;

/**
 * Symbols of the venue in the Tickers pane's order. Sorted by name, it changes only when the
 * instrument list does; a sort by a live column follows the tickers (and only then reads them).
 */
function useSymbols(session: Session, filter: string, sort: TickerSort): { readonly shown: readonly string[]; readonly total: number; readonly watched: ReadonlySet<string> } {
  const instruments = useSelector(session, useCallback((s: State) => s.market.instruments, []));
  const tickers = useSelector(session, sort === 'symbol' ? noTickers : allTickers);
  const watched = useSelector(session, useCallback((s: State) => s.ledger.watchlists[session.venue] ?? NO_SYMBOLS, [session]));
  const all = Object.values(instruments).filter((i) => i.venue === session.venue);
  // A real exchange lists every quote currency; the pane shows the markets of the main one (USDT).
  const usdt = all.filter((i) => i.quote === 'USDT');
  const list = (usdt.length ? usdt : all).map((i) => i.symbol);
  const sorted = sortTickerSymbols(list, (sym) => tickers?.[`${session.venue}:${sym}`], sort);
  // Watched markets first, each group in the chosen order.
  const first = new Set(watched);
  const ordered = first.size ? [...sorted.filter((s) => first.has(s)), ...sorted.filter((s) => !first.has(s))] : sorted;
  return { shown: filterSymbols(ordered, filter), total: list.length, watched: first };
}

export function App({ session, color, size, now, capHistory, onQuit, ascii }: AppProps) {
  const terminal = useTerminalSize();
  const { columns, rows } = size ?? terminal;
  const theme = makeTheme(color);
  const [ui, dispatch] = useReducer(uiReducer, initialUi);
  const message = useFadingMessage(ui.message, ui.messageSeq ?? 0, ui.busy, now ?? Date.now);
  const historyCoin = ui.overlay.kind === 'capHistory' && !ui.overlay.history && !ui.overlay.error ? ui.overlay.coin : undefined;
  useEffect(() => {
    if (historyCoin === undefined) return;
    let open = true;
    const load = capHistory ?? simulatedCapHistory(now ?? Date.now, (coin) => marketCapRows(session.state(), session.venue).find((r) => r.coin === coin)?.marketCap);
    load(historyCoin, capDays(columns)).then(
      (history) => open && dispatch({ type: 'overlay', overlay: { kind: 'capHistory', coin: historyCoin, history } }),
      (err: unknown) => open && dispatch({ type: 'overlay', overlay: { kind: 'capHistory', coin: historyCoin, error: (err as Error).message ?? String(err) } }),
    );
    // Closed (or another coin asked for) before the answer came: drop it.
    return () => {
      open = false;
    };
  }, [historyCoin]);
  const { shown: symbols, total: symbolTotal, watched } = useSymbols(session, ui.filter, ui.tickerSort);
  const activity = useActivityLog(session, ui.message, now ?? Date.now);
  useAppKeys({ session, ui, dispatch, symbols, symbolTotal, color, size: { columns, rows }, onQuit, logLines: () => activity.entries().length });
  useAlertBell(session, dispatch);
  useStrategyStops(session, dispatch);
  useStartReports(session, dispatch);
  const selected = selectedIndex(ui, symbols);
  const symbol = symbols[selected] ?? 'BTC/USDT';
  // On a real exchange only some markets stream their book and candles: the one looked at does.
  useEffect(() => void session.focusMarket(symbol), [session, symbol]);

  const pane = (id: PaneId, height: number, width: number) => {
    const inner = Math.max(1, height - 3);
    switch (id) {
      case 'tickers':
        return <TickersPane session={session} theme={theme} symbols={symbols} selected={selected} maxRows={inner - 1} width={width - 2} sort={ui.tickerSort} watched={watched} />;
      case 'chart':
        return <ChartPane session={session} theme={theme} symbol={symbol} timeframe={ui.timeframe} width={width - 2} height={inner} style={ui.chartStyle} end={ui.chartEnd} mode={ascii ? 'ascii' : 'unicode'} />;
      case 'book':
        return ui.bookTab === 'trades'
          ? <TradesTape session={session} theme={theme} symbol={symbol} rows={inner - 1} width={width - 2} />
          : <BookPane session={session} theme={theme} symbol={symbol} levels={Math.floor((inner - 2) / 2)} width={width - 2} group={ui.bookGroup} />;
      case 'account':
        return <AccountPane session={session} theme={theme} tab={ui.accountTab} selected={ui.accountIndex} maxRows={inner - 2} width={width - 2} log={activity} />;
      case 'marketcap':
        if (ui.sideView === 'arbitrage') return <ArbitragePane session={session} theme={theme} selected={ui.capIndex} maxRows={inner - 2} width={width - 2} />;
        return <MarketCapPane session={session} theme={theme} sort={ui.capSort} selected={ui.capIndex} maxRows={inner - 2} width={width - 2} now={now ?? Date.now} />;
      case 'strategy':
        return <StrategyPane session={session} theme={theme} maxRows={inner - 3} choice={ALL_STRATEGIES[ui.strategyIndex].name} symbol={symbol} selected={ui.strategyRow} width={width - 2} now={now ?? Date.now} />;
    }
  };
  const framed = (id: PaneId, height: number, width: number | undefined, widthForContent: number) => (
    <PaneFrame key={id} title={paneTitle(id, ui, symbols.length, symbolTotal)} focused={ui.focus === id} theme={theme} width={width} height={height}>
      {pane(id, height, widthForContent)}
    </PaneFrame>
  );
  // The command line, and the hint line above it when there is one.
  const footerRows = ui.overlay.kind === 'command' ? 1 + (ui.overlay.hint ? ui.overlay.hint.split('\n').length : 0) : ui.overlay.kind === 'filter' ? 2 : 0;
  const footer =
    ui.overlay.kind === 'command' ? <CommandLine theme={theme} text={ui.overlay.text} hint={ui.overlay.hint} cursor={ui.overlay.cursor} />
    : ui.overlay.kind === 'filter' ? <CommandLine theme={theme} prompt="/" text={ui.filter} hint={`${symbols.length} of ${symbolTotal} symbols · Enter keeps the filter · Esc clears it`} />
    : null;
  const { wide, split, left, top, middle, bottom, overlayRows } = screenLayout(columns, rows, symbolTotal, footerRows);
  const overlay = renderOverlay(ui, session, theme, overlayRows, columns, now ?? Date.now);
  const status = <StatusBar session={session} theme={theme} width={columns} message={ui.busy ? `${message ?? 'working…'}` : message} brief={ui.busy || message === undefined ? undefined : ui.messageBrief} least={ui.busy || message === undefined ? undefined : ui.messageLeast} now={now} />;

  // A command's short answer (`:buy ...`) leaves the Orders pane in view under it, so the
  // trader sees the order it placed without closing the answer first.
  const underOutput = ui.overlay.kind === 'output' ? paneRowsUnder(ui.overlay.text, overlayRows) : 0;
  if (wide) {
    // Room to spare from 156 columns; from 120 the side panes take their narrowest.
    const right = columns >= 156 ? 52 : 50;
    const book = columns >= 156 ? 34 : 31;
    return (
      <Box flexDirection="column" width={columns} height={rows}>
        <Box height={top}>
          {framed('tickers', top, undefined, columns - right - book)}
          {framed('book', top, book, book)}
          {framed('marketcap', top, right, right)}
        </Box>
        {overlay && underOutput > 0 ? (
          <>
            <Box height={overlayRows - underOutput} flexDirection="column" alignItems="flex-start" overflow="hidden">
              {overlay}
            </Box>
            <Box height={underOutput}>{framed('account', underOutput, undefined, columns)}</Box>
          </>
        ) : overlay ? (
          <Box height={overlayRows} flexDirection="column" alignItems="flex-start" overflow="hidden">
            {overlay}
          </Box>
        ) : (
          <>
            <Box height={middle}>
              {framed('chart', middle, undefined, columns - 66)}
              {framed('strategy', middle, 66, 66)}
            </Box>
            <Box height={bottom}>{framed('account', bottom, undefined, columns)}</Box>
          </>
        )}
        {footer}
        {status}
      </Box>
    );
  }
  // Compact: one pane at a time, Tab switches; a tab bar says which. Split: the tickers beside it.
  const height = rows - 2 - footerRows;
  return (
    <Box flexDirection="column" width={columns} height={rows}>
      <Text wrap="truncate">
        {PANES.map((id) => (
          <Text key={id} inverse={ui.focus === id} bold={ui.focus === id}>{` ${PANE_TABS[id]} `}</Text>
        ))}
      </Text>
      {/* A dialog keeps its own size rather than stretching over the whole pane area. */}
      <Box height={height} alignItems={overlay ? 'flex-start' : undefined} overflow="hidden">
        {overlay ?? (split ? (
          <>
            {framed('tickers', height, left, left)}
            {framed(ui.focus === 'tickers' ? 'chart' : ui.focus, height, columns - left, columns - left)}
          </>
        ) : framed(ui.focus, height, columns, columns))}
      </Box>
      {footer}
      {status}
    </Box>
  );
}

/** Rows left for the Orders pane under a command's answer of `text` (0: the answer takes them all). */
function paneRowsUnder(text: string, rows: number): number {
  const answer = text.split('\n').length + 4;
  return rows - answer >= 8 ? rows - answer : 0;
}

/** A pane's frame title: the filter on Tickers, the tab on Book (← → switch it). */
function paneTitle(id: PaneId, ui: UiState, shown: number, total: number): string {
  if (id === 'tickers' && ui.filter) return `${PANE_TITLES[id]} /${ui.filter} (${shown} of ${total})`;
  if (id === 'marketcap' && ui.sideView === 'arbitrage') return 'Arbitrage';
  if (id === 'book') return ui.bookTab === 'trades' ? 'Trades · ← book' : `${PANE_TITLES[id]} · trades →`;
  return PANE_TITLES[id];
}

/** Days of market-cap history that fit the terminal's width (one column a day). */
const capDays = (columns: number): number => Math.max(10, Math.min(365, columns - 18));

/** Draws the open dialog into `rows` rows (what the layout leaves it) and `columns` columns. */
function renderOverlay(ui: UiState, session: Session, theme: ReturnType<typeof makeTheme>, rows: number, columns: number, now: () => number) {
  const o = ui.overlay;
  switch (o.kind) {
    case 'none':
    case 'command':
    case 'filter':
      return null;
    case 'capHistory':
      return <CapHistory theme={theme} coin={o.coin} days={capDays(columns)} height={Math.min(24, rows)} history={o.history} error={o.error} />;
    case 'order':
      return <OrderEntry session={session} theme={theme} form={o.form} width={Math.min(columns, 88)} />;
    case 'output':
      return <OutputOverlay theme={theme} title={o.title} text={o.text} ok={o.ok} maxLines={outputLines(rows)} width={outputWidth(columns)} top={o.top ?? 0} left={o.left ?? 0} />;
    case 'pnl':
      return <PnlView session={session} theme={theme} period={o.period} by={o.by} maxLines={outputLines(rows)} width={outputWidth(columns)} top={o.top ?? 0} left={o.left ?? 0} />;
    case 'quitStrategies':
      return <QuitDialog theme={theme} running={runningStrategyIds(session.state().ledger.strategies, session.venue)} selected={o.selected} />;
    case 'confirmQuit':
      return <ConfirmDialog theme={theme} title="Quit atapi?" lines={['An order is still on its way to the exchange.', 'Its outcome will be reconciled on the next start.']} />;
    case 'confirmCancel': {
      const order = session.state().ledger.orders[o.orderId];
      return <ConfirmDialog theme={theme} title={`Cancel order ${o.orderId}?`} lines={[order ? `${order.side.toUpperCase()} ${qty(order.qty)} ${order.symbol} ${order.type}${order.price !== undefined ? ` @ ${priceText(order.price, selectInstrument(session.state(), order.venue, order.symbol))}` : ''}, filled ${qty(order.filledQty)}` : '']} />;
    }
    case 'confirmCancelAll': {
      const open = session.orders();
      const shown = open.slice(0, 8).map((x) => `${x.id}: ${x.side.toUpperCase()} ${qty(x.qty)} ${x.symbol} ${x.type}${x.price !== undefined ? ` @ ${priceText(x.price, selectInstrument(session.state(), x.venue, x.symbol))}` : ''}${x.stopPrice !== undefined ? ` stop ${priceText(x.stopPrice, selectInstrument(session.state(), x.venue, x.symbol))}` : ''}`);
      return <ConfirmDialog theme={theme} title={`Cancel all ${open.length} open order${open.length === 1 ? '' : 's'}? (${session.mode.toUpperCase()})`} lines={[...shown, ...(open.length > shown.length ? [`… and ${open.length - shown.length} more`] : [])]} />;
    }
    case 'confirmClosePosition':
      return <ClosePositionConfirm session={session} theme={theme} symbol={o.symbol} side={o.side} typed={o.typed} acknowledged={o.acknowledged} width={columns} />;
    case 'confirmPositionMode':
      return <PositionModeConfirm session={session} theme={theme} to={o.to} />;
    case 'startStrategy':
      return <StrategyStart theme={theme} form={o.form} mode={session.mode.toUpperCase()} width={Math.min(columns, 88)} />;
    case 'confirmStrategyClose': {
      const p = session.closePreview(o.id);
      const lines = p.qty > 0 ? [`It will ${p.text}.`, 'Nothing else is sold: your own trades and other instances keep theirs.'] : [`It owns nothing, so nothing is sold (${p.why ?? p.text}).`, 'Your own trades and other instances keep theirs.'];
      const live = p.qty > 0 && session.mode === 'live';
      return <ConfirmDialog theme={theme} title={`Stop ${o.id}${p.qty > 0 ? ' and sell its position' : ''}? (${session.mode.toUpperCase()})`} lines={lines} danger={live} typeToConfirm={live ? p.symbol : undefined} typed={o.typed} />;
    }
    case 'confirmOrder':
      return <OrderConfirm session={session} theme={theme} form={o.form} typed={o.typed} acknowledged={o.acknowledged === true} width={columns} />;
  }
}
