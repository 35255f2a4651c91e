import type { CapHistory } from '../app/cap-history.js';
import type { Timeframe } from '../domain/index.js';
import type { MarketCapSort } from '../app/market-caps.js';
import type { AccountTab } from './panes/account-pane.js';
import type { OrderForm } from './order-form.js';

export type PaneId = 'tickers' | 'chart' | 'book' | 'account' | 'marketcap' | 'strategy';
export const PANES: readonly PaneId[] = ['tickers', 'chart', 'book', 'account', 'marketcap', 'strategy'];
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
  | { readonly kind: 'confirmOrder'; readonly form: OrderForm; readonly typed: string; readonly acknowledged?: boolean }
  | { readonly kind: 'confirmCancel'; readonly orderId: string }
  | { readonly kind: 'command'; readonly text: string; readonly hint?: string }
  | { readonly kind: 'output'; readonly title: string; readonly text: string; readonly ok: boolean; readonly top?: number; readonly left?: number }
  | { readonly kind: 'confirmQuit' }
  | { readonly kind: 'capHistory'; readonly coin: string; readonly history?: CapHistory; readonly error?: string };

export interface UiState {
  readonly focus: PaneId;
  /** Index into the sorted symbols; -1 until the app picks its default (BTC/USDT). */
  readonly symbolIndex: number;
  readonly timeframe: Timeframe;
  readonly accountTab: AccountTab;
  readonly accountIndex: number;
  readonly capIndex: number;
  readonly capSort: MarketCapSort;
  /** Which built-in strategy Enter starts in the Strategy pane. */
  readonly strategyIndex: number;
  readonly overlay: Overlay;
  /** One line in the status bar: the result of the last action. */
  readonly message?: string;
  /** An order or cancel is on its way. */
  readonly busy: boolean;
}

export const initialUi: UiState = {
  focus: 'tickers',
  symbolIndex: -1,
  timeframe: '1m',
  accountTab: 'orders',
  accountIndex: 0,
  capIndex: 0,
  capSort: 'cap',
  strategyIndex: 0,
  overlay: { kind: 'none' },
  busy: false,
};

export type UiAction =
  | { readonly type: 'focus'; readonly step: 1 | -1 }
  | { readonly type: 'set'; readonly patch: Partial<UiState> }
  | { readonly type: 'overlay'; readonly overlay: Overlay }
  | { readonly type: 'message'; readonly message: string };

export function uiReducer(state: UiState, action: UiAction): UiState {
  switch (action.type) {
    case 'focus': {
      const i = PANES.indexOf(state.focus);
      return { ...state, focus: PANES[(i + action.step + PANES.length) % PANES.length] };
    }
    case 'set':
      return { ...state, ...action.patch };
    case 'overlay':
      return { ...state, overlay: action.overlay };
    case 'message':
      return { ...state, message: action.message };
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
export function selectedIndex(ui: UiState, symbols: readonly string[]): number {
  if (symbols.length === 0) return 0;
  if (ui.symbolIndex >= 0) return Math.min(ui.symbolIndex, symbols.length - 1);
  return Math.max(0, symbols.indexOf('BTC/USDT'));
}
