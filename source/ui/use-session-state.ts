import { useCallback, useRef, useSyncExternalStore } from 'react';
import type { Session } from '../app/session/session.js';
import type { State } from '../store/index.js';

/**
 * Subscribes a component to one slice of the state. It re-renders only when that slice
 * changes (by reference, or by `equal`), so a BTC tick does not redraw the balances pane.
 */
export function useSelector<T>(session: Session, select: (s: State) => T, equal: (a: T, b: T) => boolean = Object.is): T {
  const last = useRef<{ state: State; select: (s: State) => T; value: T } | undefined>(undefined);
  const getSnapshot = useCallback((): T => {
    const state = session.state();
    const prev = last.current;
    // A new selector (another symbol, another sort) must be asked even if the state is the same.
    if (prev && prev.state === state && prev.select === select) return prev.value;
    const value = select(state);
    if (prev && equal(prev.value, value)) {
      last.current = { state, select, value: prev.value };
      return prev.value;
    }
    last.current = { state, select, value };
    return value;
  }, [session, select, equal]);
  return useSyncExternalStore(session.subscribe, getSnapshot, getSnapshot);
}
