import { useMemo } from 'react';

/** How long the result of an action stays in the status bar: long enough to read, then the key hints come back. */
export const MESSAGE_MS = 20_000;

/**
 * The status bar's message until `ms` after it was set (`seq` counts messages, so the same
 * words said again show again); undefined once faded. Work in progress (`busy`) never fades.
 * Read against the app's clock, not a timer: the screen redraws as the market ticks anyway,
 * and a frozen test clock keeps a message in view however slow the machine.
 */
export function useFadingMessage(message: string | undefined, seq: number, busy: boolean, now: () => number, ms = MESSAGE_MS): string | undefined {
  // The time the message was first drawn: keyed on its number only, not on the clock.
  const setAt = useMemo(() => now(), [seq]);
  return busy || message === undefined || now() - setAt < ms ? message : undefined;
}
