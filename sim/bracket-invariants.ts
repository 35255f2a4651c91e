import type { Envelope } from '../source/domain/index.js';
import type { LedgerState } from '../source/store/index.js';
import type { Check } from './invariants.js';

/*
 * Bracket orders' invariants (see sim/invariants.ts for the shape), over the log (how each
 * bracket ended: the state drops a bracket once it has) and the ledger (the orders now).
 */

const EPS = 1e-9;

/**
 * A bracket's exits: placed at most once per entry (whatever restarts came between), for no
 * more than the entry filled, as one OCO (the stop leg linked to the take-profit), and between
 * them never trading more than that quantity. That the two never both fill is
 * `ocoOneLegFills`. An entry or exit the ledger no longer has (aged out) says nothing.
 */
export function bracketExitsWithinEntry(ledger: LedgerState, log: readonly Envelope[]): Check {
  const ended = new Set<string>();
  for (const e of log) {
    if (e.event.type !== 'bracket/ended') continue;
    const d = e.event.data;
    if (ended.has(d.entryId)) return `bracket of order ${d.entryId} ended twice (again at log seq ${e.seq})`;
    ended.add(d.entryId);
    if (d.outcome !== 'placed') continue;
    const entry = ledger.orders[d.entryId];
    if (entry && d.qty > entry.filledQty + EPS) return `bracket of order ${d.entryId}: exits for ${d.qty}, but the entry filled ${entry.filledQty}`;
    const [tp, sl] = d.orderIds.map((id) => ledger.orders[id]);
    if (!tp || !sl) continue;
    if (sl.ocoWith !== tp.id) return `bracket of order ${d.entryId}: exits ${tp.id} and ${sl.id} are not one OCO`;
    if (tp.filledQty + sl.filledQty > d.qty + EPS) return `bracket of order ${d.entryId}: exits traded ${tp.filledQty + sl.filledQty}, more than the ${d.qty} they cover`;
    if (tp.side === entry?.side) return `bracket of order ${d.entryId}: exit ${tp.id} is on the entry's own side`;
  }
  return undefined;
}
