import { useEffect, type Dispatch } from 'react';
import type { Session } from '../app/session/session.js';
import type { UiAction } from './ui-state.js';

/**
 * What the start had to say (a torn log tail cut after a crash, a damaged snapshot, a daemon
 * beside this terminal on another ledger), in the status bar at the first frame: before, the app
 * printed it only on quitting, after a session the trader spent without knowing. It is printed
 * again then (the status bar's message fades).
 */
export function useStartReports(session: Session, dispatch: Dispatch<UiAction>): void {
  useEffect(() => {
    const [first, ...rest] = session.reports;
    if (first === undefined) return;
    dispatch({ type: 'message', message: `⚠ ${first}${rest.length ? ` (and ${rest.length} more, printed on quitting)` : ' (printed again on quitting)'}` });
  }, [session, dispatch]);
}
