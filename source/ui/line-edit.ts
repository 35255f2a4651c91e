import type { Key } from 'ink';
import { printable } from './key-context.js';

/** A line being typed and where the cursor is in it (0 = before the first character). */
export interface LineEdit {
  readonly text: string;
  readonly cursor: number;
}

/**
 * The editing keys of a one-line field, as readline has them in the shell: ←/→ and Home/End
 * (Ctrl-A/Ctrl-E) move, Backspace deletes before the cursor, Ctrl-U deletes to the start,
 * Ctrl-K to the end, Ctrl-W the word before the cursor; a printable key is typed at the
 * cursor (up to `max` characters). Pure; undefined for a key that does not edit.
 */
export function editKey(s: LineEdit, input: string, key: Key, max = 200): LineEdit | undefined {
  const { text } = s;
  const cursor = Math.max(0, Math.min(s.cursor, text.length));
  if (key.leftArrow) return { text, cursor: Math.max(0, cursor - 1) };
  if (key.rightArrow) return { text, cursor: Math.min(text.length, cursor + 1) };
  if (key.home || (key.ctrl && input === 'a')) return { text, cursor: 0 };
  if (key.end || (key.ctrl && input === 'e')) return { text, cursor: text.length };
  if (key.backspace || key.delete) return cursor === 0 ? s : { text: text.slice(0, cursor - 1) + text.slice(cursor), cursor: cursor - 1 };
  if (key.ctrl && input === 'u') return { text: text.slice(cursor), cursor: 0 };
  if (key.ctrl && input === 'k') return { text: text.slice(0, cursor), cursor };
  if (key.ctrl && input === 'w') {
    const start = text.slice(0, cursor).replace(/\S*\s*$/, '').length;
    return { text: text.slice(0, start) + text.slice(cursor), cursor: start };
  }
  if (printable(input, key)) {
    const typed = input.slice(0, Math.max(0, max - text.length));
    return { text: text.slice(0, cursor) + typed + text.slice(cursor), cursor: cursor + typed.length };
  }
  return undefined;
}

/**
 * Tab: the word before the cursor completed by `complete` (the shell's completer: candidates
 * and the word they complete). One candidate replaces the word and adds a space; several
 * extend it to what they share and are offered as a hint; none say so.
 */
export function completeAt(s: LineEdit, complete: (line: string) => [string[], string]): { readonly edit: LineEdit; readonly hint?: string } {
  const before = s.text.slice(0, s.cursor);
  const after = s.text.slice(s.cursor);
  const [options, word] = complete(before);
  if (options.length === 0) return { edit: s, hint: 'no completions' };
  const head = before.slice(0, before.length - word.length);
  if (options.length === 1) {
    const done = `${head}${options[0]} `;
    // A space already after the cursor is not doubled.
    const rest = after.startsWith(' ') ? after.slice(1) : after;
    return { edit: { text: done + rest, cursor: done.length } };
  }
  const shared = options.reduce(commonPrefix);
  const grown = shared.length > word.length ? `${head}${shared}` : before;
  return { edit: { text: grown + after, cursor: grown.length }, hint: options.join('  ') };
}

function commonPrefix(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i].toLowerCase() === b[i].toLowerCase()) i++;
  return a.slice(0, i);
}
