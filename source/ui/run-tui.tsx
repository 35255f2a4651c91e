import { render } from 'ink';
import type { Session } from '../app/session/session.js';
import type { CapHistoryLoader } from '../app/marketcap/cap-history.js';
import { App } from './app.js';
import { installFastOutput } from './fast-output.js';
import { markStartup } from '../app/startup-report.js';

export interface TuiOptions {
  readonly stdin?: NodeJS.ReadStream;
  readonly stdout?: NodeJS.WriteStream;
  readonly color: boolean;
  /** Frames per second at most (settings: ui.maxFps). */
  readonly maxFps?: number;
  /** Market-cap history for Enter in the Market cap pane (default: simulated). */
  readonly capHistory?: CapHistoryLoader;
  /** Quits the app when it resolves (the daemon this terminal is attached to went away). */
  readonly until?: Promise<unknown>;
  /** Hears the answer to the quit question (strategies running). */
  readonly onQuit?: (choice: 'keep' | 'stop') => void;
  /** Output is transliterated to ASCII: the chart then draws with ASCII glyphs of its own. */
  readonly ascii?: boolean;
}

const ENTER_ALT = '\u001b[?1049h\u001b[H';
const LEAVE_ALT = '\u001b[?25h\u001b[?1049l';

/** How the app ended: `hungUp` when its terminal went away (SIGHUP, or writes that fail with EIO). */
export interface TuiEnd {
  readonly hungUp: boolean;
}

/**
 * What a write to, or a read from, a terminal that went away fails with (an SSH link dropped, a
 * tmux server killed): the app closes as on SIGHUP. Anything else is a bug, said as one.
 */
const TERMINAL_GONE = new Set(['EIO', 'EPIPE', 'ENXIO', 'ENOTCONN']);

/**
 * Runs the full-screen app until the user quits. The terminal is given back (main screen,
 * cursor) however it ends: quit, Ctrl-C, SIGTERM, or an uncaught error. When the terminal went
 * away, nothing more is written to it and the caller, once the session is closed, ends the
 * process by the hang-up (`endByHangUp`).
 */
export async function runTui(session: Session, options: TuiOptions): Promise<TuiEnd> {
  const stdout = options.stdout ?? process.stdout;
  const stdin = options.stdin ?? process.stdin;
  let restored = false;
  let hungUp = false;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    if (!hungUp) stdout.write(LEAVE_ALT);
  };
  await installFastOutput();
  let instance: ReturnType<typeof render> | undefined;
  // Listening before the alternate screen is entered: with no listener a signal kills the
  // process at once, and a Ctrl-C in the first instants (before Ink puts the terminal in raw
  // mode, when it is still a signal and not a key) would leave the screen garbled.
  const SIGNALS = ['SIGTERM', 'SIGHUP', 'SIGINT'] as const;
  const unmount = (): void => {
    try {
      instance?.unmount();
    } catch (err) {
      // Ink gives the terminal back as it unmounts (raw mode off): a terminal gone refuses it.
      if (!hungUp) throw err;
    }
  };
  const onSignal = (sig: NodeJS.Signals): void => {
    if (sig === 'SIGHUP') hungUp = true;
    unmount();
  };
  const onCrash = (err: unknown): void => {
    unmount();
    restore();
    if (!hungUp) process.stderr.write(`atapi: internal error: ${(err as Error)?.message ?? String(err)}\n`);
    process.exitCode = 1;
  };
  // Kept after the app ends: what the session still says on its way out meets the same dead
  // terminal, and an unheard stream error is an uncaught exception.
  const onStreamError = (err: NodeJS.ErrnoException): void => {
    if (!TERMINAL_GONE.has(err?.code ?? '')) return onCrash(err);
    hungUp = true;
    unmount();
  };
  stdout.on('error', onStreamError);
  stdin.on('error', onStreamError);
  // `on`, not `once`: Ink's signal-exit re-raises a signal it finds no other listener for, which
  // would kill the process before the screen is given back.
  for (const sig of SIGNALS) process.on(sig, onSignal);
  process.once('uncaughtException', onCrash);
  process.once('exit', restore);
  stdout.write(ENTER_ALT);
  instance = render(<App session={session} color={options.color} capHistory={options.capHistory} onQuit={options.onQuit} ascii={options.ascii} />, {
    stdout,
    stdin,
    exitOnCtrlC: false,
    patchConsole: true,
    maxFps: options.maxFps ?? 20,
    incrementalRendering: true,
  });
  // Ink draws the first frame inside render(), synchronously; what the venue left for after
  // it (the simulated market's candles) comes in now, and the chart fills in on the next frame.
  markStartup('first-frame');
  session.warmUp?.();
  void options.until?.then(unmount);
  try {
    await instance.waitUntilExit();
  } finally {
    for (const sig of SIGNALS) process.off(sig, onSignal);
    process.off('uncaughtException', onCrash);
    restore();
  }
  return { hungUp };
}

/**
 * Ends the process by the hang-up it was sent (exit status 129, as any program's at a terminal
 * that went away), once the session is closed: a normal exit would have Node give the dead
 * terminal its settings back, which fails and aborts with an assertion (nodejs/node#51519).
 */
export function endByHangUp(): void {
  process.removeAllListeners('SIGHUP');
  process.kill(process.pid, 'SIGHUP');
}
