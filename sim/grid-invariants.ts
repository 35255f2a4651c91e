import { isOpenStatus } from '../source/domain/index.js';
import type { LedgerState } from '../source/store/index.js';
import type { Check } from './invariants.js';

/*
 * A grid instance's invariant (see sim/invariants.ts for the shape): it never has more limit
 * orders resting (open, or in doubt) than its levels, whatever restarts, faults and halts came
 * between. That no fill counts twice is `acknowledgedFillsOnce`, for the grid's fills as for any.
 */
export function gridWithinLevels(ledger: LedgerState): Check {
  for (const s of Object.values(ledger.strategies)) {
    if (s.name !== 'grid') continue;
    const levels = s.params.levels ?? 0;
    const resting = Object.values(ledger.orders).filter((o) => o.strategyId === s.strategyId && o.type === 'limit' && isOpenStatus(o.status)).length;
    if (resting > levels) return `grid ${s.strategyId} has ${resting} limit orders resting, more than its ${levels} levels`;
  }
  return undefined;
}
