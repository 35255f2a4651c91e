import type { Key } from 'ink';
import { runLine } from '../shell/run-line.js';
import { shellCompleter } from '../shell/repl.js';
import { commandHistory } from './command-history.js';
import { completeAt, editKey } from './line-edit.js';
import type { Overlay } from './ui-state.js';

type CommandOverlay = Extract<Overlay, { kind: 'command' }>;
import { printable, type KeyContext } from './key-context.js';

/** Typing after `/`: the tickers narrow with every key; Enter keeps the filter, Esc clears it. */
export function filterKey(ctx: KeyContext, input: string, key: Key): void {
  const { ui, dispatch } = ctx;
  const close = { kind: 'none' } as const;
  // A new filter selects anew: BTC/USDT if it is shown, else the first match.
  if (key.escape) return dispatch({ type: 'set', patch: { filter: '', selectedSymbol: undefined, overlay: close } });
  if (key.return) return dispatch({ type: 'set', patch: { overlay: close } });
  if (key.backspace || key.delete) return dispatch({ type: 'set', patch: { filter: ui.filter.slice(0, -1), selectedSymbol: undefined } });
  if (printable(input, key) && ui.filter.length < 20) dispatch({ type: 'set', patch: { filter: ui.filter + input, selectedSymbol: undefined } });
}

/** The `:` command line: edits like the shell (cursor, Ctrl-U/W/K, history on ↑/↓ shared with it, Tab completes); Enter runs the line through the shell and shows its output. */
export function commandKey(ctx: KeyContext, o: CommandOverlay, input: string, key: Key, exit: () => void): void {
  const { dispatch, session } = ctx;
  const text = o.text;
  const show = (next: Partial<CommandOverlay>) => dispatch({ type: 'overlay', overlay: { kind: 'command', text, cursor: o.cursor, back: o.back, draft: o.draft, ...next } });
  if (key.escape) return dispatch({ type: 'overlay', overlay: { kind: 'none' } });
  if (key.tab) {
    const { edit, hint } = completeAt({ text, cursor: o.cursor ?? text.length }, shellCompleter(session));
    return show({ text: edit.text, cursor: edit.cursor, hint });
  }
  if (key.upArrow || key.downArrow) {
    const lines = commandHistory(session).lines();
    const back = Math.max(0, Math.min(lines.length, (o.back ?? 0) + (key.upArrow ? 1 : -1)));
    if (back === (o.back ?? 0)) return;
    // Leaving the line being typed keeps it, to come back to with ↓.
    const draft = (o.back ?? 0) === 0 ? text : o.draft;
    const line = back === 0 ? (draft ?? '') : lines[back - 1];
    return show({ text: line, cursor: line.length, back, draft, hint: undefined });
  }
  if (key.return) {
    const line = text.trim();
    if (!line) return dispatch({ type: 'overlay', overlay: { kind: 'none' } });
    commandHistory(session).add(line);
    dispatch({ type: 'overlay', overlay: { kind: 'output', title: `:${line}`, text: 'running…', ok: true } });
    void runLine(session, line, { source: 'tui', color: false }).then(
      (out) => (out.quit ? exit() : dispatch({ type: 'overlay', overlay: { kind: 'output', title: `:${line}`, text: out.text || 'done', ok: out.ok } })),
      (err: unknown) => dispatch({ type: 'overlay', overlay: { kind: 'output', title: `:${line}`, text: `internal error: ${(err as Error).message}`, ok: false } }),
    );
    return;
  }
  const edit = editKey({ text, cursor: o.cursor ?? text.length }, input, key);
  if (edit) show({ text: edit.text, cursor: edit.cursor, hint: edit.text === text ? o.hint : undefined });
}
