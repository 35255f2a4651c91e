import type { Session } from '../app/session/session.js';
import { RefusedError, UserError, type CommandSource } from '../domain/index.js';
import type { CommandOutput } from './command-output.js';
import { fail } from './command-spec.js';
import { parseLine } from './parse-line.js';
import { COMMANDS, findCommand } from './registry.js';
import { tokenize } from './tokenize.js';

export interface RunOptions {
  readonly source: CommandSource;
  readonly color: boolean;
  readonly ascii?: boolean;
}

/**
 * Parses and runs one line. A line that does not parse changes nothing; a valid one is
 * recorded as a user command (if its command says so) before it runs.
 */
export async function runLine(session: Session, line: string, options: RunOptions): Promise<CommandOutput> {
  const p = parseLine(line);
  // A line that does not parse is refused as bad input, with the field it is about if known.
  if (!p.ok) return { ...fail(p.error), json: { error: p.error, code: 'input.invalid', ...(p.field === undefined ? {} : { field: p.field }) } };
  if (p.empty) return { ok: true, text: '', json: null };
  if (p.command.record) session.record(line.trim(), options.source);
  try {
    return await p.command.run(session, p.args, { color: options.color, ascii: options.ascii, source: options.source, commands: COMMANDS });
  } catch (err) {
    // A refusal's code and field go with its line (--json), as the API answers them.
    if (err instanceof RefusedError) return { ...fail(err.message), json: { error: err.message, code: err.refusal.code, ...(err.refusal.field === undefined ? {} : { field: err.refusal.field }) } };
    if (err instanceof UserError) return fail(err.message);
    throw err;
  }
}

/** Tab completion: command names first, then symbols where a command takes one. */
export function completeLine(session: Session, partial: string): string[] {
  const t = tokenize(partial);
  if (!t.ok) return [];
  const words = t.words;
  const trailingSpace = /\s$/.test(partial);
  if (words.length === 0 || (words.length === 1 && !trailingSpace)) {
    const prefix = (words[0] ?? '').toLowerCase();
    return COMMANDS.map((c) => c.name).filter((n) => n.startsWith(prefix));
  }
  const command = findCommand(words[0]);
  if (!command?.symbolArgs) return [];
  const argIndex = trailingSpace ? words.length - 1 : words.length - 2;
  if (!command.symbolArgs.includes(argIndex)) return [];
  const typed = trailingSpace ? '' : words[words.length - 1];
  const prefix = typed.toUpperCase().replace(/[-_]/, '/');
  // Completions are the symbols as the exchange spells them: readline (Node >= 20) replaces
  // the typed word when its case differs, so `b<Tab>` becomes `BTC/USDT`, never `bTC/USDT`.
  return session
    .tickers()
    .map((tk) => tk.symbol)
    .filter((s) => s.startsWith(prefix));
}
