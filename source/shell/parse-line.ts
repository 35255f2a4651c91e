import type { ShellCommand } from './command-spec.js';
import { COMMANDS, findCommand } from './registry.js';
import { tokenize } from './tokenize.js';

export type LineParse =
  | { readonly ok: true; readonly empty: true }
  | { readonly ok: true; readonly empty: false; readonly command: ShellCommand; readonly args: unknown }
  | { readonly ok: false; readonly error: string; readonly field?: string };

const MAX_LINE = 1000;

/** Pure: a line of text to a command and typed arguments, or a one-line error. */
export function parseLine(line: string, commands: readonly ShellCommand[] = COMMANDS): LineParse {
  if (line.length > MAX_LINE) return { ok: false, error: `line too long (${line.length} characters, at most ${MAX_LINE})` };
  if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(line)) return { ok: false, error: 'the line contains control characters; type plain text' };
  const t = tokenize(line);
  if (!t.ok) return { ok: false, error: t.error };
  if (t.words.length === 0 || t.words[0].startsWith('#')) return { ok: true, empty: true };
  const [name, ...rest] = t.words;
  const command = findCommand(name, commands);
  if (!command) {
    const guess = closest(name.toLowerCase(), commands.flatMap((c) => [c.name, ...(c.aliases ?? [])]));
    return { ok: false, error: `unknown command "${clip(name)}"${guess ? `; did you mean "${guess}"?` : ''} (type help for the list)` };
  }
  const parsed = command.parse(rest);
  if (!parsed.ok) return { ok: false, error: parsed.error, ...(parsed.field === undefined ? {} : { field: parsed.field }) };
  return { ok: true, empty: false, command, args: parsed.args };
}

function clip(s: string): string {
  return s.length > 24 ? `${s.slice(0, 24)}…` : s;
}

/** The name a typo most likely meant, if one is close enough to be worth suggesting. */
export function closest(word: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  // Short words need a close match: "foo" is not a typo of "book".
  let bestD = Math.min(3, Math.max(2, Math.ceil(word.length / 3)));
  for (const n of names) {
    const d = distance(word, n);
    if (d < bestD) {
      bestD = d;
      best = n;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 99;
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}
