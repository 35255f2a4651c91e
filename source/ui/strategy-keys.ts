import type { Key } from 'ink';
import { RefusedError } from '../domain/index.js';
import { formatSize, defaultSize } from '../engine/strategy-size.js';
import { selectEquity, selectInstrument } from '../store/index.js';
import { ALL_STRATEGIES } from '../strategies/registry.js';
import { printable, type KeyContext } from './key-context.js';
import { newStartForm, startFormReducer, startSpec, type StartFormAction, type StrategyStartForm } from './strategy-start-form.js';
import type { KeyCommand } from './keymap.js';

/** The start dialog for the chosen built-in strategy on `symbol`, its default size filled in. */
export function openStartDialog(ctx: KeyContext, symbol: string): void {
  const { session, ui, dispatch } = ctx;
  const def = ALL_STRATEGIES[ui.strategyIndex];
  const inst = selectInstrument(session.state(), session.venue, symbol);
  if (!inst) return dispatch({ type: 'message', message: `no market ${symbol} yet` });
  const size = formatSize(defaultSize(inst, selectEquity(session.state(), session.venue, inst.quote)));
  dispatch({ type: 'overlay', overlay: { kind: 'startStrategy', form: newStartForm(def, symbol, size) } });
}

/** Strategy pane keys: select an instance, start one, stop it (Enter), stop and sell its own (x). */
export function strategyPaneCommand(ctx: KeyContext, command: KeyCommand, symbol: string | undefined): boolean {
  const { session, ui, dispatch } = ctx;
  const list = session.strategies();
  const row = Math.max(0, Math.min(ui.strategyRow, list.length - 1));
  const selected = list[row];
  switch (command) {
    case 'up':
    case 'down':
      dispatch({ type: 'set', patch: { strategyRow: Math.max(0, Math.min(list.length - 1, row + (command === 'down' ? 1 : -1))) } });
      return true;
    case 'newStrategy':
      if (symbol) openStartDialog(ctx, symbol);
      return true;
    case 'act':
      // Enter on a running instance stops it, keeping what it bought; otherwise it starts one.
      if (selected && selected.status === 'running') {
        dispatch({ type: 'set', patch: { busy: true, message: `stopping ${selected.id}…` } });
        void session.stopStrategy(selected.id).then(
          (r) => dispatch({ type: 'set', patch: { busy: false, message: r.text } }),
          (err: unknown) => dispatch({ type: 'set', patch: { busy: false, message: (err as Error).message } }),
        );
      } else if (symbol) openStartDialog(ctx, symbol);
      return true;
    case 'flatten':
      if (!selected) dispatch({ type: 'message', message: 'no strategy instance to stop: start one with n' });
      else dispatch({ type: 'overlay', overlay: { kind: 'confirmStrategyClose', id: selected.id } });
      return true;
    default:
      return false;
  }
}

/** Keys in the start dialog: fields, timeframe, typing; Enter asks the session to start it. */
export function strategyStartKey(ctx: KeyContext, form: StrategyStartForm, input: string, key: Key): void {
  const { dispatch, session } = ctx;
  const apply = (a: StartFormAction) => dispatch({ type: 'overlay', overlay: { kind: 'startStrategy', form: startFormReducer(form, a) } });
  if (form.busy) return;
  if (key.escape) return dispatch({ type: 'overlay', overlay: { kind: 'none' } });
  if (key.upArrow || (key.tab && key.shift)) return apply({ type: 'move', step: -1 });
  if (key.downArrow || key.tab) return apply({ type: 'move', step: 1 });
  if (key.leftArrow || key.rightArrow) return apply({ type: 'cycle', step: key.rightArrow ? 1 : -1 });
  if (key.backspace || key.delete) return apply({ type: 'erase' });
  if (key.return) {
    const r = startSpec(form);
    if (!r.ok) return dispatch({ type: 'overlay', overlay: { kind: 'startStrategy', form: { ...startFormReducer(form, { type: 'refused', error: r.error }), field: r.field } } });
    const sending = startFormReducer(form, { type: 'sending' });
    dispatch({ type: 'overlay', overlay: { kind: 'startStrategy', form: sending } });
    void session.startStrategy(r.spec).then(
      (v) => dispatch({ type: 'set', patch: { overlay: { kind: 'none' }, message: `started ${v.id}: size ${v.size} (${session.mode.toUpperCase()})`, strategyRow: Math.max(0, session.strategies().findIndex((x) => x.id === v.id)) } }),
      // The session's one-line reason (bad size, parameter out of range) stays in the dialog.
      // Its field too (a refusal's, as data): the cursor goes to the size or parameter to mend.
      (err: unknown) => dispatch({ type: 'overlay', overlay: { kind: 'startStrategy', form: startFormReducer(sending, { type: 'refused', error: (err as Error).message, at: err instanceof RefusedError ? err.refusal.field : undefined }) } }),
    );
    return;
  }
  if (printable(input, key)) apply({ type: 'type', text: input });
}

/**
 * `x`'s confirmation: Enter / y stops the instance and sells exactly what the dialog said.
 * LIVE with something to sell: the symbol is typed first, as for a LIVE order.
 */
export function confirmStrategyCloseKey(ctx: KeyContext, id: string, typed: string | undefined, input: string, key: Key): void {
  const { dispatch, session } = ctx;
  if (key.escape) return dispatch({ type: 'overlay', overlay: { kind: 'none' } });
  const p = session.closePreview(id);
  const typing = session.mode === 'live' && p.qty > 0;
  if (typing && !key.return) {
    const text = typed ?? '';
    if (key.backspace || key.delete) dispatch({ type: 'overlay', overlay: { kind: 'confirmStrategyClose', id, typed: text.slice(0, -1) } });
    else if (printable(input, key)) dispatch({ type: 'overlay', overlay: { kind: 'confirmStrategyClose', id, typed: text + input } });
    return;
  }
  if (!typing && input === 'n') return dispatch({ type: 'overlay', overlay: { kind: 'none' } });
  if (input !== 'y' && !key.return) return;
  if (typing && (typed ?? '').toUpperCase() !== p.symbol) return dispatch({ type: 'message', message: `type ${p.symbol} exactly to sell a LIVE position` });
  dispatch({ type: 'set', patch: { overlay: { kind: 'none' }, busy: true, message: `stopping ${id}…` } });
  void session.stopStrategy(id, { close: true }).then(
    (r) => dispatch({ type: 'set', patch: { busy: false, message: r.text } }),
    (err: unknown) => dispatch({ type: 'set', patch: { busy: false, message: (err as Error).message } }),
  );
}
