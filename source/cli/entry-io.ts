import type { EntryIO } from '../app/session/open-session.js';
import type { CliIO } from './io.js';

/**
 * How the session factory talks to the person at this process: prompts only when stdin is
 * a terminal (a cron job or a pipe gets a clear refusal instead of a hang).
 */
export function entryIO(io: CliIO, terminal = process.stdin.isTTY === true): EntryIO {
  return {
    env: io.env,
    stderr: io.stderr,
    redactor: io.redactor,
    ask: terminal ? async (q) => (await import('./prompt-line.js')).promptLine(q) : undefined,
    askSecret: terminal ? async (q) => (await import('./prompt-secret.js')).promptSecret(q) : undefined,
  };
}
