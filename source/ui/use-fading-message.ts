import { useEffect, useMemo, useState } from 'react';

/** How long the result of an action stays in the status bar: long enough to read, then the key hints come back. */
export const MESSAGE_MS = 20_000;

/**
 * The status bar's message until `ms` after it was set (`seq` counts messages, so the same
 * words said again show again); undefined once faded. Work in progress (`busy`) never fades.
 * Read against the app's clock, so a frozen test clock keeps a message in view however slow the
 * machine; a timer only asks for the redraw at the fade (the panes redraw on ticks, but the
 * app's root, which holds the message, may not).
 */
export function useFadingMessage(message: string | undefined, seq: number, busy: boolean, now: () => number, ms = MESSAGE_MS): string | undefined {
  // The time the message was first drawn: keyed on its number only, not on the clock.
  const setAt = useMemo(() => now(), [seq]);
  const [, redraw] = useState(0);
  useEffect(() => {
    if (busy || message === undefined) return;
    const timer = setTimeout(() => redraw((n) => n + 1), ms + 50);
    timer.unref?.();
    return () => clearTimeout(timer);
  }, [seq, busy, message === undefined, ms]);
  return busy || message === undefined || now() - setAt < ms ? message : undefined;
}
