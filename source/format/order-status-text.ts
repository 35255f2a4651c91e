import { isOpenStatus, type Order } from '../domain/index.js';

/**
 * An order's status as the order tables show it (`orders`, the Orders pane): an open order whose
 * cancel was asked reads `cancelling` until the exchange answers. The ledger keeps it open (the
 * exchange may still fill it, and a cancel asked while the link is down waits for it), but a
 * trader who cancelled it and reads plain "open" takes the cancel for lost and asks again.
 */
export function orderStatusText(o: Pick<Order, 'status' | 'cancelAsked'>): string {
  return o.cancelAsked !== undefined && isOpenStatus(o.status) ? 'cancelling' : o.status;
}
