import type { Session } from '../session/session.js';

/**
 * Quitting while strategies run, the one answer for every front end (the app's quit dialog,
 * the shell's `quit`): keep them running in the daemon, stop them, or stay.
 */
export type QuitChoice = 'keep' | 'stop' | 'cancel';

/** The choices, in the order offered; the first is the default (nothing stops by surprise). */
export const QUIT_CHOICES: readonly { readonly choice: QuitChoice; readonly key: string; readonly label: string }[] = [
  { choice: 'keep', key: 'k', label: 'keep them running in the background (atapi daemon; the command to attach again is printed on quitting)' },
  { choice: 'stop', key: 's', label: 'stop them and quit (positions are kept)' },
  { choice: 'cancel', key: 'c', label: 'cancel: stay' },
];

/** Strategy instances of this venue the ledger has as running. */
export function runningStrategyIds(strategies: Readonly<Record<string, { readonly status: string; readonly venue: string }>>, venue: string): string[] {
  return Object.entries(strategies).filter(([, s]) => s.status === 'running' && s.venue === venue).map(([id]) => id);
}

/**
 * The instances quitting would leave running, or none when there is nothing to ask: attached
 * to a daemon, quitting detaches and the strategies are the daemon's to run.
 */
export function strategiesLeftRunning(session: Pick<Session, 'attachedTo' | 'state' | 'venue'>): string[] {
  return session.attachedTo ? [] : runningStrategyIds(session.state().ledger.strategies, session.venue);
}

/** Stops every running instance through the session (recorded as stopped; positions kept). */
export async function stopRunningStrategies(session: Session): Promise<void> {
  const stop = (session as { stopStrategy?: (id: string) => Promise<unknown> }).stopStrategy;
  if (!stop) return; // Hosts the app started itself are stopped as it unmounts.
  for (const id of runningStrategyIds(session.state().ledger.strategies, session.venue)) await stop.call(session, id).catch(() => undefined);
}
