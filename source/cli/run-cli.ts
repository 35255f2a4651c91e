import path from 'node:path';
import { checkDataDir, defaultDataDir } from '../app/session/data-dir.js';
import { UserError } from '../domain/index.js';
import { closest } from '../shell/parse-line.js';
import { COMMANDS, findCommand } from '../shell/registry.js';
import { asciiStream, wantsAscii } from '../ui/ascii.js';
import { commandHelp, usage } from './cli-usage.js';
import { extractGlobalOptions, GLOBAL_HELP } from './global-options.js';
import type { CliIO, CliProcess } from './io.js';
import { oneShot, shell, tui } from './session-commands.js';
import { TOP_COMMANDS, type MarketFlag } from './top-commands.js';

/**
 * `atapi ARGS`: the whole command line, from its arguments to its exit code, never throwing
 * (a user error is one line and 2, anything else "internal error" and 1). `cli.ts` calls it
 * with the real process; tests call it in-process with their own streams and environment.
 */
export async function runCli(argv: readonly string[], proc: CliProcess): Promise<number> {
  try {
    return await dispatch(argv, proc);
  } catch (err) {
    return reportFailure(err, proc.stderr, proc.env);
  }
}

/** What a command that threw tells: one line, and the exit code (2 for the user's error). */
export function reportFailure(err: unknown, stderr: NodeJS.WritableStream, env: NodeJS.ProcessEnv): number {
  if (err instanceof UserError) {
    stderr.write(`atapi: ${err.message}\n`);
    return 2;
  }
  const e = err as Error;
  stderr.write(`atapi: internal error: ${e?.message ?? String(err)}\n`);
  if (env.ATAPI_DEBUG) stderr.write(`${e?.stack ?? ''}\n`);
  else stderr.write('(set ATAPI_DEBUG=1 for details; please report it)\n');
  return 1;
}

async function dispatch(argv: readonly string[], proc: CliProcess): Promise<number> {
  const { options, rest } = extractGlobalOptions(argv, proc.env);
  const color = options.color ?? (!proc.env.NO_COLOR && proc.stdout.isTTY === true);
  const dataDir = path.resolve(options.dataDir ?? defaultDataDir(proc.env));
  // A terminal without UTF-8 gets the same screens drawn in ASCII, transliterated at the stream.
  const ascii = options.ascii || wantsAscii(proc.env);
  const io: CliIO = {
    stdout: ascii ? asciiStream(proc.stdout) : proc.stdout,
    stderr: ascii ? asciiStream(proc.stderr) : proc.stderr,
    env: proc.env,
    dataDir,
    dataDirChosen: options.dataDir !== undefined || Boolean(proc.env.ATAPI_DATA_DIR),
    color,
    interactive: proc.stderr.isTTY === true,
    ascii,
    redactor: proc.redactor,
  };
  const print = (text: string): number => {
    io.stdout.write(`${text}\n`);
    return 0;
  };
  const [name, ...args] = rest;

  if (options.version) return print(proc.version());
  if (name === undefined) {
    if (options.help) return print(usage());
    // The full-screen app needs a terminal; piped or redirected, `atapi` is the shell.
    if (proc.stdin.isTTY && proc.stdout.isTTY) return tui(options, io, proc);
    return shell(options, io, proc);
  }
  if (name === 'help') return print(args.length ? commandHelp(args[0]) ?? usage() : usage());
  if (name === 'shell') {
    if (args.length && !options.help) throw new UserError(`unexpected "${args.join(' ')}": atapi shell takes only global options (atapi shell --help)`);
    if (options.help) return print('usage: atapi shell [OPTIONS]\n\nThe interactive command shell (prompt atapi>). Reads commands from stdin when it is not a terminal:\n  printf \'buy BTC/USDT 0.01\\nbalance\\n\' | atapi shell\n\nOptions:\n' + GLOBAL_HELP);
    return shell(options, io, proc);
  }
  if (name === 'daemon') {
    // Takes the global flags whole: the daemon composes its session from them, as the app does.
    // `status` checks the data directory itself: a health check's answer is 0 or 1, never 2.
    if (!options.help && args[0] !== 'status') checkDataDir(dataDir);
    const { daemonCommand } = await import('./daemon-command.js');
    return daemonCommand(args, io, options, { self: proc.self(), redactor: proc.redactor });
  }
  const top = TOP_COMMANDS.find((c) => c.name === name);
  if (top) {
    const handler = await top.load();
    const passed = [...args];
    if (options.help) passed.push('--help');
    if (options.json) passed.push('--json');
    if (!options.help) checkDataDir(dataDir);
    const takes = (flag: MarketFlag): boolean => !top.ignores?.includes(flag);
    if (options.exchangeGiven && takes('exchange')) passed.push('--exchange', options.exchange);
    if (options.seed !== undefined && takes('seed')) passed.push('--seed', String(options.seed));
    if (options.sandboxUrl && takes('sandbox-url')) passed.push('--sandbox-url', options.sandboxUrl);
    if (options.futures && top.futures) passed.push('--futures');
    // A command that opens a trading session gets the session's global flags too: dropping
    // --live or --no-persist there would silently trade on paper or write a ledger.
    if (top.sessionFlags) {
      if (!options.exchangeGiven && options.exchange !== 'sim') passed.push('--exchange', options.exchange); // ATAPI_EXCHANGE
      if (options.live) passed.push('--live');
      if (options.testnet) passed.push('--testnet');
      if (options.iUnderstandLive) passed.push('--i-understand-live');
      if (options.noPersist) passed.push('--no-persist');
    }
    return handler(passed, io);
  }
  const command = findCommand(name);
  if (!command) {
    if (name.startsWith('-')) throw new UserError(`unknown option ${name} (atapi --help lists the global options)`);
    const guess = closest(name.toLowerCase(), [...TOP_COMMANDS.map((c) => c.name), ...COMMANDS.flatMap((c) => [c.name, ...(c.aliases ?? [])]), 'shell', 'help']);
    throw new UserError(`unknown command "${name}"${guess ? `; did you mean "${guess}"?` : ''} (atapi --help lists them)`);
  }
  if (options.help) return print(commandHelp(command.name)!);
  return oneShot(options, io, proc, rest.join(' ') === '' ? name : quoteWords(rest));
}

function quoteWords(words: readonly string[]): string {
  return words.map((w) => (/[\s"']/.test(w) ? `"${w.replace(/"/g, '')}"` : w)).join(' ');
}
