import type { Key } from 'ink';
import type { FuturesPositionRow } from '../app/futures/futures-session.js';
import type { OrderRequest, PositionMode, PositionSide } from '../domain/index.js';
import type { KeyCommand } from './keymap.js';
import { qty } from '../format/format.js';
import { wrapWords } from './components/canvas.js';
import { counterpartMarket } from './market-switch.js';
import { outputWidth } from './overlays/output-overlay.js';
import { printable, type KeyContext } from './key-context.js';

/** The perpetual rows the Positions tab lists, in its order: the selection index addresses them. */
export function perpetualRows(ctx: Pick<KeyContext, 'session'>): FuturesPositionRow[] {
  return ctx.session.futures.available ? ctx.session.futures.positions().filter((p) => p.qty !== 0) : [];
}

/** The reduce-only market order that closes a position whole: the opposite side, never more. */
export function closeRequest(p: Pick<FuturesPositionRow, 'symbol' | 'side' | 'qty'>): Omit<OrderRequest, 'venue'> {
  return { symbol: p.symbol, side: p.qty > 0 ? 'sell' : 'buy', type: 'market', qty: Math.abs(p.qty), reduceOnly: true, ...(p.side === 'BOTH' ? {} : { positionSide: p.side }) };
}

/**
 * What the order preview warns of a close (the order entry's fat-finger rules: a close that
 * takes what running strategies hold as their own), for the close question to show before it
 * sends, as the ticket, the shell's --force and the API's force ask.
 */
export function closeWarnings(session: KeyContext['session'], p: Pick<FuturesPositionRow, 'symbol' | 'side' | 'qty'>): readonly string[] {
  return session.preview(closeRequest(p)).warnings;
}

/**
 * Futures keys outside dialogs: `f` switches the market between spot and perpetual, `L` and `m`
 * prefill the command line for the selected perpetual, `M` asks to switch the position mode,
 * `c` in the Positions tab asks to close the selected position. True when the key was handled here.
 */
export function futuresCommand(ctx: KeyContext, command: KeyCommand, symbol: string | undefined): boolean {
  const { session, ui, dispatch } = ctx;
  const inPositions = ui.focus === 'account' && ui.accountTab === 'positions';
  const message = (text: string) => dispatch({ type: 'message', message: text });
  switch (command) {
    case 'futures': {
      if (!session.futures.available) return message(`${session.label} has no perpetuals here: start atapi with --futures`), true;
      if (!symbol) return message('no market yet'), true;
      const other = counterpartMarket(session.state(), session.venue, symbol);
      if ('error' in other) return message(other.error), true;
      // The ticker filter may hide the other market: clear it rather than select nothing.
      const hidden = !ctx.symbols.includes(other.symbol);
      dispatch({ type: 'set', patch: { selectedSymbol: other.symbol, ...(hidden ? { filter: '' } : {}), message: `${other.symbol} selected (f switches back)` } });
      return true;
    }
    case 'leverage':
    case 'marginMode': {
      if (!session.futures.available) return message(`${session.label} has no perpetuals here: start atapi with --futures`), true;
      const target = inPositions ? perpetualRows(ctx)[ui.accountIndex]?.symbol : perpetualOf(ctx, symbol);
      if (!target) return message(inPositions ? 'no position selected' : `${symbol ?? 'this market'} has no perpetual: f switches markets`), true;
      const s = session.futures.symbolSettings(target);
      const text = command === 'leverage' ? `leverage ${target} ` : `margin ${target} ${s.marginMode === 'isolated' ? 'cross' : 'isolated'}`;
      const hint = command === 'leverage'
        ? `now ${s.leverage}x: type the leverage, Enter sets it (limit: risk.maxLeverage)`
        : `now ${s.marginMode}: Enter switches it (only with no position or open order on ${target})`;
      dispatch({ type: 'overlay', overlay: { kind: 'command', text, hint } });
      return true;
    }
    case 'positionMode': {
      if (!session.futures.available) return message(`${session.label} has no perpetuals here: start atapi with --futures`), true;
      const to = session.futures.account().positionMode === 'hedge' ? 'one-way' : 'hedge';
      dispatch({ type: 'overlay', overlay: { kind: 'confirmPositionMode', to } });
      return true;
    }
    case 'cancelOrder': {
      if (!inPositions || !session.futures.available) return false;
      const p = perpetualRows(ctx)[ui.accountIndex];
      if (!p) return message('no perpetual position selected: pick one with ↑/↓'), true;
      // Its warnings are on screen from the first frame: that is the second look, as in the ticket.
      dispatch({ type: 'overlay', overlay: { kind: 'confirmClosePosition', symbol: p.symbol, side: p.side, typed: '', acknowledged: closeWarnings(session, p).length > 0 } });
      return true;
    }
    default:
      return false;
  }
}

/** The perpetual of the selected market (itself when it is one). */
function perpetualOf(ctx: KeyContext, symbol: string | undefined): string | undefined {
  if (!symbol) return undefined;
  const inst = ctx.session.state().market.instruments[`${ctx.session.venue}:${symbol}`];
  if (inst?.perpetual) return symbol;
  const other = counterpartMarket(ctx.session.state(), ctx.session.venue, symbol);
  return 'symbol' in other ? other.symbol : undefined;
}

/** The close question: Enter / y sends the reduce-only market order (LIVE: type the symbol first). */
export function confirmClosePositionKey(ctx: KeyContext, o: { readonly symbol: string; readonly side: PositionSide; readonly typed: string; readonly acknowledged?: boolean }, input: string, key: Key): void {
  const { session, dispatch } = ctx;
  const close = () => dispatch({ type: 'overlay', overlay: { kind: 'none' } });
  const live = session.mode === 'live';
  if (key.escape || (!live && input === 'n')) return close();
  if (live && !key.return) {
    const typed = key.backspace || key.delete ? o.typed.slice(0, -1) : printable(input, key) ? o.typed + input : o.typed;
    return dispatch({ type: 'overlay', overlay: { kind: 'confirmClosePosition', symbol: o.symbol, side: o.side, typed, ...(o.acknowledged ? { acknowledged: true } : {}) } });
  }
  if (!key.return && input !== 'y') return;
  if (live && o.typed.toUpperCase() !== o.symbol) return dispatch({ type: 'message', message: `type ${o.symbol} exactly to close a LIVE position` });
  // The position as it is now, not as it was when the question opened: a fill may have changed it.
  const p = perpetualRows(ctx).find((x) => x.symbol === o.symbol && x.side === o.side);
  // A warning that came up while the question was open (a strategy started meanwhile) is shown first: one more Enter sends.
  if (p && !o.acknowledged && closeWarnings(session, p).length > 0) return dispatch({ type: 'overlay', overlay: { ...o, kind: 'confirmClosePosition', acknowledged: true } });
  close();
  if (!p) return dispatch({ type: 'message', message: `${o.symbol}: the position is already closed` });
  const req = closeRequest(p);
  dispatch({ type: 'set', patch: { busy: true, message: `closing ${o.symbol}: ${req.side} ${qty(req.qty)} reduce-only…` } });
  void session.order(req).then(
    (r) => dispatch({ type: 'set', patch: { busy: false, message: r.ok ? `order ${r.order.id} ${r.order.status.replace('_', ' ')}${r.order.reason ? `: ${r.order.reason}` : ''} (close ${o.symbol})` : `refused: ${r.error}` } }),
    (err: unknown) => dispatch({ type: 'set', patch: { busy: false, message: `close ${o.symbol} failed: ${(err as Error).message}` } }),
  );
}

/**
 * The position mode question: Enter / y asks the exchange to switch. Whether it may is the
 * exchange's rule (no position, no open order): its refusal is shown whole, in a window of its
 * own, as the status line would cut it at 80 columns.
 */
export function confirmPositionModeKey(ctx: KeyContext, o: { readonly to: PositionMode }, input: string, key: Key): void {
  const { session, dispatch } = ctx;
  if (key.escape || input === 'n') return dispatch({ type: 'overlay', overlay: { kind: 'none' } });
  if (!key.return && input !== 'y') return;
  dispatch({ type: 'set', patch: { overlay: { kind: 'none' }, busy: true, message: `switching to ${o.to} mode…` } });
  void session.futures.setPositionMode(o.to).then(
    () => dispatch({ type: 'set', patch: { busy: false, message: `position mode: ${o.to}` } }),
    (err: unknown) => {
      const text = wrapWords(`Refused: ${(err as Error).message}`, outputWidth(ctx.size.columns)).join('\n');
      dispatch({ type: 'set', patch: { busy: false, message: 'position mode not changed', overlay: { kind: 'output', title: `Position mode stays ${o.to === 'hedge' ? 'one-way' : 'hedge'}`, text, ok: false } } });
    },
  );
}
