import { useEffect, useRef, type Dispatch } from 'react';
import type { Session } from '../app/session/session.js';
import type { StrategyStopReason } from '../domain/index.js';
import type { State, StrategyState } from '../store/index.js';
import type { UiAction } from './ui-state.js';
import { useSelector } from './use-session-state.js';

const selectStrategies = (s: State) => s.ledger.strategies;

/** Why it stopped, in a word or two, by the reason's code (its text says the rest). */
const STOPPED_BY: Readonly<Record<StrategyStopReason['code'], string>> = {
  'strategy.failed': 'failed',
  'strategy.out-of-range': 'left its range',
};

/**
 * The status bar's words for instances the runtime just stopped (the last one named): the whole
 * reason, and a brief wording for a bar too narrow for it (80 columns: some 46 columns are left
 * for it), which says first who stopped and why, by the strategy's name (the instance id, with
 * its symbol and timeframe, is twice as long) and the reason's code, then where the rest is. The
 * reason's text is not cut into for it: its words are the strategy's own (what it threw).
 */
export function stopMessage(stopped: readonly StrategyState[]): { readonly message: string; readonly brief: string; readonly least: string } {
  const s = stopped[stopped.length - 1]!;
  const more = stopped.length - 1;
  const why = STOPPED_BY[s.reason!.code];
  return {
    message: `⚠ ${s.strategyId} stopped: ${s.reason!.text}${more > 0 ? ` (and ${more} more: strategies)` : ''}`,
    brief: more > 0 ? `⚠ ${s.name} and ${more} more stopped · Strategy tab` : `⚠ ${s.name} stopped: ${why} · Strategy tab`,
    // For a bar that also holds the perpetuals' margin and a halt: who and why, where to look left out.
    least: more > 0 ? `⚠ ${s.name} +${more} stopped` : `⚠ ${s.name} stopped: ${why}`,
  };
}

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
    dispatch({ type: 'message', ...stopMessage(stopped) });
  }, [strategies, dispatch, session]);
}
