import type { CapHistoryLoader } from '../app/marketcap/cap-history.js';
import type { Session, SessionOptions } from '../app/session/session.js';
import { openSession as openAppSession } from '../app/session/open-session.js';
import { markStartup } from '../app/startup-report.js';
import { runRepl } from '../shell/repl.js';
import { endByHangUp } from './hang-up.js';
import { HUNG_UP } from '../domain/index.js';
import { runLine } from '../shell/run-line.js';
import { outputJson } from '../shell/command-output.js';
import type { GlobalOptions } from './global-options.js';
import type { CliIO, CliProcess } from './io.js';
import { entryIO } from './entry-io.js';
import { attachCommand, daemonDirCommand, daemonGoneText, notRunText } from '../app/daemon/daemon-hints.js';

/** The session every command of this process runs on, from the one factory in app/. */
async function openSession(options: GlobalOptions, io: CliIO, proc: CliProcess, tickMs: number, notifyIntervalMs?: number, attach?: { onError?: (message: string) => void }, extra: Pick<SessionOptions, 'resumeStrategies' | 'venueConfig'> = {}): Promise<Session> {
  return openAppSession({ ...options, dataDir: io.dataDir }, entryIO(io, proc.stdin.isTTY === true), { tickMs, notifyIntervalMs, attach }, extra);
}

/** An attached terminal whose daemon goes away says so, instead of acting on a frozen state. */
function whenDaemonGone(session: Session, then: (reason: string) => void): void {
  const detached = (session as { detached?: Promise<string> }).detached;
  void detached?.then((reason) => {
    if (reason !== 'detached') then(reason);
  });
}

/** `atapi shell` (and `atapi` piped): the REPL over stdin until it ends or quits. */
export async function shell(options: GlobalOptions, io: CliIO, proc: CliProcess): Promise<number> {
  const session = await openSession(options, io, proc, 250, undefined, { onError: (m) => io.stderr.write(`atapi: ${m}\n`) });
  const exit = proc.exit;
  whenDaemonGone(session, (reason) => {
    io.stderr.write(`\n${daemonGoneText(reason, io.dataDir, options)}`);
    exit?.(1);
  });
  // Closing syncs the log; if that fails (disk full), say so rather than die on an unhandled rejection.
  const stop = (): void =>
    void session.close().then(
      () => exit?.(0),
      (err: unknown) => {
        io.stderr.write(`atapi: ${(err as Error).message}\n`);
        exit?.(1);
      },
    );
  if (exit) process.once('SIGTERM', stop);
  let quitChoice: 'keep' | 'stop' | undefined;
  let code = 0;
  try {
    code = await runRepl(session, {
      input: proc.stdin,
      output: io.stdout,
      errors: io.stderr,
      interactive: proc.stdin.isTTY === true,
      color: io.color,
      ascii: io.ascii === true,
      json: options.json,
      onQuit: (c) => (quitChoice = c),
    });
  } finally {
    await session.close();
    if (quitChoice === 'keep') await keepInDaemon(options, io, proc);
  }
  // The terminal went away: the session is closed, nobody reads what more there is to say.
  if (code === HUNG_UP) endByHangUp();
  return code;
}

/** `atapi` at a terminal: the full-screen app. */
export async function tui(options: GlobalOptions, io: CliIO, proc: CliProcess): Promise<number> {
  // Ink draws only a final frame when it thinks it runs in CI (CI=true); a person at a
  // terminal is interactive whatever the environment says.
  for (const k of ['CI', 'CONTINUOUS_INTEGRATION']) if (k in process.env) process.env[k] = 'false';
  let gone: string | undefined;
  let quitChoice: 'keep' | 'stop' | undefined;
  let hungUp = false;
  // The screen's code (Ink, React, the layout engine's WebAssembly) loads while the session
  // opens: the WebAssembly compiles off the main thread, so the two overlap. Awaited below; a
  // failure to open the session must not leave its rejection unheard.
  const screen = import('../ui/run-tui.js');
  screen.catch(() => undefined);
  // The simulated exchange's 1m history comes after the first frame (runTui asks for it).
  const session = await openSession(options, io, proc, 250, 25, { onError: () => undefined }, { venueConfig: { historyLater: true } });
  markStartup('session-opened');
  const daemonGone = new Promise<string>((resolve) => whenDaemonGone(session, (reason) => resolve((gone = reason))));
  let stopSupplies = (): void => undefined;
  let capHistory: CapHistoryLoader | undefined;
  try {
    // Real exchange: rank the market-cap pane by CoinGecko's circulating supplies. A sandbox
    // serves simulated prices, so it keeps simulated supplies (and stays off the internet).
    if (options.exchange !== 'sim' && (!options.sandboxUrl || io.env.ATAPI_COINGECKO_URL)) {
      const { coinGeckoFromEnv } = await import('../adapters/coingecko/coingecko-from-env.js');
      const { startSupplyFeed } = await import('../app/marketcap/supply-feed.js');
      const { coinGeckoCapHistory } = await import('../app/marketcap/cap-history.js');
      const api = coinGeckoFromEnv(io.env, io.dataDir);
      stopSupplies = startSupplyFeed({ api, store: session.store, clock: Date.now });
      capHistory = coinGeckoCapHistory(api);
    }
    const { runTui } = await screen;
    markStartup('screen-loaded');
    const { SettingsFile } = await import('../adapters/settings/settings-file.js');
    const maxFps = options.noPersist ? 20 : new SettingsFile(io.dataDir).values()['ui.maxFps'];
    const end = await runTui(session, { color: io.color, maxFps, capHistory, stdout: io.ascii ? (io.stdout as NodeJS.WriteStream) : undefined, ascii: io.ascii, until: daemonGone, onQuit: (c) => (quitChoice = c) });
    // The terminal went away (an SSH link dropped): the session closes (orders settled, ledger
    // synced) with nobody to read what it says, then the process ends by the hang-up.
    hungUp = end.hungUp;
  } finally {
    stopSupplies();
    await session.close();
  }
  if (hungUp) {
    endByHangUp();
    return HUNG_UP;
  }
  for (const r of session.reports) io.stderr.write(`${r}\n`);
  if (gone) io.stderr.write(daemonGoneText(gone, io.dataDir, options));
  if (quitChoice === 'keep') await keepInDaemon(options, io, proc);
  return gone ? 1 : 0;
}

/**
 * The answer `keep` to the quit question (app or shell): once the session is closed (its
 * strategies recorded running), the daemon opens the ledger and resumes them.
 */
async function keepInDaemon(options: GlobalOptions, io: CliIO, proc: CliProcess): Promise<void> {
  const { startDaemon } = await import('../app/daemon/daemon-control.js');
  const { flagsOf } = await import('./daemon-command.js');
  // --live was confirmed by typing at the start of this session; the daemon carries that on.
  const s = await startDaemon(io.dataDir, { command: proc.self(), flags: flagsOf({ ...options, iUnderstandLive: options.live }), env: io.env });
  io.stdout.write(`strategies keep running in the daemon (pid ${s.pid}); attach with: ${attachCommand(io.dataDir, options)}; stop it with: ${daemonDirCommand('stop', io.dataDir)}\n`);
}

/** `atapi COMMAND ARGS` for a shell command: one line on a session that closes at once. */
export async function oneShot(options: GlobalOptions, io: CliIO, proc: CliProcess, line: string): Promise<number> {
  // A one-shot command is over in a moment: running strategies resume where a session stays open.
  const session = await openSession(options, io, proc, 0, undefined, {}, { resumeStrategies: false });
  // Owed cancels a crash cut off go out as this ledger opens (even for `orders`): said on stderr.
  let said = 0;
  const sayResends = (): void => {
    const told = session.resends?.told() ?? [];
    for (const t of told.slice(said)) io.stderr.write(`atapi: ${t}\n`);
    said = told.length;
  };
  try {
    for (const r of session.reports) io.stderr.write(`${r}\n`);
    // Answered before the command reads the state: an order listed open while its cancel is on its way misleads.
    await session.resends?.settled();
    sayResends();
    const before = new Set(runningHere(session));
    const out = await runLine(session, line, { source: 'cli', color: io.color, ascii: io.ascii === true });
    if (options.json) io.stdout.write(`${JSON.stringify(outputJson(out), null, 2)}\n`);
    else if (out.ok) io.stdout.write(`${out.text}\n`);
    else io.stderr.write(`atapi: ${out.text}\n`);
    // Without a daemon, nothing runs an instance once this process ends: say so, rather than let
    // the trader walk away believing it trades.
    const started = runningHere(session).filter((id) => !before.has(id));
    if (started.length > 0 && options.noPersist) io.stderr.write(`atapi: --no-persist records nothing: ${started.join(', ')} ended with this command (the app or the shell keeps one running while open)\n`);
    else if (started.length > 0 && !session.attachedTo) {
      // A daemon beside this ledger on another one of the directory cannot take these over.
      const { daemonStatusOrNone } = await import('../app/daemon/daemon-client.js');
      const other = await daemonStatusOrNone(io.dataDir, io.env);
      io.stderr.write(`atapi: ${notRunText(started, io.dataDir, options, other && !other.stopping ? other : undefined)}\n`);
    }
    return out.ok ? 0 : 1;
  } finally {
    await session.close();
    // What the close waited for (a resend set off while the command ran).
    sayResends();
  }
}

/** Ids of the instances (strategies, arbitrage, carries) the ledger has running on this session's venues. */
function runningHere(session: Session): string[] {
  const l = session.state().ledger;
  const venues = new Set(session.venueIds());
  return [
    ...Object.values(l.strategies).filter((x) => x.status === 'running' && x.venue === session.venue).map((x) => x.strategyId),
    ...Object.values(l.arbInstances ?? {}).filter((x) => x.status === 'running' && x.venues.every((v) => venues.has(v))).map((x) => x.id),
    ...Object.values(l.carryInstances ?? {}).filter((x) => x.status === 'running' && venues.has(x.venue)).map((x) => x.id),
  ];
}
