import type { Key } from 'ink';
import { completeLine, runLine } from '../shell/run-line.js';
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

/** The `:` command line: Tab completes, Enter runs the line through the shell and shows its output. */
export function commandKey(ctx: KeyContext, text: string, input: string, key: Key, exit: () => void): void {
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
