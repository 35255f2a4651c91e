import { useApp, useInput, type Key } from 'ink';
import { useRef, type Dispatch } from 'react';
import { confirmClosePositionKey, confirmPositionModeKey } from './futures-keys.js';
import type { KeyContext } from './key-context.js';
import { commandKey, filterKey } from './line-keys.js';
import { confirmOrderKey, orderFormKey } from './order-keys.js';
import { scrollKey } from './scroll-keys.js';
import { pnlViewKey } from './pnl-keys.js';
import { moveQuitSelection, quitDialogKey } from './overlays/quit-dialog.js';
import { stopRunningStrategies } from '../app/strategy-runtime/quit-strategies.js';
import { paneKey } from './pane-keys.js';
import { confirmStrategyCloseKey, strategyStartKey } from './strategy-keys.js';
import { uiReducer, type UiAction, type UiState } from './ui-state.js';
import { strategyOrderCancelNote } from '../format/cancel-note.js';

export type { KeyContext } from './key-context.js';

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

/** One keystroke: the open dialog hears it first; with none open, the panes do. */
function handle(ctx: KeyContext, input: string, key: Key, exit: () => void): void {
  const { ui, dispatch, session } = ctx;
  const set = (patch: Partial<UiState>) => dispatch({ type: 'set', patch });
  const close = () => dispatch({ type: 'overlay', overlay: { kind: 'none' } });
  if (key.ctrl && input === 'c') return exit();
  const o = ui.overlay;
  switch (o.kind) {
    case 'output': {
      const at = scrollKey(ctx, o.text, o, input, key);
      if (at) return dispatch({ type: 'overlay', overlay: { ...o, ...at } });
      // The next command straight from the answer, as in the shell: the keys typed after ':' would otherwise be lost.
      if (input === ':') return dispatch({ type: 'overlay', overlay: { kind: 'command', text: '' } });
      if (key.escape || key.return || input === 'q' || input === '?') close();
      return;
    }
    case 'pnl':
      return pnlViewKey(ctx, o, input, key);
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
      void stopRunningStrategies(session).finally(exit);
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
          set({ busy: false, message: r.ok ? `order ${o.orderId} cancelled${strategyOrderCancelNote(r.order, session.strategies())}` : r.error });
        });
      } else if (input === 'n' || key.escape) close();
      return;
    case 'confirmCancelAll':
      if (input === 'y' || key.return) {
        close();
        set({ busy: true });
        void session.cancelAll().then((r) => {
          const problems = r.problems.map((p) => p.text).join('; ');
          set({ busy: false, message: `cancelled ${r.cancelled.length} order${r.cancelled.length === 1 ? '' : 's'}${r.cancelled.length ? ` (${r.cancelled.join(', ')})` : ''}${problems ? `; ${problems}` : ''}` });
        });
      } else if (input === 'n' || key.escape) close();
      return;
    case 'confirmOrder':
      return confirmOrderKey(ctx, o, input, key);
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
      return commandKey(ctx, o, input, key, exit);
    case 'filter':
      return filterKey(ctx, input, key);
    case 'none':
      break;
  }
  paneKey(ctx, input, key, exit);
}
