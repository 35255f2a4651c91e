import type { TickerSort } from './ticker-sort.js';
import type { CapHistory } from '../app/marketcap/cap-history.js';
import type { PositionMode, PositionSide, Timeframe } from '../domain/index.js';
import type { MarketCapSort } from '../app/marketcap/market-caps.js';
import type { AccountTab } from './panes/account-pane.js';
import type { OrderForm } from './order-form.js';
import type { StrategyStartForm } from './strategy-start-form.js';
import type { ChartStyle } from '../format/chart/chart-glyphs.js';
import type { PnlPeriod } from '../engine/pnl-period.js';
import type { PnlGrouping } from '../engine/pnl-breakdown.js';

export type PaneId = 'tickers' | 'chart' | 'book' | 'account' | 'marketcap' | 'strategy';
/** Tab order and tab bar of the one-pane-at-a-time layout: the panes used most come first. */
export const PANES: readonly PaneId[] = ['tickers', 'chart', 'book', 'account', 'marketcap', 'strategy'];
/** Tab order when every pane is on screen: as they are read, left to right, top to bottom. */
export const WIDE_PANES: readonly PaneId[] = ['tickers', 'book', 'marketcap', 'chart', 'strategy', 'account'];
export const PANE_TITLES: Readonly<Record<PaneId, string>> = {
  tickers: 'Tickers',
  chart: 'Chart',
  book: 'Order book',
  account: 'Orders / Trades / Balances',
  marketcap: 'Market cap',
  strategy: 'Strategy',
};

/** At most one dialog at a time: a union, not a set of flags. */
export type Overlay =
  | { readonly kind: 'none' }
  | { readonly kind: 'order'; readonly form: OrderForm }
  | { readonly kind: 'confirmOrder'; readonly form: OrderForm; readonly typed: string; /** Its warnings were on screen: the next Enter sends. */ readonly acknowledged?: boolean }
  | { readonly kind: 'confirmCancel'; readonly orderId: string }
  /** `C` in Orders: cancel every open order (`cancelAll`). */
  | { readonly kind: 'confirmCancelAll' }
  /** `c` on a perpetual position: close it whole with a reduce-only market order (LIVE: type the symbol). */
  | { readonly kind: 'confirmClosePosition'; readonly symbol: string; readonly side: PositionSide; readonly typed: string; /** Its warnings were on screen: the next Enter sends. */ readonly acknowledged?: boolean }
  /** `M`: switch the futures account's position mode to `to` (the exchange refuses with positions or orders open). */
  | { readonly kind: 'confirmPositionMode'; readonly to: PositionMode }
  | { readonly kind: 'command'; readonly text: string; readonly hint?: string; /** Where the cursor is (the end when unset). */ readonly cursor?: number; /** Up/Down: how many lines back in the history (0 or unset: the line being typed, kept in `draft`). */ readonly back?: number; readonly draft?: string }
  /** `/`: typing narrows the tickers (the filter itself lives in `UiState.filter`). */
  | { readonly kind: 'filter' }
  | { readonly kind: 'output'; readonly title: string; readonly text: string; readonly ok: boolean; readonly top?: number; readonly left?: number }
  | { readonly kind: 'confirmQuit' }
  /** Starting a strategy: its timeframe, size and parameters. */
  | { readonly kind: 'startStrategy'; readonly form: StrategyStartForm }
  /** `x` on an instance: stop it and sell exactly its own position (the text says what). */
  | { readonly kind: 'confirmStrategyClose'; readonly id: string; readonly typed?: string }
  /** Quitting while strategies run: keep them in the background, stop them, or cancel. */
  | { readonly kind: 'quitStrategies'; readonly selected: number }
  | { readonly kind: 'capHistory'; readonly coin: string; readonly history?: CapHistory; readonly error?: string }
  /** The PnL view (P): a period split by day, strategy or market; scrolled like command output. */
  | { readonly kind: 'pnl'; readonly period: PnlPeriod; readonly by: PnlGrouping; readonly top?: number; readonly left?: number };

export type BookTab = 'book' | 'trades';
export const BOOK_TABS: readonly BookTab[] = ['book', 'trades'];

export interface UiState {
  readonly focus: PaneId;
  /** The selected market; undefined until the user moves (then BTC/USDT, or the first shown). */
  readonly selectedSymbol?: string;
  /** The Tickers pane's order (`o` on the pane). */
  readonly tickerSort: TickerSort;
  /** What the Book pane shows: the order book, or the market's recent trades (←/→). */
  readonly bookTab: BookTab;
  readonly timeframe: Timeframe;
  /** The chart: candles or a line (`v`). */
  readonly chartStyle: ChartStyle;
  /** Scrolled back (`[` / `]`): the open time of the candle at the chart's right edge; undefined follows the market. */
  readonly chartEnd?: number;
  /** The book's grouping: an index into `BOOK_GROUPS` (`g`). */
  readonly bookGroup: number;
  readonly accountTab: AccountTab;
  readonly accountIndex: number;
  readonly capIndex: number;
  readonly capSort: MarketCapSort;
  /** What the Market cap pane shows: the ranking, or cross-venue arbitrage (`A`). */
  readonly sideView: 'marketcap' | 'arbitrage';
  /** Which built-in strategy a new start uses in the Strategy pane. */
  readonly strategyIndex: number;
  /** The selected instance in the Strategy pane (index into `session.strategies()`). */
  readonly strategyRow: number;
  readonly overlay: Overlay;
  /** One line in the status bar: the result of the last action. */
  readonly message?: string;
  /**
   * The message in fewer words, said first, for a status bar too narrow for it whole (a
   * strategy's stop at 80 columns); the Log keeps the whole message.
   */
  readonly messageBrief?: string;
  /** The message in the fewest words (`StatusBar`'s least). */
  readonly messageLeast?: string;
  /** Counts messages set, so the same words said again show again (the status bar lets one fade). */
  readonly messageSeq?: number;
  /** An order or cancel is on its way. */
  readonly busy: boolean;
  /** Tickers shown: symbols containing this text (any case, `/` optional); empty for all. */
  readonly filter: string;
}

export const initialUi: UiState = {
  focus: 'tickers',
  tickerSort: 'symbol',
  bookTab: 'book',
  timeframe: '1m',
  chartStyle: 'candles',
  bookGroup: 0,
  accountTab: 'orders',
  accountIndex: 0,
  capIndex: 0,
  capSort: 'cap',
  sideView: 'marketcap',
  strategyIndex: 0,
  strategyRow: 0,
  overlay: { kind: 'none' },
  busy: false,
  filter: '',
};

export type UiAction =
  | { readonly type: 'focus'; readonly step: 1 | -1; readonly wide?: boolean }
  | { readonly type: 'set'; readonly patch: Partial<UiState> }
  | { readonly type: 'overlay'; readonly overlay: Overlay }
  | { readonly type: 'message'; readonly message: string; readonly brief?: string; readonly least?: string };

export function uiReducer(state: UiState, action: UiAction): UiState {
  switch (action.type) {
    case 'focus': {
      const order = action.wide ? WIDE_PANES : PANES;
      const i = order.indexOf(state.focus);
      return { ...state, focus: order[(i + action.step + order.length) % order.length] };
    }
    case 'set':
      return 'message' in action.patch ? { ...state, messageBrief: undefined, messageLeast: undefined, ...action.patch, messageSeq: (state.messageSeq ?? 0) + 1 } : { ...state, ...action.patch };
    case 'overlay':
      return { ...state, overlay: action.overlay };
    case 'message':
      return { ...state, message: action.message, messageBrief: action.brief, messageLeast: action.least, messageSeq: (state.messageSeq ?? 0) + 1 };
  }
}

export function cycle<T>(list: readonly T[], current: T, step: number): T {
  const i = list.indexOf(current);
  return list[(i + step + list.length) % list.length];
}

/** Short names for the tab bar of the compact layout. */
export const PANE_TABS: Readonly<Record<PaneId, string>> = {
  tickers: 'Tickers',
  chart: 'Chart',
  book: 'Book',
  account: 'Orders',
  marketcap: 'MCap',
  strategy: 'Strategy',
};

/** The selected symbol's index: BTC/USDT (or the first) until the user moves. */
/** The symbols a filter keeps: `eth`, `ETH/`, `ethusdt` and `eth-usdt` all find ETH/USDT. */
export function filterSymbols(symbols: readonly string[], filter: string): readonly string[] {
  const want = filter.replace(/[/\-_\s]/g, '').toUpperCase();
  return want ? symbols.filter((s) => s.replace('/', '').includes(want)) : symbols;
}

export function selectedIndex(ui: UiState, symbols: readonly string[]): number {
  if (symbols.length === 0) return 0;
  // The selection follows its market, not its row: a live sort moves rows under the cursor.
  const chosen = ui.selectedSymbol === undefined ? -1 : symbols.indexOf(ui.selectedSymbol);
  if (chosen >= 0) return chosen;
  return Math.max(0, symbols.indexOf('BTC/USDT'));
}
