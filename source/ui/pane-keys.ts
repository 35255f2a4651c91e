import type { Key } from 'ink';
import { marketCapRows, MARKET_CAP_SORTS } from '../app/marketcap/market-caps.js';
import { isOpenStatus } from '../domain/index.js';
import { ALL_STRATEGIES } from '../strategies/registry.js';
import { chartCommand } from './chart-keys.js';
import { futuresCommand, perpetualRows } from './futures-keys.js';
import { helpText } from './help-text.js';
import { flattenSteps } from '../format/flatten-text.js';
import type { KeyContext } from './key-context.js';
import { commandFor } from './keymap.js';
import { screenLayout } from './layout.js';
import { amendForm, newOrderForm } from './order-form.js';
import { outputWidth } from './overlays/output-overlay.js';
import { runningStrategyIds } from './overlays/quit-dialog.js';
import { accountOrders, ACCOUNT_TABS } from './panes/account-pane.js';
import { CHART_TIMEFRAMES } from './panes/chart-pane.js';
import { strategyPaneCommand } from './strategy-keys.js';
import { TICKER_SORTS } from './ticker-sort.js';
import { BOOK_TABS, cycle, selectedIndex, type UiState } from './ui-state.js';

/**
 * A key with no dialog open: the keymap's command, by focused pane (the Strategy pane and the
 * futures keys first, as they give some keys a meaning of their own).
 */
export function paneKey(ctx: KeyContext, input: string, key: Key, exit: () => void): void {
  const { ui, dispatch, session } = ctx;
  const set = (patch: Partial<UiState>) => dispatch({ type: 'set', patch });
  const command = commandFor(input, key);
  if (!command) return;
  const current = selectedIndex(ui, ctx.symbols);
  const symbol = ctx.symbols[current];
  const orders = accountOrders(session.state().ledger, session.venueIds());
  if (ui.focus === 'strategy' && strategyPaneCommand(ctx, command, symbol)) return;
  if (futuresCommand(ctx, command, symbol)) return;
  if (chartCommand(ctx, command, symbol)) return;
  switch (command) {
    case 'focusNext':
    case 'focusPrev':
      return dispatch({ type: 'focus', step: command === 'focusNext' ? 1 : -1, wide: screenLayout(ctx.size.columns, ctx.size.rows, ctx.symbolTotal, 0).wide });
    case 'up':
    case 'down': {
      const step = command === 'down' ? 1 : -1;
      if (ui.focus === 'tickers' || ui.focus === 'chart' || ui.focus === 'book') return set({ selectedSymbol: ctx.symbols[clamp(current + step, ctx.symbols.length)] });
      if (ui.focus === 'account') return set({ accountIndex: clamp(ui.accountIndex + step, accountRows(ctx, orders.length)) });
      if (ui.focus === 'marketcap') return set({ capIndex: clamp(ui.capIndex + step, marketCapRows(session.state(), session.venue, ui.capSort).length) });
      return;
    }
    case 'pageUp':
    case 'pageDown': {
      // A page is what the focused pane shows: the tickers' band, or the whole compact pane.
      const { wide, top, bottom } = screenLayout(ctx.size.columns, ctx.size.rows, ctx.symbolTotal, 0);
      const page = Math.max(1, (wide ? (ui.focus === 'account' ? bottom : top) : ctx.size.rows - 2) - 4);
      const step = command === 'pageDown' ? page : -page;
      if (ui.focus === 'tickers' || ui.focus === 'chart' || ui.focus === 'book') return set({ selectedSymbol: ctx.symbols[clamp(current + step, ctx.symbols.length)] });
      if (ui.focus === 'account') return set({ accountIndex: clamp(ui.accountIndex + step, accountRows(ctx, orders.length)) });
      return;
    }
    case 'left':
    case 'right': {
      const step = command === 'right' ? 1 : -1;
      if (ui.focus === 'account') return set({ accountTab: cycle(ACCOUNT_TABS, ui.accountTab, step), accountIndex: 0 });
      if (ui.focus === 'book') return set({ bookTab: cycle(BOOK_TABS, ui.bookTab, step) });
      if (ui.focus === 'strategy') return set({ strategyIndex: (ui.strategyIndex + step + ALL_STRATEGIES.length) % ALL_STRATEGIES.length });
      // Candles back on one timeframe are another span of time on the next: start at the newest.
      return set({ timeframe: cycle(CHART_TIMEFRAMES, ui.timeframe, step), chartEnd: undefined });
    }
    case 'act':
      if (ui.focus === 'marketcap') {
        const row = marketCapRows(session.state(), session.venue, ui.capSort)[ui.capIndex];
        if (row) dispatch({ type: 'overlay', overlay: { kind: 'capHistory', coin: row.coin } });
        return;
      }
      if (ui.focus === 'tickers') return set({ focus: 'chart' });
      return;
    case 'buy':
    case 'sell':
      if (!symbol) return set({ message: 'no market yet' });
      return dispatch({ type: 'overlay', overlay: { kind: 'order', form: newOrderForm(session, command, symbol) } });
    case 'cancelOrder': {
      const inOrders = ui.focus === 'account' && ui.accountTab === 'orders';
      const order = inOrders ? orders[ui.accountIndex] : orders.find((x) => isOpenStatus(x.status));
      if (!order || !isOpenStatus(order.status)) {
        // Say what is wrong from where the user is: in Orders already, the row is the problem.
        const why = !inOrders ? 'no open order selected: focus Orders (Tab) and pick one with ↑/↓'
          : order ? `order ${order.id} is ${order.status.replace('_', ' ')}: nothing to cancel; pick an open one with ↑/↓`
          : 'no orders to cancel';
        return set({ message: why });
      }
      return dispatch({ type: 'overlay', overlay: { kind: 'confirmCancel', orderId: order.id } });
    }
    case 'cancelAll': {
      if (ui.focus !== 'account' || ui.accountTab !== 'orders') return set({ message: 'C works in Orders (Tab to it)' });
      if (!orders.some((o) => isOpenStatus(o.status))) return set({ message: 'no open orders to cancel' });
      return dispatch({ type: 'overlay', overlay: { kind: 'confirmCancelAll' } });
    }
    case 'amendOrder': {
      const inOrders = ui.focus === 'account' && ui.accountTab === 'orders';
      const order = inOrders ? orders[ui.accountIndex] : undefined;
      if (!order) return set({ message: inOrders ? 'no orders to amend' : 'no order selected: focus Orders (Tab) and pick an open limit order with ↑/↓' });
      if (order.status !== 'open' && order.status !== 'partially_filled') return set({ message: `order ${order.id} is ${order.status.replace('_', ' ')}: only a resting order can be amended` });
      if (order.type !== 'limit') return set({ message: `order ${order.id} is a ${order.type} order: only limit orders can be amended` });
      return dispatch({ type: 'overlay', overlay: { kind: 'order', form: amendForm(order) } });
    }
    case 'flatten':
    case 'newStrategy':
      return set({ message: `${command === 'flatten' ? 'x' : 'n'} works in the Strategy pane (Tab to it)` });
    case 'sortNext':
      if (ui.focus === 'tickers') return set({ tickerSort: cycle(TICKER_SORTS, ui.tickerSort, 1) });
      return set({ capSort: cycle(MARKET_CAP_SORTS, ui.capSort, 1) });
    case 'arbitrage':
      return set({ focus: 'marketcap', capIndex: 0, sideView: ui.sideView === 'arbitrage' ? 'marketcap' : 'arbitrage' });
    case 'commandLine':
      return dispatch({ type: 'overlay', overlay: { kind: 'command', text: '' } });
    case 'killSwitch':
      // Typed, not one key: the trader writes --yes (and a reason) having read what it will do.
      // A step a row: on one row, cut at the width, what it stops, cancels and closes was lost
      // (at 80 columns all but "halt trading"), and that is what the trader must read.
      return dispatch({ type: 'overlay', overlay: { kind: 'command', text: 'flatten ', hint: killSwitchHint(flattenSteps(session)) } });
    case 'alert': {
      // The command line, prefilled: the trader types the level (or changes > to <) and Enter.
      const last = symbol ? session.state().market.tickers[`${session.venue}:${symbol}`]?.last : undefined;
      return dispatch({ type: 'overlay', overlay: { kind: 'command', text: `alert ${symbol ?? 'BTC/USDT'} > `, hint: last !== undefined ? `last ${last}: type the level, Enter sets the alert` : undefined } });
    }
    case 'watch': {
      if (!symbol) return set({ message: 'no market yet' });
      const on = !session.watchlist().includes(symbol);
      session.watch(symbol, on);
      return set({ selectedSymbol: symbol, message: on ? `${symbol} added to the watchlist` : `${symbol} taken off the watchlist` });
    }
    case 'pnlView':
      return dispatch({ type: 'overlay', overlay: { kind: 'pnl', period: 'day', by: 'strategy' } });
    case 'search':
      return dispatch({ type: 'set', patch: { focus: 'tickers', overlay: { kind: 'filter' } } });
    case 'help':
      return dispatch({ type: 'overlay', overlay: { kind: 'output', title: 'Keys', text: helpText(outputWidth(ctx.size.columns)), ok: true } });
    case 'back':
      // Enter on Tickers opens the chart; Esc comes back, as in any drill-down.
      if (ui.focus === 'tickers' && ui.filter) return set({ filter: '', selectedSymbol: undefined, message: undefined });
      return set({ message: undefined, ...(ui.focus === 'chart' ? { focus: 'tickers' } : {}) });
    case 'quit': {
      const inFlight = ui.busy || orders.some((x) => x.status === 'submitted');
      if (inFlight) return dispatch({ type: 'overlay', overlay: { kind: 'confirmQuit' } });
      // Attached to a daemon, q detaches: the strategies are the daemon's and go on.
      if (!session.attachedTo && runningStrategyIds(session.state().ledger.strategies, session.venue).length > 0) {
        return dispatch({ type: 'overlay', overlay: { kind: 'quitStrategies', selected: 0 } });
      }
      return exit();
    }
  }
}

/** How far the Account pane's highlight may go on the tab shown. */
function accountRows(ctx: KeyContext, orders: number): number {
  switch (ctx.ui.accountTab) {
    case 'orders':
      return orders;
    case 'positions':
      return perpetualRows(ctx).length;
    case 'log':
      return ctx.logLines?.() ?? 1000;
    default:
      return 1000;
  }
}

function clamp(i: number, length: number): number {
  return Math.max(0, Math.min(length - 1, i));
}

/** Most steps of flatten the hint shows (the panes keep the rest of a 24-row screen); `flatten` alone lists them all. */
const KILL_SWITCH_STEPS = 5;

/** The kill switch's hint above the command line: what to type, then what it would do, a step a row. */
export function killSwitchHint(steps: readonly string[]): string {
  const shown = steps.length > KILL_SWITCH_STEPS ? [...steps.slice(0, KILL_SWITCH_STEPS - 1), `… and ${steps.length - KILL_SWITCH_STEPS + 1} more (Enter without --yes lists every step)`] : steps;
  return ['type a reason and --yes, then Enter; it would:', ...shown.map((s) => `  ${s}`)].join('\n');
}
