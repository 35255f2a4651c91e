import type { CancelBy, HaltState, Order, VenueId } from '../domain/index.js';
import { isOpenStatus } from '../domain/index.js';
import type { LedgerState } from '../store/index.js';

/**
 * A cancel a process owes after a restart: one an earlier process asked for and never heard the
 * answer to (`asked`: its ask stood in the ledger), or one a flatten set out to send when the
 * process died (a cut-short flatten: never asked). `by`: who asked, the cancel's reason.
 */
export interface RestartCancel {
  readonly id: string;
  readonly by: CancelBy;
  readonly asked: boolean;
}

/**
 * The cancels a process started on `ledger` (as read, before the venue reconciles) owes: the
 * one rule of what happens to a cancel a crash cut off (app/session/cancel-resend.ts sends them
 * once the reconcile has had its say, see `restartCancelNow`).
 *
 * - A standing ask on an order not settled: the process died after the ask was on disk and
 *   before (or while) the cancel went out, and whoever asked (the trader, a strategy, flatten on
 *   a halt) still wants the order gone. An ask taken back (`notSent`: it could not be written,
 *   so nothing was sent and the trader was told the cancel failed) no longer stands: the fold
 *   has cleared it, or restored the earlier ask, which is then the one owed.
 * - An amend's ask too: its replacement is placed only after the cancel and its terms were
 *   never recorded, so it cannot be rebuilt; left resting, the old order could fill on the terms
 *   the trader moved away from. It goes, and the trader is told to place the new one again.
 * - While a flatten's halt stands (`ordersBefore`; derived for an older halt, `flattenedBefore`), every order of `venue` (the session's, the
 *   one flatten cancels on) placed before it and not settled: the flatten cancels them one by
 *   one, so a crash part-way leaves the rest resting on a halted account, able to fill. Orders
 *   placed during the halt (its closes, a trader's reduce-only orders) are not its to cancel.
 */
export function cancelsAfterRestart(ledger: LedgerState, venue: VenueId): RestartCancel[] {
  const out: RestartCancel[] = [];
  const halt = ledger.halt;
  const before = halt && flattenedBefore(halt);
  const flattenBy: CancelBy | undefined = !before ? undefined : halt!.rule === undefined ? { by: 'halt' } : { by: 'halt', rule: halt!.rule };
  for (const o of Object.values(ledger.orders)) {
    if (!isOpenStatus(o.status)) continue;
    if (o.cancelAsked !== undefined) out.push({ id: o.id, by: o.cancelAsked, asked: true });
    else if (flattenBy && o.venue === venue && before!(o)) out.push({ id: o.id, by: flattenBy, asked: false });
  }
  return out;
}

/**
 * Which orders a flatten's halt set out to cancel, or undefined for a halt that cancels none.
 * `ordersBefore` says it. A halt without it was read from a snapshot written before it existed
 * (or from a log older than the halt's `action`): a trader's halt (no rule) was always a
 * flatten, so its orders are those placed before its time; strictly before, for an order in
 * its millisecond may be its own close. A protection's may have only blocked entries (nothing
 * cancelled): not guessed.
 */
function flattenedBefore(halt: HaltState): ((o: Order) => boolean) | undefined {
  if (halt.ordersBefore !== undefined) return (o) => Number(o.id) <= halt.ordersBefore!;
  if (halt.rule === undefined) return (o) => o.createdAt < halt.since;
  return undefined;
}

/**
 * What to do with an owed cancel now: `send` once the order is known to rest at the exchange
 * (`open`, `partially_filled`: the reconcile found it there); `wait` while it is `unknown` (a
 * reconcile will say where it is) or `submitted` (never answered: nothing to cancel yet);
 * `drop` once it has settled (filled, or ended by the exchange's report: as usual), once its ask
 * was taken back, or, for a cut-short flatten's, once the halt has been resumed (the trader
 * chose to trade again: the orders they left resting are theirs).
 */
export function restartCancelNow(ledger: LedgerState, c: RestartCancel): 'send' | 'wait' | 'drop' {
  const o = ledger.orders[c.id];
  if (!o || !isOpenStatus(o.status)) return 'drop';
  if (c.asked ? o.cancelAsked === undefined : ledger.halt === undefined) return 'drop';
  return o.status === 'open' || o.status === 'partially_filled' ? 'send' : 'wait';
}
