import type { Session } from '../app/session/session.js';
import type { CommandSource, Refusal } from '../domain/index.js';
import type { CommandOutput } from './command-output.js';

/**
 * A command's arguments, or why not: a line that does not parse is refused as `input.invalid`
 * (`--json` prints the code), with the `field` it is about when there is one (`size`,
 * `params.fast`: the names the start refusals and the API give).
 */
export type Parsed<A> = { readonly ok: true; readonly args: A } | { readonly ok: false; readonly error: string; readonly field?: string };

export interface RunContext {
  readonly color: boolean;
  /** Output is drawn in ASCII only (--ascii, a non-UTF-8 terminal): what draws its own glyphs (the chart) picks ASCII ones. */
  readonly ascii?: boolean;
  /** Which door the line came through (the shell, the TUI's command line): recorded with what it does. */
  readonly source: CommandSource;
  /** The registry, for `help`. */
  readonly commands: readonly ShellCommand[];
}

/**
 * A shell command as data: the parser validates words into typed arguments without touching
 * the session, so a bad line can never change state; `run` then acts.
 */
export interface CommandSpec<A> {
  readonly name: string;
  readonly aliases?: readonly string[];
  /** One line for `help`. */
  readonly summary: string;
  /** e.g. `buy SYMBOL QTY [PRICE]`. */
  readonly usage: string;
  /** Longer text for `help CMD` and `atapi CMD --help`. */
  readonly details?: string;
  /** Argument positions that take a symbol, for tab completion. */
  readonly symbolArgs?: readonly number[];
  /** Whether running it is worth recording in the log as a user command. */
  readonly record?: boolean;
  parse(words: readonly string[]): Parsed<A>;
  run(session: Session, args: A, ctx: RunContext): Promise<CommandOutput> | CommandOutput;
}

export type ShellCommand = CommandSpec<unknown>;

export function defineCommand<A>(spec: CommandSpec<A>): ShellCommand {
  return spec as unknown as ShellCommand;
}

export const ok = (text: string, json?: unknown): CommandOutput => ({ ok: true, text, json: json ?? null });
export const fail = (text: string): CommandOutput => ({ ok: false, text, json: { error: text } });

/**
 * A refusal's line, with its code and field for `--json` (as the API answers the same refusal):
 * `text` is the line the trader reads, which may put context before the refusal's own words.
 */
export const refused = (text: string, r: Pick<Refusal, 'field'> & { readonly code: string }): CommandOutput => ({ ok: false, text, json: { error: text, code: r.code, ...(r.field === undefined ? {} : { field: r.field }) } });

/**
 * An order that would need the trader's confirmation (a far price, a large share of the
 * account), not sent without --force: the API's `order.confirm`.
 */
export const needsForce = (text: string): CommandOutput => refused(text, { code: 'order.confirm' });

/**
 * What would act on many things at once (flatten, cancel --all, stop --close, strategies
 * prune) says what it would do and waits for --yes: `confirm.yes`, field `yes`, so a script
 * tells the preview from a refusal without reading its words.
 */
export const needsYes = (text: string): CommandOutput => refused(text, { code: 'confirm.yes', field: 'yes' });

export function usageError(spec: { usage: string }, problem: string, field?: string): { ok: false; error: string; field?: string } {
  return { ok: false, error: `${problem}; usage: ${spec.usage}`, ...(field === undefined ? {} : { field }) };
}
