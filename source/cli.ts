#!/usr/bin/env node
import fs from 'node:fs';
import nodeModule from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CapHistoryLoader } from './app/marketcap/cap-history.js';
import type { Session } from './app/session/session.js';
import { openSession as openAppSession } from './app/session/open-session.js';
import { checkDataDir, defaultDataDir } from './app/session/data-dir.js';
import { Redactor, UserError } from './domain/index.js';
import { installProcessRedaction } from './adapters/keystore/process-redaction.js';
import { fileSecrets } from './adapters/keystore/env-secret.js';
import { extractGlobalOptions, GLOBAL_HELP, type GlobalOptions } from './cli/global-options.js';
import type { CliIO } from './cli/io.js';
import { entryIO } from './cli/entry-io.js';
import { TOP_COMMANDS } from './cli/top-commands.js';
import { COMMANDS, findCommand } from './shell/registry.js';
import { runRepl } from './shell/repl.js';
import { runLine } from './shell/run-line.js';
import { closest } from './shell/parse-line.js';
import { table } from './format/format.js';
import { asciiStream, wantsAscii } from './ui/ascii.js';

// React's development build is several times slower per frame; users get the production one.
process.env.NODE_ENV ??= 'production';
// Node 22.1+ keeps compiled code between runs (Ink, React and ccxt load faster the next time);
// Node 20 has no such call and simply starts as before. It never throws.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const redactor = new Redactor();

/** Every secret the environment holds is registered before anything can print it. */
function protectSecrets(env: NodeJS.ProcessEnv): void {
  const isSecret = (k: string): boolean => /^ATAPI_.*(SECRET|API_KEY|PASSWORD|PASSPHRASE|TOKEN)$/.test(k) || k === 'COINGECKO_API_KEY';
  for (const [k, v] of Object.entries(env)) if (isSecret(k)) redactor.add(v);
  // The same secrets given as files (ATAPI_*_FILE, /run/secrets/...): known before anything prints.
  for (const v of fileSecrets(env, isSecret)) redactor.add(v);
  installProcessRedaction(redactor);
}

async function main(argv: readonly string[]): Promise<number> {
  protectSecrets(process.env);
  const { options, rest } = extractGlobalOptions(argv, process.env);
  const color = options.color ?? (!process.env.NO_COLOR && process.stdout.isTTY === true);
  const dataDir = path.resolve(options.dataDir ?? defaultDataDir());
  // A terminal without UTF-8 gets the same screens drawn in ASCII, transliterated at the stream.
  const ascii = options.ascii || wantsAscii(process.env);
  const io: CliIO = {
    stdout: ascii ? asciiStream(process.stdout) : process.stdout,
    stderr: ascii ? asciiStream(process.stderr) : process.stderr,
    env: process.env,
    dataDir,
    dataDirChosen: options.dataDir !== undefined || Boolean(process.env.ATAPI_DATA_DIR),
    color,
    interactive: process.stderr.isTTY === true,
    ascii,
    redactor,
  };
  out = io.stdout;
  const [name, ...args] = rest;

  if (options.version) {
    io.stdout.write(`${version()}\n`);
    return 0;
  }
  if (name === undefined) {
    if (options.help) return print(usage());
    // The full-screen app needs a terminal; piped or redirected, `atapi` is the shell.
    if (process.stdin.isTTY && process.stdout.isTTY) return tui(options, io);
    return shell(options, io);
  }
  if (name === 'help') return print(args.length ? commandHelp(args[0]) ?? usage() : usage());
  if (name === 'shell') {
    if (args.length && !options.help) throw new UserError(`unexpected "${args.join(' ')}": atapi shell takes only global options (atapi shell --help)`);
    if (options.help) return print('usage: atapi shell [OPTIONS]\n\nThe interactive command shell (prompt atapi>). Reads commands from stdin when it is not a terminal:\n  printf \'buy BTC/USDT 0.01\\nbalance\\n\' | atapi shell\n\nOptions:\n' + GLOBAL_HELP);
    return shell(options, io);
  }
  if (name === 'daemon') {
    // Takes the global flags whole: the daemon composes its session from them, as the app does.
    // `status` checks the data directory itself: a health check's answer is 0 or 1, never 2.
    if (!options.help && args[0] !== 'status') checkDataDir(dataDir);
    const { daemonCommand } = await import('./cli/daemon-command.js');
    return daemonCommand(args, io, options, { self: [process.execPath, ...process.execArgv, process.argv[1]], redactor });
  }
  const top = TOP_COMMANDS.find((c) => c.name === name);
  if (top) {
    const handler = await top.load();
    const passed = [...args];
    if (options.help) passed.push('--help');
    if (options.json) passed.push('--json');
    if (!options.help) checkDataDir(dataDir);
    if (options.exchangeGiven) passed.push('--exchange', options.exchange);
    if (options.seed !== undefined) passed.push('--seed', String(options.seed));
    if (options.sandboxUrl) passed.push('--sandbox-url', options.sandboxUrl);
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
  return oneShot(options, io, rest.join(' ') === '' ? name : quoteWords(rest));
}

/** The session every command of this process runs on, from the one factory in app/. */
async function openSession(options: GlobalOptions, io: CliIO, tickMs: number, notifyIntervalMs?: number, attach?: { onError?: (message: string) => void }, extra: { resumeStrategies?: boolean } = {}): Promise<Session> {
  return openAppSession({ ...options, dataDir: io.dataDir }, entryIO(io), { tickMs, notifyIntervalMs, attach }, extra);
}

/** An attached terminal whose daemon goes away says so, instead of acting on a frozen state. */
function whenDaemonGone(session: Session, then: (reason: string) => void): void {
  const detached = (session as { detached?: Promise<string> }).detached;
  void detached?.then((reason) => {
    if (reason !== 'detached') then(reason);
  });
}

async function shell(options: GlobalOptions, io: CliIO): Promise<number> {
  const session = await openSession(options, io, 250, undefined, { onError: (m) => io.stderr.write(`atapi: ${m}\n`) });
  whenDaemonGone(session, (reason) => {
    io.stderr.write(`\natapi: ${reason}\n`);
    process.exit(1);
  });
  // Closing syncs the log; if that fails (disk full), say so rather than die on an unhandled rejection.
  const stop = (): void =>
    void session.close().then(
      () => process.exit(0),
      (err: unknown) => {
        io.stderr.write(`atapi: ${(err as Error).message}\n`);
        process.exit(1);
      },
    );
  process.once('SIGTERM', stop);
  let quitChoice: 'keep' | 'stop' | undefined;
  try {
    return await runRepl(session, {
      input: process.stdin,
      output: io.stdout,
      errors: io.stderr,
      interactive: process.stdin.isTTY === true,
      color: io.color,
      ascii: io.ascii === true,
      json: options.json,
      onQuit: (c) => (quitChoice = c),
    });
  } finally {
    await session.close();
    if (quitChoice === 'keep') await keepInDaemon(options, io);
  }
}

async function tui(options: GlobalOptions, io: CliIO): Promise<number> {
  // Ink draws only a final frame when it thinks it runs in CI (CI=true); a person at a
  // terminal is interactive whatever the environment says.
  for (const k of ['CI', 'CONTINUOUS_INTEGRATION']) if (k in process.env) process.env[k] = 'false';
  let gone: string | undefined;
  let quitChoice: 'keep' | 'stop' | undefined;
  // The screen's code (Ink, React, the layout engine's WebAssembly) loads while the session
  // opens: the WebAssembly compiles off the main thread, so the two overlap. Awaited below; a
  // failure to open the session must not leave its rejection unheard.
  const screen = import('./ui/run-tui.js');
  screen.catch(() => undefined);
  const session = await openSession(options, io, 250, 25, { onError: () => undefined });
  const daemonGone = new Promise<string>((resolve) => whenDaemonGone(session, (reason) => resolve((gone = reason))));
  let stopSupplies = (): void => undefined;
  let capHistory: CapHistoryLoader | undefined;
  try {
    // Real exchange: rank the market-cap pane by CoinGecko's circulating supplies. A sandbox
    // serves simulated prices, so it keeps simulated supplies (and stays off the internet).
    if (options.exchange !== 'sim' && (!options.sandboxUrl || io.env.ATAPI_COINGECKO_URL)) {
      const { coinGeckoFromEnv } = await import('./adapters/coingecko/coingecko-from-env.js');
      const { startSupplyFeed } = await import('./app/marketcap/supply-feed.js');
      const { coinGeckoCapHistory } = await import('./app/marketcap/cap-history.js');
      const api = coinGeckoFromEnv(io.env, io.dataDir);
      stopSupplies = startSupplyFeed({ api, store: session.store, clock: Date.now });
      capHistory = coinGeckoCapHistory(api);
    }
    const { runTui } = await screen;
    const { SettingsFile } = await import('./adapters/settings/settings-file.js');
    const maxFps = options.noPersist ? 20 : new SettingsFile(io.dataDir).values()['ui.maxFps'];
    await runTui(session, { color: io.color, maxFps, capHistory, stdout: io.ascii ? (io.stdout as NodeJS.WriteStream) : undefined, ascii: io.ascii, until: daemonGone, onQuit: (c) => (quitChoice = c) });
  } finally {
    stopSupplies();
    await session.close();
  }
  for (const r of session.reports) io.stderr.write(`${r}\n`);
  if (gone) io.stderr.write(`atapi: ${gone}\n`);
  if (quitChoice === 'keep') await keepInDaemon(options, io);
  return gone ? 1 : 0;
}

/**
 * The answer `keep` to the quit question (app or shell): once the session is closed (its
 * strategies recorded running), the daemon opens the ledger and resumes them.
 */
async function keepInDaemon(options: GlobalOptions, io: CliIO): Promise<void> {
  const { startDaemon } = await import('./app/daemon/daemon-control.js');
  const { flagsOf } = await import('./cli/daemon-command.js');
  // --live was confirmed by typing at the start of this session; the daemon carries that on.
  const s = await startDaemon(io.dataDir, { command: [process.execPath, ...process.execArgv, process.argv[1]], flags: flagsOf({ ...options, iUnderstandLive: options.live }), env: io.env });
  io.stdout.write(`strategies keep running in the daemon (pid ${s.pid}); attach with: atapi --data-dir ${io.dataDir}; stop it with: atapi daemon stop --data-dir ${io.dataDir}\n`);
}

async function oneShot(options: GlobalOptions, io: CliIO, line: string): Promise<number> {
  // A one-shot command is over in a moment: running strategies resume where a session stays open.
  const session = await openSession(options, io, 0, undefined, {}, { resumeStrategies: false });
  try {
    for (const r of session.reports) io.stderr.write(`${r}\n`);
    const before = new Set(runningHere(session));
    const out = await runLine(session, line, { source: 'cli', color: io.color, ascii: io.ascii === true });
    if (options.json) io.stdout.write(`${JSON.stringify(out.ok ? out.json : { error: out.text }, null, 2)}\n`);
    else if (out.ok) io.stdout.write(`${out.text}\n`);
    else io.stderr.write(`atapi: ${out.text}\n`);
    // Without a daemon, nothing runs an instance once this process ends: say so, rather than let
    // the trader walk away believing it trades.
    const started = runningHere(session).filter((id) => !before.has(id));
    if (started.length > 0 && !session.attachedTo) io.stderr.write(`atapi: ${started.join(', ')} is recorded running, but nothing runs it once this command ends: atapi daemon start runs it in the background (or open the app or the shell, which resume it)\n`);
    return out.ok ? 0 : 1;
  } finally {
    await session.close();
  }
}

/** Ids of the instances the ledger has running on this session's venue. */
function runningHere(session: Session): string[] {
  return Object.values(session.state().ledger.strategies).filter((x) => x.status === 'running' && x.venue === session.venue).map((x) => x.strategyId);
}

function quoteWords(words: readonly string[]): string {
  return words.map((w) => (/[\s"']/.test(w) ? `"${w.replace(/"/g, '')}"` : w)).join(' ');
}

function usage(): string {
  const shellRows = COMMANDS.filter((c) => c.name !== 'quit' && c.name !== 'help').map((c) => [`  ${c.usage}`, c.summary] as const);
  const topRows = TOP_COMMANDS.map((c) => [`  ${c.name}`, c.summary]);
  return [
    'atapi: a keyboard-driven trading terminal (simulated exchange by default: no keys, no network)',
    '',
    'usage: atapi [OPTIONS]              open the terminal app',
    '       atapi shell [OPTIONS]        the command shell (atapi> prompt; reads stdin when piped)',
    '       atapi COMMAND [ARGS] [OPTIONS]',
    '',
    'Commands (also inside the shell):',
    helpRows(shellRows),
    ...(topRows.length ? ['', 'More commands:', table([{ header: '' }, { header: '' }], topRows).split('\n').slice(1).join('\n')] : []),
    '',
    'Options:',
    GLOBAL_HELP,
    '',
    'atapi COMMAND --help explains one command. Symbols: BTC/USDT, BTCUSDT or btc-usdt.',
  ].join('\n');
}

/**
 * Usage and summary side by side where the usage is short; a long usage (buy's flags) gets its
 * own line with the summary under it, so one long line does not push every summary past 80 columns.
 */
function helpRows(rows: readonly (readonly [string, string])[], column = 34): string {
  return rows.map(([use, what]) => (use.length <= column ? `${use.padEnd(column)}  ${what}` : `${use}\n${' '.repeat(column + 2)}${what}`)).join('\n');
}

function commandHelp(name: string): string | undefined {
  const c = findCommand(name);
  if (!c) return undefined;
  return [`usage: atapi ${c.usage} [OPTIONS]`, '', c.summary, ...(c.details ? ['', c.details] : []), '', 'Options:', GLOBAL_HELP].join('\n');
}

/** Where `print` writes: stdout, or its ASCII view (set once main has read the options). */
let out: NodeJS.WritableStream = process.stdout;

function print(text: string): number {
  out.write(`${text}\n`);
  return 0;
}

function version(): string {
  const pkg = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'package.json');
  try {
    return `atapi ${(JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version: string }).version}`;
  } catch {
    return 'atapi';
  }
}

// Once main is done, nothing is left to do: a library's lingering socket must not keep atapi
// running (the event log is already closed and synced by then).
const finish = (): void => void setTimeout(() => process.exit(), 1_000).unref();

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    finish();
  },
  (err: unknown) => {
    if (err instanceof UserError) process.stderr.write(`atapi: ${err.message}\n`);
    else {
      const e = err as Error;
      process.stderr.write(`atapi: internal error: ${e?.message ?? String(err)}\n`);
      if (process.env.ATAPI_DEBUG) process.stderr.write(`${e?.stack ?? ''}\n`);
      else process.stderr.write('(set ATAPI_DEBUG=1 for details; please report it)\n');
    }
    process.exitCode = err instanceof UserError ? 2 : 1;
    finish();
  },
);
