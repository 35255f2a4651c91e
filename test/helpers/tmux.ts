import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root, where the end-to-end tests start `source/cli.ts`. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** `skip` for node:test: the end-to-end terminal tests need tmux on the machine. */
export const skipWithoutTmux: false | string = spawnSync('tmux', ['-V']).status === 0 ? false : 'tmux is not installed: skipping the end-to-end terminal test';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `ok` until it holds or a generous deadline passes: a wait, never a timing assertion. */
export async function waitUntil(ok: () => boolean, what: string, limitMs = 60_000): Promise<void> {
  const until = Date.now() + limitMs;
  while (Date.now() < until) {
    if (ok()) return;
    await pause(100);
  }
  assert.fail(`never happened: ${what}`);
}

export interface WaitOptions {
  /** The tmux session to read; the server's default target unless given. */
  readonly target?: string;
  /** A generous deadline: the screen is polled, nothing asserts how fast it came. */
  readonly limitMs?: number;
}

/** One tmux server of a test's own (its own socket), and the few things the tests do with it. */
export interface TmuxServer {
  readonly socket: string;
  /** Runs a tmux command against this server and returns its output. */
  run(...args: string[]): string;
  /** Starts a detached session `name` of the given size running `command` (a shell line). */
  start(name: string, cols: number, rows: number, command: string): void;
  /** The visible screen of a session (the default target unless given). */
  capture(target?: string): string;
  /** Sends tmux key names (`Enter`, `Escape`, `BTab`, or plain words) to the default target. */
  keys(...keys: string[]): void;
  /** Sends keys to a named session. */
  keysTo(target: string, ...keys: string[]): void;
  /** Types `text` literally (`send-keys -l`), so `-1` or `:` are not read as key names or flags. */
  type(text: string, target?: string): void;
  /** Polls the screen until `pattern` shows and returns that screen; fails with the last screen. */
  waitFor(pattern: RegExp, what: string, options?: WaitOptions): Promise<string>;
  /**
   * Waits until `gone` has left the screen while `still` shows: after Esc closes a dialog, a key
   * sent hard on its heels would read as Alt-key, so the tests wait for the dialog to go first.
   */
  waitGone(gone: RegExp, still: RegExp, what: string, options?: WaitOptions): Promise<string>;
  /** Stops the server and waits until it is gone, so the next test can start its own. */
  kill(): Promise<void>;
}

let servers = 0;

/**
 * A new tmux server on a socket named from `prefix`, the process id and a counter: a server of
 * its own for every run, as a server being shut down cannot refuse the next one and tests in
 * other files (or of other developers) must not share one.
 */
export function tmuxServer(prefix: string, defaultTarget = 'app'): TmuxServer {
  const socket = `${prefix}-${process.pid}-${++servers}`;
  const run = (...args: string[]): string => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  const capture = (target = defaultTarget): string => run('capture-pane', '-p', '-t', target);
  const waitFor = async (pattern: RegExp, what: string, options: WaitOptions = {}): Promise<string> => {
    const until = Date.now() + (options.limitMs ?? 20_000);
    let screen = '';
    while (Date.now() < until) {
      screen = capture(options.target);
      if (pattern.test(screen)) return screen;
      await pause(100);
    }
    assert.fail(`${what}: ${pattern} never appeared; screen was:\n${screen}`);
  };
  return {
    socket,
    run,
    start: (name, cols, rows, command) => void run('new-session', '-d', '-s', name, '-x', String(cols), '-y', String(rows), command),
    capture,
    keys: (...keys) => void run('send-keys', '-t', defaultTarget, ...keys),
    keysTo: (target, ...keys) => void run('send-keys', '-t', target, ...keys),
    type: (text, target = defaultTarget) => void run('send-keys', '-t', target, '-l', '--', text),
    waitFor,
    waitGone: (gone, still, what, options) => waitFor(new RegExp(`^(?![\\s\\S]*(?:${gone.source}))[\\s\\S]*(?:${still.source})`), `${what} closed`, options),
    kill: async () => {
      spawnSync('tmux', ['-L', socket, 'kill-server']);
      for (let i = 0; i < 50 && spawnSync('tmux', ['-L', socket, 'has-session']).status === 0; i++) await pause(50);
      await pause(100);
    },
  };
}
