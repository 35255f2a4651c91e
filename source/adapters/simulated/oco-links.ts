import type { Order, Refusal } from '../../domain/index.js';
import { refusal } from '../../domain/index.js';

/**
 * The simulated exchange's OCO pairs, both ways: a fill, trigger or cancel of one leg cancels
 * the other. The first leg (a resting limit or a stop, the one without `ocoWith`) holds the
 * funds for both; the second shares its hold.
 */
export class OcoLinks {
  private readonly pairs = new Map<string, string>();

  link(second: string, first: string): void {
    this.pairs.set(second, first).set(first, second);
  }

  partnerOf(id: string): string | undefined {
    return this.pairs.get(id);
  }

  /** Unlinks both legs of the pair `id` is in. */
  unlink(id: string): void {
    const partner = this.pairs.get(id);
    this.pairs.delete(id);
    if (partner !== undefined) this.pairs.delete(partner);
  }
}

/** An open order that an OCO's second leg may join, with what is left of it. */
export interface OcoFirstLeg {
  readonly order: Order;
  readonly remaining: number;
}

/**
 * Why `second` (an order with `ocoWith`) cannot join `first` as an OCO: the second leg is a
 * stop, the first an untouched, unlinked resting limit or stop of the same market, side and
 * quantity. An OCO's second leg holds nothing of its own, so these are its only checks.
 */
export function secondLegProblem(second: Order, first: OcoFirstLeg | undefined, links: OcoLinks): Refusal | undefined {
  if (second.stopPrice === undefined) return refusal('order.terms', 'the second leg of an OCO is a stop order');
  if (!first || first.order.ocoWith !== undefined || first.order.symbol !== second.symbol || first.order.side !== second.side || first.order.qty !== second.qty || first.remaining !== second.qty || links.partnerOf(second.ocoWith!) !== undefined) {
    return refusal('order.terms', `OCO: order ${second.ocoWith} is not an untouched resting limit or stop order of the same market, side and quantity`);
  }
  return undefined;
}
