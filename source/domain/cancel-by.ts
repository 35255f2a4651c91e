/**
 * Who asked for a cancel. The venue records it in the order's end reason ("cancelled by ..."),
 * so history, the Orders pane, `orders --all` and notifications say who cancelled without
 * guessing: a grid re-laying its levels is not the trader.
 */
export type CancelBy =
  | { readonly by: 'trader' }
  /** A strategy instance: re-laying its orders, or `stopping` (its orders go with it). */
  | { readonly by: 'strategy'; readonly id: string; readonly stopping?: boolean }
  /** The kill switch (flatten), set by the trader or by protection `rule` (a `protect.*` setting). */
  | { readonly by: 'halt'; readonly rule?: string }
  /** An amend's cancel-replace: a new order takes its place. */
  | { readonly by: 'amend' }
  /** Placing an OCO: its limit leg taken back (the stop leg failed, or the rest placed again). */
  | { readonly by: 'oco'; readonly why: 'stop-failed' | 'part-filled' }
  /** An arbitrage or carry transaction whose leg did not settle in time. */
  | { readonly by: 'arb' };

/** The one trader's cancel: the default of every front end (shell, panes, API, MCP). */
export const BY_TRADER: CancelBy = { by: 'trader' };

/** The end reason recorded for a cancel asked by `c`. */
export function cancelReason(c: CancelBy): string {
  return `cancelled ${askedBy(c)}`;
}

/**
 * The end reason of an order whose cancel was asked (and recorded) by a process that died
 * before the exchange's answer reached it: the next process finds it cancelled, and says who asked.
 */
export function cancelReasonAfterRestart(c: CancelBy): string {
  return `${cancelReason(c)} (the answer was lost in a restart)`;
}

/**
 * The line that tells the trader a cancel a restart cut off is sent now (the order was found
 * still open), who asked first (a Log line is cut at the pane's width): asked before it,
 * "resending cancel of order 7 BTC/USDT by the trader, asked before the restart"; a flatten's
 * it never reached (`asked` false), "cancelling order 8 BTC/USDT by flatten (trading halted):
 * the flatten was cut short by the restart".
 */
export function resentCancelText(id: string, c: CancelBy, symbol?: string, asked = true): string {
  const order = `order ${id}${symbol === undefined ? '' : ` ${symbol}`}`;
  if (!asked) return `cancelling ${order} ${askedBy(c)}: the flatten was cut short by the restart`;
  if (c.by === 'amend') return `resending cancel of ${order} by amend, asked before the restart; its replacement was never placed: place it again if you still want it`;
  return `resending cancel of ${order} ${askedBy(c)}, asked before the restart`;
}

/** Who asked for a cancel, as the end of "cancelled ...": "by the trader". */
export function askedBy(c: CancelBy): string {
  switch (c.by) {
    case 'trader':
      return 'by the trader';
    case 'strategy':
      return c.stopping ? `by strategy ${c.id} as it stopped` : `by strategy ${c.id}`;
    case 'halt':
      return c.rule === undefined ? 'by flatten (trading halted)' : `by flatten (trading halted by protection ${c.rule})`;
    case 'amend':
      return 'by amend (replaced by a new order)';
    case 'oco':
      return c.why === 'stop-failed' ? 'by atapi: the OCO stop leg was not placed' : 'by atapi: the OCO limit leg filled in part; the rest is placed again';
    case 'arb':
      return 'by atapi: the transaction leg did not settle in time';
  }
}

