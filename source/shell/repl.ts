import readline from 'node:readline';
import { QUIT_CHOICES, stopRunningStrategies, strategiesLeftRunning, type QuitChoice } from '../app/strategy-runtime/quit-strategies.js';
import type { Session } from '../app/session/session.js';
import { paint } from '../format/format.js';
import { uncleanRestartText } from '../format/daemon-status-text.js';
import { HUNG_UP, isTerminalGone } from '../domain/index.js';
import { newsLine, startNewsPrinter } from './news-printer.js';
import { completeLine, runLine } from './run-line.js';
import { outputJson } from './command-output.js';
import { historyFile, HISTORY_MAX, loadHistory, saveHistory } from './history-file.js';

export interface ReplOptions {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  readonly errors: NodeJS.WritableStream;
  /** Prompt, history and completion: only when a person is typing. */
  readonly interactive: boolean;
  readonly color: boolean;
  /** Output drawn in ASCII only (the chart picks its ASCII glyphs). */
  readonly ascii?: boolean;
  readonly json: boolean;
  /** Hears the answer to the quit question (strategies running): `keep` hands them to the daemon. */
  readonly onQuit?: (choice: 'keep' | 'stop') => void;
}

const PROMPT = 'atapi> ';

/**
 * The line-oriented shell, in the spirit of Python's `cmd`. Reads commands one at a time, so
 * `printf 'buy BTC/USDT 0.01\nbalance\n' | atapi shell` runs them in order. Returns the exit code:
 * 1 if any command failed when not interactive (so scripts notice), HUNG_UP when its terminal
 * went away, else 0.
 */
export async function runRepl(session: Session, options: ReplOptions): Promise<number> {
  const file = historyFile(session.dataDir);
  const history = options.interactive && file ? loadHistory(file) : [];
  const rl = readline.createInterface({
    input: options.input,
    output: options.interactive ? options.output : undefined,
    terminal: options.interactive,
    history,
    historySize: HISTORY_MAX,
    completer: options.interactive ? shellCompleter(session) : undefined,
    prompt: PROMPT,
  });
  let failed = false;
  // Set when the terminal went away (SIGHUP, or its reads and writes fail with EIO): the loop
  // ends as at Ctrl-D, nothing more is written, and the caller ends the process by the hang-up.
  let hungUp = false;
  const hangUp = (): void => {
    if (hungUp) return;
    hungUp = true;
    rl.close();
  };
  const onStreamError = (err: unknown): void => {
    if (!isTerminalGone(err)) throw err;
    hangUp();
  };
  if (options.interactive) {
    process.once('SIGHUP', hangUp);
    // Kept once the loop is over: what is said on the way out meets the same dead terminal.
    options.input.on('error', onStreamError);
    options.output.on('error', onStreamError);
    keepClosingWhenGone(options.input, () => (hungUp = true));
  }
  // What recovery did to the ledger matters as much when the shell is piped: on stderr, so a
  // script's stdout stays the commands' output.
  for (const r of session.reports) options.errors.write(`${r}\n`);
  // The cancels a crash cut off that the session's start sent again, before the news below began (later ones are news).
  for (const t of session.resends?.told() ?? []) options.errors.write(`${t}\n`);
  // News between commands: above the prompt for a person; on stderr when piped, so a script
  // reading stdout (or --json) gets only its commands' output, never a line in between.
  const news = startNewsPrinter(session.store, session.venue, (entries) =>
    options.interactive ? printAbovePrompt(rl, options.output, entries.map((e) => newsLine(e, options.color))) : options.errors.write(entries.map((e) => `${newsLine(e, false)}\n`).join('')),
  );
  // Set while `quit` waits for the answer to what becomes of the running strategies.
  let asking: readonly string[] | undefined;
  // Set once the question is answered (keep or stop): nothing is left to warn about.
  let decided = false;
  if (options.interactive) {
    const attached = session.attachedTo ? `, attached to daemon (pid ${session.attachedTo.pid}); quit detaches, the daemon goes on` : '';
    options.output.write(`atapi shell on ${session.label} (${session.mode.toUpperCase()})${attached}. Type help for commands, quit to leave.\n`);
    // The daemon was down for a while before this run (killed or crashed): what it did not do then, nobody saw.
    const to = session.attachedTo;
    if (to?.uncleanStop) options.output.write(`${paint(uncleanRestartText(to.pid, to.uncleanStop), 'yellow', options.color)} (see: daemon, history)\n`);
    rl.on('SIGINT', () => {
      rl.write('\n');
      rl.prompt();
    });
    rl.prompt();
  }
  for await (const line of linesOf(rl, hangUp)) {
    if (asking) {
      const choice = quitAnswer(line);
      if (choice === undefined) {
        options.output.write(`answer k, s or c\n`);
        rl.prompt();
        continue;
      }
      rl.setPrompt(PROMPT);
      asking = undefined;
      if (choice === 'cancel') {
        rl.prompt();
        continue;
      }
      if (choice === 'stop') await stopRunningStrategies(session);
      options.onQuit?.(choice);
      decided = true;
      break;
    }
    news.hold();
    const out = await runLine(session, line, { source: 'shell', color: options.color, ascii: options.ascii });
    // What the line recorded is in the state before the next line reads it (attached: the daemon has answered).
    await session.store.whenDurable().catch(() => undefined);
    const left = out.quit ? strategiesLeftRunning(session) : [];
    // Quitting that asks first says no "bye" before the question.
    if (out.text && !(out.quit && left.length > 0 && options.interactive)) {
      if (options.json) options.output.write(`${JSON.stringify(outputJson(out))}\n`);
      else if (out.ok) options.output.write(`${out.text}\n`);
      else options.errors.write(`${paint('error:', 'red', options.color)} ${out.text}\n`);
    }
    if (!out.ok) failed = true;
    if (out.quit && left.length > 0 && options.interactive) {
      asking = left;
      options.output.write(quitQuestion(left));
      rl.setPrompt('keep, stop or cancel? [k/s/c] ');
    }
    if (out.quit && !asking) break;
    news.release(out.cancelled);
    if (options.interactive) rl.prompt();
  }
  news.stop();
  process.off('SIGHUP', hangUp);
  if (hungUp) {
    if (file) saveHistory(file, (rl as unknown as { history: string[] }).history ?? []);
    return HUNG_UP;
  }
  // Piped, nobody can answer; interactive, Ctrl-D ends the input unasked: leaving them says so.
  const left = decided ? [] : strategiesLeftRunning(session);
  if (left.length > 0) {
    options.errors.write(`atapi: ${strategiesCount(left)} running (${left.join(', ')}) and stop trading as the shell ends; the ledger keeps them as running, so they resume when atapi next opens on this data directory (${session.daemonStart ?? 'a daemon'} runs them in the background; stop ID stops one)\n`);
  }
  rl.close();
  if (options.interactive && file) saveHistory(file, (rl as unknown as { history: string[] }).history ?? []);
  return failed && !options.interactive ? 1 : 0;
}

/**
 * The lines read, until the input ends: readline passes its input's errors on through the loop,
 * and a terminal gone (EIO) ends it as the hang-up it is (`gone`), not as a failure.
 */
async function* linesOf(rl: readline.Interface, gone: () => void): AsyncGenerator<string> {
  try {
    for await (const line of rl) yield line;
  } catch (err) {
    if (!isTerminalGone(err)) throw err;
    gone();
  }
}

/**
 * Readline gives a terminal its settings back as it closes (raw mode off); a terminal gone
 * refuses with EIO, and readline, its close thrown out half done, would never end the loop.
 * The refusal is taken as the hang-up it is.
 */
function keepClosingWhenGone(input: NodeJS.ReadableStream, gone: () => void): void {
  const tty = input as { setRawMode?: (mode: boolean) => unknown };
  const setRawMode = tty.setRawMode;
  if (typeof setRawMode !== 'function') return;
  tty.setRawMode = (mode: boolean): unknown => {
    try {
      return setRawMode.call(tty, mode);
    } catch (err) {
      if (!isTerminalGone(err)) throw err;
      gone();
      return tty;
    }
  };
}

const strategiesCount = (ids: readonly string[]): string => `${ids.length} strateg${ids.length === 1 ? 'y is' : 'ies are'}`;

/** The quit question, as the app's quit dialog asks it (the same choices, typed as a letter). */
function quitQuestion(running: readonly string[]): string {
  const shown = running.slice(0, 5).map((id) => `  ${id}\n`).join('');
  const more = running.length > 5 ? `  and ${running.length - 5} more\n` : '';
  const choices = QUIT_CHOICES.map((c) => `  ${c.key}  ${c.choice === 'cancel' ? 'cancel: back to the shell' : c.label}${c === QUIT_CHOICES[0] ? ' (Enter)' : ''}\n`).join('');
  return `Quit atapi? ${strategiesCount(running)} running\n${shown}${more}${choices}`;
}

/** A typed answer to the quit question: a choice's key or name; Enter takes the first (keep). */
export function quitAnswer(line: string): QuitChoice | undefined {
  const a = line.trim().toLowerCase();
  if (a === '') return QUIT_CHOICES[0].choice;
  return QUIT_CHOICES.find((c) => c.key === a || c.choice === a)?.choice;
}

/**
 * Prints lines above the prompt without mangling what is being typed: the prompt and the
 * input (which may wrap over several rows) are cleared, the lines printed, and readline draws
 * the prompt and the input again with the cursor where it was. The blank rows written after
 * the lines are the rows readline moves back up over as it redraws.
 */
function printAbovePrompt(rl: readline.Interface, output: NodeJS.WritableStream, lines: readonly string[]): void {
  const rows = rl.getCursorPos().rows;
  readline.moveCursor(output, 0, -rows);
  readline.cursorTo(output, 0);
  readline.clearScreenDown(output);
  output.write(`${lines.join('\n')}\n${'\n'.repeat(rows)}`);
  rl.prompt(true);
}

/** Readline's completer for the shell: the candidates and the word they complete. */
export function shellCompleter(session: Session): (line: string) => [string[], string] {
  return (line) => [completeLine(session, line), /\s$/.test(line) ? '' : (line.trim().split(/\s+/).pop() ?? '')];
}
