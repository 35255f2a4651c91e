import { useApp, useInput, type Key } from 'ink';
import { useRef, type Dispatch } from 'react';
import { moveQuitSelection, quitDialogKey, runningStrategyIds } from './overlays/quit-dialog.js';
import type { Session } from '../app/session.js';
import { clampScroll, outputLines, outputWidth } from './overlays/output-overlay.js';
import { screenLayout } from './layout.js';
import { helpText } from './help-text.js';
import { marketCapRows, MARKET_CAP_SORTS } from '../app/market-caps.js';
import { isOpenStatus } from '../domain/index.js';
import { completeLine, runLine } from '../shell/run-line.js';
import { commandFor, isQuantityShareKey } from './keymap.js';
import { BUILT_IN_STRATEGIES } from '../strategies/registry.js';
import { confirmStrategyCloseKey, strategyPaneCommand, strategyStartKey } from './strategy-keys.js';
import { confirmClosePositionKey, confirmPositionModeKey, futuresCommand, perpetualRows } from './futures-keys.js';
import { amendForm, checkForm, formFields, newOrderForm, nextFormType, nextShare, type OrderForm } from './order-form.js';
import { accountOrders, ACCOUNT_TABS } from './panes/account-pane.js';
import { CHART_TIMEFRAMES } from './panes/chart-pane.js';
import { TICKER_SORTS } from './ticker-sort.js';
import { BOOK_TABS, cycle, selectedIndex, uiReducer, type UiAction, type UiState } from './ui-state.js';

export interface KeyContext {
  readonly session: Session;
  readonly ui: UiState;
  readonly dispatch: Dispatch<UiAction>;
  /** The symbols shown (the ticker filter applied), in order. */
  readonly symbols: readonly string[];
  /** All symbols of the venue: the layout sizes its bands by these, not by the filter. */
  readonly symbolTotal: number;
  readonly color: boolean;
  /** The terminal, for how far an output view can scroll. */
  readonly size: { readonly columns: number; readonly rows: number };
  /** Hears the answer to the quit question before the app exits (`keep`: the daemon takes over). */
  readonly onQuit?: (choice: 'keep' | 'stop') => void;
}

const printable = (input: string, key: Key) => input.length > 0 && !key.ctrl && !key.meta && !/[\u0000-\u001f\u007f]/.test(input);

/** Keys to actions: the overlay hears keys first; otherwise the keymap, by focused pane. */
export function useAppKeys(outer: KeyContext): void {
  const { exit } = useApp();
  // Keys can arrive several to a chunk (paste, tmux, a slow link): each must see the state
  // the previous one left, before React has rendered it.
  const latest = useRef(outer.ui);
  latest.current = outer.ui;
  const dispatch: Dispatch<UiAction> = (a) => {
    latest.current = uiReducer(latest.current, a);
    outer.dispatch(a);
  };
  useInput((chunk, chunkKey) => {
    for (const [input, key] of splitKeys(chunk, chunkKey)) handle({ ...outer, ui: latest.current, dispatch }, input, key, exit);
  });
}

/** One entry per keystroke: a multi-character chunk of plain text is split into characters. */
function splitKeys(input: string, key: Key): [string, Key][] {
  if (input.length <= 1 || key.ctrl || key.meta || input.startsWith('\u001b')) return [[input, key]];
  return [...input].map((ch): [string, Key] => {
    const backspace = ch === '\u007f' || ch === '\b';
    const ret = ch === '\r' || ch === '\n';
    const tab = ch === '\t';
    return [backspace || ret || tab ? '' : ch, { ...key, backspace, return: ret, tab, shift: false }];
  });
}

function handle(ctx: KeyContext, input: string, key: Key, exit: () => void): void {
  {
    const { ui, dispatch, session } = ctx;
    const set = (patch: Partial<UiState>) => dispatch({ type: 'set', patch });
    const close = () => dispatch({ type: 'overlay', overlay: { kind: 'none' } });
    if (key.ctrl && input === 'c') return exit();
    const o = ui.overlay;
    switch (o.kind) {
      case 'output': {
        const page = outputLines(screenLayout(ctx.size.columns, ctx.size.rows, ctx.symbolTotal, 0).overlayRows);
        const step = (dTop: number, dLeft: number) => {
          const at = clampScroll(o.text, page, outputWidth(ctx.size.columns), (o.top ?? 0) + dTop, (o.left ?? 0) + dLeft);
          dispatch({ type: 'overlay', overlay: { ...o, top: at.top, left: at.left } });
        };
        if (key.upArrow || input === 'k') return step(-1, 0);
        if (key.downArrow || input === 'j') return step(1, 0);
        if (key.pageUp) return step(-page, 0);
        if (key.pageDown || input === ' ') return step(page, 0);
        if (key.leftArrow || input === 'h') return step(0, -8);
        if (key.rightArrow || input === 'l') return step(0, 8);
        if (key.escape || key.return || input === 'q' || input === '?') close();
        return;
      }
      case 'capHistory':
        if (key.escape || key.return || input === 'q' || input === '?') close();
        return;
      case 'quitStrategies': {
        const a = quitDialogKey(input, key, o.selected);
        if (a.kind === 'move') return dispatch({ type: 'overlay', overlay: { kind: 'quitStrategies', selected: moveQuitSelection(o.selected, a.by) } });
        if (a.kind === 'none') return;
        if (a.choice === 'cancel') return close();
        ctx.onQuit?.(a.choice);
        if (a.choice === 'keep') return exit();
        set({ busy: true, message: 'stopping strategies…' });
        void stopAll(session).finally(exit);
        return;
      }
      case 'confirmQuit':
        if (input === 'y' || key.return) exit();
        else if (input === 'n' || key.escape) close();
        return;
      case 'confirmCancel':
        if (input === 'y' || key.return) {
          close();
          set({ busy: true });
          void session.cancel(o.orderId).then((r) => {
            set({ busy: false, message: r.ok ? `order ${o.orderId} cancelled` : r.error });
          });
        } else if (input === 'n' || key.escape) close();
        return;
      case 'confirmOrder': {
        const live = session.mode === 'live';
        if (key.escape || (!live && input === 'n')) return dispatch({ type: 'overlay', overlay: { kind: 'order', form: o.form } });
        if (live && !key.return) {
          if (key.backspace || key.delete) dispatch({ type: 'overlay', overlay: { ...o, typed: o.typed.slice(0, -1) } });
          else if (printable(input, key)) dispatch({ type: 'overlay', overlay: { ...o, typed: o.typed + input } });
          return;
        }
        if (key.return || input === 'y') {
          if (live && o.typed.toUpperCase() !== o.form.symbol) return set({ message: `type ${o.form.symbol} exactly to send a LIVE order` });
          const check = checkForm(session, o.form);
          if (!check.request) return dispatch({ type: 'overlay', overlay: { kind: 'order', form: o.form } });
          // An unusual price or size is sent only on a second, deliberate Enter.
          if (check.warnings.length > 0 && !o.acknowledged) return dispatch({ type: 'overlay', overlay: { ...o, acknowledged: true } });
          close();
          const amends = o.form.amends;
          set({ busy: true, message: amends === undefined ? `sending ${o.form.side} ${o.form.qty} ${o.form.symbol}…` : `amending order ${amends}…` });
          const sent = amends === undefined ? session.order(check.request) : session.amend(amends, { qty: check.request.qty, price: check.request.price });
          void sent.then((r) => {
            set({ busy: false, message: r.ok ? `${amends === undefined ? '' : `order ${amends} replaced by `}order ${r.order.id} ${r.order.status.replace('_', ' ')}${r.order.reason ? `: ${r.order.reason}` : ''}` : `refused: ${r.error}` });
          });
        }
        return;
      }
      case 'confirmClosePosition':
        return confirmClosePositionKey(ctx, o, input, key);
      case 'confirmPositionMode':
        return confirmPositionModeKey(ctx, o, input, key);
      case 'order':
        return orderFormKey(ctx, o.form, input, key);
      case 'startStrategy':
        return strategyStartKey(ctx, o.form, input, key);
      case 'confirmStrategyClose':
        return confirmStrategyCloseKey(ctx, o.id, o.typed, input, key);
      case 'command':
        return commandKey(ctx, o.text, input, key, exit);
      case 'filter':
        return filterKey(ctx, input, key);
      case 'none':
        break;
    }
    const command = commandFor(input, key);
    if (!command) return;
    const current = selectedIndex(ui, ctx.symbols);
    const symbol = ctx.symbols[current];
    const orders = accountOrders(session.state().ledger, session.venue);
    if (ui.focus === 'strategy' && strategyPaneCommand(ctx, command, symbol)) return;
    if (futuresCommand(ctx, command, symbol)) return;
    switch (command) {
      case 'focusNext':
      case 'focusPrev':
        return dispatch({ type: 'focus', step: command === 'focusNext' ? 1 : -1, wide: screenLayout(ctx.size.columns, ctx.size.rows, ctx.symbolTotal, 0).wide });
      case 'up':
      case 'down': {
        const step = command === 'down' ? 1 : -1;
        if (ui.focus === 'tickers' || ui.focus === 'chart' || ui.focus === 'book') return set({ selectedSymbol: ctx.symbols[clamp(current + step, ctx.symbols.length)] });
        if (ui.focus === 'account') return set({ accountIndex: clamp(ui.accountIndex + step, ui.accountTab === 'orders' ? orders.length : ui.accountTab === 'positions' ? perpetualRows(ctx).length : 1000) });
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
        if (ui.focus === 'account') return set({ accountIndex: clamp(ui.accountIndex + step, ui.accountTab === 'orders' ? orders.length : 1000) });
        return;
      }
      case 'left':
      case 'right': {
        const step = command === 'right' ? 1 : -1;
        if (ui.focus === 'account') return set({ accountTab: cycle(ACCOUNT_TABS, ui.accountTab, step), accountIndex: 0 });
        if (ui.focus === 'book') return set({ bookTab: cycle(BOOK_TABS, ui.bookTab, step) });
        if (ui.focus === 'strategy') return set({ strategyIndex: (ui.strategyIndex + step + BUILT_IN_STRATEGIES.length) % BUILT_IN_STRATEGIES.length });
        return set({ timeframe: cycle(CHART_TIMEFRAMES, ui.timeframe, step) });
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
      case 'commandLine':
        return dispatch({ type: 'overlay', overlay: { kind: 'command', text: '' } });
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
}

function clamp(i: number, length: number): number {
  return Math.max(0, Math.min(length - 1, i));
}

function orderFormKey(ctx: KeyContext, form: OrderForm, input: string, key: Key): void {
  const { dispatch, session } = ctx;
  const update = (patch: Partial<OrderForm>) => dispatch({ type: 'overlay', overlay: { kind: 'order', form: { ...form, ...patch } } });
  const fields = formFields(form);
  const at = fields.indexOf(form.field);
  if (key.escape) return dispatch({ type: 'overlay', overlay: { kind: 'none' } });
  if (key.upArrow || (key.tab && key.shift)) return update({ field: fields[(at - 1 + fields.length) % fields.length] });
  if (key.downArrow || key.tab) return update({ field: fields[(at + 1) % fields.length] });
  if (key.leftArrow || key.rightArrow) {
    // An amend keeps the order's side and type: only its price and quantity change.
    if (form.amends !== undefined) return;
    if (form.field === 'side') return update({ side: form.side === 'buy' ? 'sell' : 'buy', share: undefined });
    if (form.field === 'posSide') return update({ positionSide: form.positionSide === 'LONG' ? 'SHORT' : 'LONG', share: undefined });
    if (form.field === 'type') {
      const type = nextFormType(form.type);
      // A stop starts as stop-market: its limit price is optional, its trigger is the trader's.
      return update({ type, price: type === 'limit' ? form.price || suggestPrice(ctx, form) : type === 'stop' ? '' : form.price, trigger: type === 'stop' ? form.trigger ?? suggestPrice(ctx, form) : form.trigger });
    }
    return;
  }
  if (key.return) {
    const check = checkForm(session, form);
    if (!check.request) {
      const bad = check.qtyError ? 'qty' : check.triggerError ? 'trigger' : check.priceError ? 'price' : form.field;
      return update({ field: bad });
    }
    return dispatch({ type: 'overlay', overlay: { kind: 'confirmOrder', form, typed: '' } });
  }
  // The maximum would not count the old order's funds as free: an amend types its quantity.
  if (isQuantityShareKey(input) && form.amends === undefined) return dispatch({ type: 'overlay', overlay: { kind: 'order', form: nextShare(session, form) } });
  if (form.field !== 'qty' && form.field !== 'price' && form.field !== 'trigger') return;
  const current = form[form.field] ?? '';
  // Typing makes the quantity the trader's own again, no longer a share of the maximum.
  if (key.backspace || key.delete) return update({ [form.field]: current.slice(0, -1), share: undefined });
  // Anything typed goes in; the validation beside the field says what is wrong with it.
  if (printable(input, key) && current.length < 24) return update({ [form.field]: current + input, share: undefined });
}

function suggestPrice(ctx: KeyContext, form: OrderForm): string {
  const t = ctx.session.state().market.tickers[`${ctx.session.venue}:${form.symbol}`];
  return t ? String(form.side === 'buy' ? t.bid : t.ask) : '';
}

/** Typing after `/`: the tickers narrow with every key; Enter keeps the filter, Esc clears it. */
function filterKey(ctx: KeyContext, input: string, key: Key): void {
  const { ui, dispatch } = ctx;
  const close = { kind: 'none' } as const;
  // A new filter selects anew: BTC/USDT if it is shown, else the first match.
  if (key.escape) return dispatch({ type: 'set', patch: { filter: '', selectedSymbol: undefined, overlay: close } });
  if (key.return) return dispatch({ type: 'set', patch: { overlay: close } });
  if (key.backspace || key.delete) return dispatch({ type: 'set', patch: { filter: ui.filter.slice(0, -1), selectedSymbol: undefined } });
  if (printable(input, key) && ui.filter.length < 20) dispatch({ type: 'set', patch: { filter: ui.filter + input, selectedSymbol: undefined } });
}

function commandKey(ctx: KeyContext, text: string, input: string, key: Key, exit: () => void): void {
  const { dispatch, session } = ctx;
  if (key.escape) return dispatch({ type: 'overlay', overlay: { kind: 'none' } });
  if (key.tab) {
    const options = completeLine(session, text);
    if (options.length === 1) {
      const words = text.split(' ');
      words[words.length - 1] = options[0];
      return dispatch({ type: 'overlay', overlay: { kind: 'command', text: `${words.join(' ')} ` } });
    }
    return dispatch({ type: 'overlay', overlay: { kind: 'command', text, hint: options.join('  ') || 'no completions' } });
  }
  if (key.return) {
    const line = text.trim();
    if (!line) return dispatch({ type: 'overlay', overlay: { kind: 'none' } });
    dispatch({ type: 'overlay', overlay: { kind: 'output', title: `:${line}`, text: 'running…', ok: true } });
    void runLine(session, line, { source: 'tui', color: false }).then(
      (out) => (out.quit ? exit() : dispatch({ type: 'overlay', overlay: { kind: 'output', title: `:${line}`, text: out.text || 'done', ok: out.ok } })),
      (err: unknown) => dispatch({ type: 'overlay', overlay: { kind: 'output', title: `:${line}`, text: `internal error: ${(err as Error).message}`, ok: false } }),
    );
    return;
  }
  if (key.backspace || key.delete) return dispatch({ type: 'overlay', overlay: { kind: 'command', text: text.slice(0, -1) } });
  if (printable(input, key) && text.length < 200) dispatch({ type: 'overlay', overlay: { kind: 'command', text: text + input } });
}

/** Stops every running instance through the session (recorded as stopped; positions kept). */
async function stopAll(session: Session): Promise<void> {
  const stop = (session as { stopStrategy?: (id: string) => Promise<unknown> }).stopStrategy;
  if (!stop) return; // Hosts the app started itself are stopped as it unmounts.
  for (const id of runningStrategyIds(session.state().ledger.strategies, session.venue)) await stop.call(session, id).catch(() => undefined);
}
