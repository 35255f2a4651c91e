import { useEffect, useRef, type Dispatch } from 'react';
import type { Session } from '../app/session/session.js';
import type { State, StrategyState } from '../store/index.js';
import type { UiAction } from './ui-state.js';
import { useSelector } from './use-session-state.js';

const selectStrategies = (s: State) => s.ledger.strategies;

/**
 * When the runtime stops an instance while the app is open (it threw, overran its time budget,
 * a grid left its range): the reason in the status bar, whatever pane is in view. The Strategy
 * pane and the Log say it too, but a trader watching the chart (or one pane at 80x24) would
 * otherwise not learn that a strategy stopped trading. A trader's own stop has no reason.
 */
export function useStrategyStops(session: Session, dispatch: Dispatch<UiAction>): void {
  const strategies = useSelector(session, selectStrategies);
  const seen = useRef<Readonly<Record<string, StrategyState>>>(strategies);
  useEffect(() => {
    const before = seen.current;
    seen.current = strategies;
    if (before === strategies) return;
    const stopped = Object.values(strategies).filter((s) => s.venue === session.venue && s.status === 'stopped' && s.reason && before[s.strategyId]?.status !== 'stopped');
    if (stopped.length === 0) return;
    const s = stopped[stopped.length - 1]!;
    dispatch({ type: 'message', message: `⚠ ${s.strategyId} stopped: ${s.reason!.text}${stopped.length > 1 ? ` (and ${stopped.length - 1} more: strategies)` : ''}` });
  }, [strategies, dispatch, session]);
}
