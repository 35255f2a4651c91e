import { sessionArgv, type SessionFlags } from '../session/session-argv.js';

// The commands atapi prints for a trader to type next about the daemon: the one place they are
// written, with the data directory and the ledger flags, so what a trader copies acts on the
// ledger it was printed for (a bare `atapi daemon start` starts one on the default directory's
// simulated exchange). In app/ so the daemon's own texts (a stop, a notification) use them too;
// small and pure, so the app's and the shell's start load none of the daemon's code with it.

/**
 * The command that attaches to the daemon these options start: a terminal attaches only when it
 * would open the same ledger, so the exchange, sandbox, testnet and live flags are part of it
 * (`atapi --data-dir D` alone opens the simulated exchange's ledger beside a sandbox's daemon).
 * The seed and the unattended confirmation are not: they choose nothing a terminal attaches by.
 */
export function attachCommand(dataDir: string, g: SessionFlags): string {
  const words = sessionArgv({ ...g, seed: undefined, iUnderstandLive: false });
  return ['atapi', '--data-dir', dataDir, ...words].map(shellWord).join(' ');
}

/**
 * What an attached terminal prints when its daemon goes away: the reason, then the commands
 * that start it again and show its last log lines, with this terminal's data directory and
 * ledger flags (a bare `atapi daemon start` would start one on the default directory).
 */
export function daemonGoneText(reason: string, dataDir: string, g: SessionFlags): string {
  return `atapi: ${reason}\natapi: start it again with: ${daemonStartCommand(dataDir, g)}; what it did last: ${daemonDirCommand('logs', dataDir)}\n`;
}

/**
 * What a request still in flight is answered when the daemon goes away before replying: the
 * reason, and where to see whether it was done (the daemon's status, the ledger's orders), on
 * this terminal's data directory with its ledger flags. Without the flags (a client that was not
 * told them) the directory alone, which finds the daemon; without either, the bare commands.
 */
export function requestLostText(reason: string, dataDir: string | undefined, g?: SessionFlags): string {
  const where = dataDir === undefined ? 'atapi daemon status, orders' : g === undefined ? `${daemonDirCommand('status', dataDir)}, and its orders` : `${daemonDirCommand('status', dataDir)}; ${attachCommand(dataDir, g)} orders`;
  return `${reason}; the order's fate is in the daemon's ledger (${where})`;
}

/**
 * The command that starts the daemon on this data directory and ledger: the directory and the
 * ledger flags (exchange, sandbox, testnet, live, futures) are part of it, since a bare `atapi
 * daemon start` starts one on the default directory's simulated exchange, and a trader copies
 * what is printed. `extra` adds flags of the daemon's own (`--api-port N`).
 */
export function daemonStartCommand(dataDir: string, g: SessionFlags, extra: readonly string[] = []): string {
  // Never --i-understand-live on a suggestion: for real money the trader adds it knowingly (daemon start asks for it).
  const ledger = sessionArgv({ ...g, iUnderstandLive: false });
  return ['atapi', 'daemon', 'start', '--data-dir', dataDir, ...ledger, ...extra].map(shellWord).join(' ');
}

/**
 * What a one-shot command that started instances on a ledger no daemon holds says as it ends:
 * nothing runs them once it exits. Usually the daemon start that would run them; but when the
 * directory's daemon trades another ledger (a sandbox's beside a paper one), that start would
 * be refused (one daemon a data directory), so the trader is told that, and how to run them in
 * a terminal or stop them, rather than handed a command that cannot work.
 */
export function notRunText(ids: readonly string[], dataDir: string, g: SessionFlags, other?: { readonly pid: number; readonly label: string; readonly mode: string }): string {
  const head = `${ids.join(', ')} ${ids.length > 1 ? 'are' : 'is'} recorded running, but nothing runs ${ids.length > 1 ? 'them' : 'it'} once this command ends`;
  if (other === undefined) return `${head}: ${daemonStartCommand(dataDir, g)} runs ${ids.length > 1 ? 'them' : 'it'} in the background (or open the app or the shell, which resume ${ids.length > 1 ? 'them' : 'it'})`;
  const here = attachCommand(dataDir, g);
  return `${head}: the daemon on ${dataDir} (pid ${other.pid}) trades ${other.label} ${other.mode.toUpperCase()}, another ledger, and a data directory has one daemon. Open the app or the shell on this ledger (${here}), which resume${ids.length > 1 ? '' : 's'} ${ids.length > 1 ? 'them' : 'it'}, or stop ${ids.length > 1 ? 'them' : 'it'}: ${ids.map((id) => `${here} stop ${id}`).join('; ')}`;
}

/** `atapi api token --data-dir DIR`: the token is a file of the data directory (a bare `atapi api token` reads the default one's). */
export function apiTokenCommand(dataDir: string): string {
  return ['atapi', 'api', 'token', '--data-dir', dataDir].map(shellWord).join(' ');
}

/** `atapi daemon stop|status|logs --data-dir DIR`: one daemon per data directory, so the directory alone finds it. */
export function daemonDirCommand(sub: 'stop' | 'status' | 'logs', dataDir: string): string {
  return ['atapi', 'daemon', sub, '--data-dir', dataDir].map(shellWord).join(' ');
}

/** A word as a POSIX shell reads it back: bare when it is plain, else in single quotes. */
function shellWord(w: string): string {
  return /^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}
