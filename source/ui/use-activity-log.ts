import { useEffect, useState } from 'react';
import { createActivityLog, recapEntries, type ActivityLog } from '../app/activity/activity-log.js';
import type { Session } from '../app/session/session.js';

/**
 * The session's activity for the Log tab, from the app's first frame: fills, refusals,
 * reconnects, alerts and notices as they happen, and each status-bar message, so a message
 * that was replaced can still be read.
 */
export function useActivityLog(session: Session, message: string | undefined, now: () => number): ActivityLog {
  // Attached to a daemon: the Log opens with what it did before (a trader checking in reads it there).
  // Its own session: with the cancels a crash cut off that its start sent again, before the Log began (later ones come as notices).
  const [log] = useState(() => createActivityLog(session.store, session.venue, undefined, session.attachedTo ? recapEntries(session.state(), session.venue, now(), session.attachedTo) : (session.resends?.told() ?? []).map((text) => ({ ts: now(), level: 'warn' as const, text }))));
  useEffect(() => () => log.stop(), [log]);
  useEffect(() => {
    if (message) log.note(message);
  }, [message, log]);
  return log;
}
