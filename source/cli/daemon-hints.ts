import { sessionArgv, type GlobalOptions } from './global-options.js';

// The commands atapi prints for a trader to type next about the daemon. Kept apart from
// daemon-command.ts so the app's and the shell's start do not load the daemon's code.

/**
 * The command that attaches to the daemon these options start: a terminal attaches only when it
 * would open the same ledger, so the exchange, sandbox, testnet and live flags are part of it
 * (`atapi --data-dir D` alone opens the simulated exchange's ledger beside a sandbox's daemon).
 * The seed and the unattended confirmation are not: they choose nothing a terminal attaches by.
 */
export function attachCommand(dataDir: string, g: GlobalOptions): string {
  const words = sessionArgv({ ...g, seed: undefined, iUnderstandLive: false });
  return ['atapi', '--data-dir', dataDir, ...words].map(shellWord).join(' ');
}

/**
 * What an attached terminal prints when its daemon goes away: the reason, then the commands
 * that start it again and show its last log lines, with this terminal's data directory and
 * ledger flags (a bare `atapi daemon start` would start one on the default directory).
 */
export function daemonGoneText(reason: string, dataDir: string, g: GlobalOptions): string {
  const dir = ['--data-dir', dataDir].map(shellWord).join(' ');
  // Never --i-understand-live on a suggestion: for real money the trader adds it knowingly (daemon start asks for it).
  const ledger = sessionArgv({ ...g, iUnderstandLive: false }).map(shellWord);
  return `atapi: ${reason}\natapi: start it again with: ${['atapi daemon start', dir, ...ledger].join(' ')}; what it did last: atapi daemon logs ${dir}\n`;
}

/** A word as a POSIX shell reads it back: bare when it is plain, else in single quotes. */
function shellWord(w: string): string {
  return /^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}
