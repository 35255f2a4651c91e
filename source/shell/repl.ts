import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import type { Session } from '../app/session.js';
import { paint } from './format.js';
import { completeLine, runLine } from './run-line.js';

export interface ReplOptions {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  readonly errors: NodeJS.WritableStream;
  /** Prompt, history and completion: only when a person is typing. */
  readonly interactive: boolean;
  readonly color: boolean;
  readonly json: boolean;
}

const HISTORY_MAX = 1000;

/**
 * The line-oriented shell, in the spirit of Python's `cmd`. Reads commands one at a time, so
 * `printf 'buy BTC/USDT 0.01\nbalance\n' | atapi shell` runs them in order. Returns the exit code:
 * 1 if any command failed when not interactive (so scripts notice), else 0.
 */
export async function runRepl(session: Session, options: ReplOptions): Promise<number> {
  const historyFile = session.dataDir ? path.join(session.dataDir, 'shell_history') : undefined;
  const history = options.interactive && historyFile ? loadHistory(historyFile) : [];
  const rl = readline.createInterface({
    input: options.input,
    output: options.interactive ? options.output : undefined,
    terminal: options.interactive,
    history,
    historySize: HISTORY_MAX,
    completer: options.interactive ? shellCompleter(session) : undefined,
    prompt: 'atapi> ',
  });
  let failed = false;
  // What recovery did to the ledger matters as much when the shell is piped: on stderr, so a
  // script's stdout stays the commands' output.
  for (const r of session.reports) options.errors.write(`${r}\n`);
  if (options.interactive) {
    const attached = session.attachedTo ? `, attached to daemon (pid ${session.attachedTo.pid}); quit detaches, the daemon goes on` : '';
    options.output.write(`atapi shell on ${session.label} (${session.mode.toUpperCase()})${attached}. Type help for commands, quit to leave.\n`);
    rl.on('SIGINT', () => {
      rl.write('\n');
      rl.prompt();
    });
    rl.prompt();
  }
  for await (const line of rl) {
    const out = await runLine(session, line, { source: 'shell', color: options.color });
    if (out.text) {
      if (options.json) options.output.write(`${JSON.stringify(out.ok ? out.json : { error: out.text })}\n`);
      else if (out.ok) options.output.write(`${out.text}\n`);
      else options.errors.write(`${paint('error:', 'red', options.color)} ${out.text}\n`);
    }
    if (!out.ok) failed = true;
    if (out.quit) break;
    if (options.interactive) rl.prompt();
  }
  rl.close();
  if (options.interactive && historyFile) saveHistory(historyFile, (rl as unknown as { history: string[] }).history ?? []);
  return failed && !options.interactive ? 1 : 0;
}

/** Readline's completer for the shell: the candidates and the word they complete. */
export function shellCompleter(session: Session): (line: string) => [string[], string] {
  return (line) => [completeLine(session, line), /\s$/.test(line) ? '' : (line.trim().split(/\s+/).pop() ?? '')];
}

function loadHistory(file: string): string[] {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).reverse().slice(0, HISTORY_MAX);
  } catch {
    return [];
  }
}

function saveHistory(file: string, newestFirst: readonly string[]): void {
  try {
    fs.writeFileSync(file, [...newestFirst].reverse().join('\n') + '\n', { mode: 0o600 });
  } catch {
    /* history is a convenience; never fail the shell over it */
  }
}
