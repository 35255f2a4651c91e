import { useEffect, useState } from 'react';
import type { Session } from '../app/session/session.js';
import { notifyTrouble } from '../format/notify-status-text.js';

/** How often an attached terminal asks the daemon about its notification channels (ms). */
export const NOTIFY_POLL_MS = 10_000;

/**
 * Attached to the daemon: whether its notifications are failing to arrive (`notify: webhook
 * failing`), asked now and every NOTIFY_POLL_MS. Undefined while they arrive, when none are set,
 * in a session of its own (no daemon sends them), or when the daemon cannot be asked (the
 * status bar says a lost daemon already).
 */
export function useNotifyTrouble(session: Session, everyMs = NOTIFY_POLL_MS): string | undefined {
  const [trouble, setTrouble] = useState<string | undefined>(undefined);
  useEffect(() => {
    const ask = session.daemonStatus?.bind(session);
    if (ask === undefined) return undefined;
    let live = true;
    const poll = (): void => {
      ask().then(
        (s) => live && setTrouble(notifyTrouble(s.notify)),
        () => undefined,
      );
    };
    poll();
    const timer = setInterval(poll, everyMs);
    timer.unref();
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [session, everyMs]);
  return trouble;
}
