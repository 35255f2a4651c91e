import type { CancelBy, Order } from '../domain/index.js';

/**
 * The cancel ask to send again for an order, or undefined: the one rule of what a process
 * started after a crash does with a cancel an earlier process asked for and never heard the
 * answer to (app/session/cancel-resend.ts applies it to the orders whose ask stood when the
 * ledger was read, once the venue's reconcile has had its say).
 *
 * - Only an order known to rest at the exchange (`open`, `partially_filled`): the reconcile
 *   found it there, so the cancel was lost (the process died before or while sending it) and
 *   whoever asked still wants it gone: a halted account's flatten must not leave orders able
 *   to fill. An `unknown` order waits until a reconcile says where it is; a `submitted` one was
 *   never answered, so there is nothing to cancel yet.
 * - Only an ask that stands: one taken back (`notSent`: its ask could not be written, so it was
 *   never sent, and the trader was told it failed) has been cleared by the fold, or stands for
 *   the earlier ask it restored, which is then the one resent.
 * - An order that ended meanwhile (the exchange's own cancel, a fill) has no ask to resend: the
 *   fold keeps asks on open orders only.
 * - An amend's ask too: its replacement is placed only after the cancel and its terms were never
 *   recorded, so it cannot be rebuilt; left resting, the old order could fill on the terms the
 *   trader moved away from. It goes, and the trader is told to place the new one again.
 */
export function cancelToResend(o: Order): CancelBy | undefined {
  if (o.status !== 'open' && o.status !== 'partially_filled') return undefined;
  return o.cancelAsked;
}
