import fs from 'node:fs';
import path from 'node:path';

/** Lines of history kept, in the shell and in the app's command line alike. */
export const HISTORY_MAX = 1000;

/** The history file of a data directory: the shell's, which the app's `:` line shares. */
export function historyFile(dataDir: string | undefined): string | undefined {
  return dataDir ? path.join(dataDir, 'shell_history') : undefined;
}

/** The history, newest first (as readline keeps it); empty when there is none. */
export function loadHistory(file: string): string[] {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).reverse().slice(0, HISTORY_MAX);
  } catch {
    return [];
  }
}

/** Writes the whole history (newest first in memory, oldest first in the file). */
export function saveHistory(file: string, newestFirst: readonly string[]): void {
  try {
    fs.writeFileSync(file, [...newestFirst].slice(0, HISTORY_MAX).reverse().join('\n') + '\n', { mode: 0o600 });
  } catch {
    /* history is a convenience; never fail over it */
  }
}

/** Adds one line at the end of the file (the app's command line, as each line runs). */
export function appendHistory(file: string, line: string): void {
  try {
    fs.appendFileSync(file, `${line}\n`, { mode: 0o600 });
  } catch {
    /* history is a convenience; never fail over it */
  }
}
