import { useStdout } from 'ink';
import { useEffect, useRef, type Dispatch } from 'react';
import type { Session } from '../app/session/session.js';
import { selectInstrument, type State } from '../store/index.js';
import { alertText, alertValueText, isPnlAlert } from '../domain/index.js';
import type { UiAction } from './ui-state.js';
import { useSelector } from './use-session-state.js';

const selectFired = (s: State) => s.ledger.triggeredAlerts;

/**
 * When an alert goes off: the terminal bell, and the alert in the status bar. Only alerts that
 * go off while the app is open ring; those from before are in `alerts`.
 */
export function useAlertBell(session: Session, dispatch: Dispatch<UiAction>): void {
  const fired = useSelector(session, selectFired);
  const { stdout } = useStdout();
  const seen = useRef(fired.length === 0 ? undefined : fired[fired.length - 1]);
  useEffect(() => {
    const last = seen.current;
    const from = last === undefined ? 0 : fired.indexOf(last) + 1;
    const fresh = fired.slice(from).filter((a) => a.venue === session.venue);
    seen.current = fired[fired.length - 1];
    if (fresh.length === 0) return;
    stdout.write('\u0007');
    const a = fresh[fresh.length - 1];
    const inst = isPnlAlert(a) ? undefined : selectInstrument(session.state(), a.venue, a.symbol);
    dispatch({ type: 'message', message: `⚠ alert ${a.id}: ${alertText(a, inst)} (${isPnlAlert(a) ? 'now' : 'last'} ${alertValueText(a, a.last, inst)})${fresh.length > 1 ? ` and ${fresh.length - 1} more (alerts)` : ''}` });
  }, [fired, stdout, dispatch, session]);
}
