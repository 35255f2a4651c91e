import type { BracketOrder, BracketExits, Fill, Instrument, Order, Refusal, Side } from '../domain/index.js';
import { floorToStep, isOpenStatus, refusal } from '../domain/index.js';

/*
 * BracketOrder orders, the decide half: whether an entry's exits make sense, and which exits a
 * bracket needs for what its entry did. Pure; the app's bracket watcher places what this says.
 *
 * The rule for fills (chosen, and kept in one place): the exits are placed once the entry is
 * done, for exactly what it filled. A market entry is done at once; a resting limit entry
 * that fills in parts gets its exits when it completes, or when the rest is cancelled (or
 * expires) — then for the part that filled. One OCO per bracket, so its two legs always cover
 * the same quantity and one filling cancels the other. An entry that ends without a fill
 * needs no exits (`void`); one whose fate is unknown waits until a reconcile settles it.
 */

/** What a bracket needs now. */
export type BracketStep =
  | { readonly kind: 'wait' }
  | { readonly kind: 'void' }
  | { readonly kind: 'place'; readonly side: Side; readonly qty: number }
  | { readonly kind: 'refuse'; readonly qty: number; readonly reason: Refusal };

/**
 * Whether a bracket's exits fit its entry: positive prices, the take-profit on the winning
 * side of the stop-loss, and both on their side of the entry's price (a limit's price, or the
 * last price for a market entry when there is one). The refusal names the field (`tp`, `sl`).
 */
export function bracketProblem(entry: { readonly side: Side; readonly price?: number }, exits: BracketExits): Refusal | undefined {
  for (const [field, v] of [['tp', exits.tp], ['sl', exits.sl], ['slLimit', exits.slLimit]] as const) {
    // A request from outside may lack a price or carry text: only slLimit is optional.
    if ((v !== undefined || field !== 'slLimit') && !(typeof v === 'number' && Number.isFinite(v) && v > 0)) return refusal('price.invalid', `bracket: the ${NAMES[field]} must be a positive price`, field);
  }
  const up = entry.side === 'buy';
  if (up ? exits.tp <= exits.sl : exits.tp >= exits.sl) {
    return refusal('order.terms', `bracket: a ${entry.side}'s take-profit (${exits.tp}) must be ${up ? 'above' : 'below'} its stop-loss (${exits.sl})`, 'tp');
  }
  const p = entry.price;
  if (p !== undefined) {
    if (up ? exits.tp <= p : exits.tp >= p) return refusal('order.terms', `bracket: a ${entry.side}'s take-profit (${exits.tp}) must be ${up ? 'above' : 'below'} the entry price ${p}`, 'tp');
    if (up ? exits.sl >= p : exits.sl <= p) return refusal('order.terms', `bracket: a ${entry.side}'s stop-loss (${exits.sl}) must be ${up ? 'below' : 'above'} the entry price ${p}`, 'sl');
  }
  return undefined;
}

const NAMES = { tp: 'take-profit', sl: 'stop-loss', slLimit: "stop-loss's limit" } as const;

/**
 * What `bracket` needs given its entry as the store knows it. The exit quantity is what the
 * entry filled, less any fee the venue took in the base asset (it is not in the account to
 * sell), on the market's lot size.
 */
export function bracketStep(bracket: BracketOrder, entry: Order | undefined, fills: readonly Fill[], inst: Instrument | undefined): BracketStep {
  // Gone from the state (pruned long after it closed): nothing left this rule can vouch for.
  if (!entry) return { kind: 'void' };
  if (isOpenStatus(entry.status)) return { kind: 'wait' };
  if (entry.filledQty <= 0) return { kind: 'void' };
  const baseFee = inst ? fills.filter((f) => f.orderId === entry.id && f.feeAsset === inst.base).reduce((s, f) => s + f.fee, 0) : 0;
  const held = entry.side === 'buy' ? entry.filledQty - baseFee : entry.filledQty;
  const qty = inst ? floorToStep(held, inst.lotSize) : held;
  const side: Side = entry.side === 'buy' ? 'sell' : 'buy';
  if (!(qty > 0)) return { kind: 'refuse', qty: 0, reason: refusal('qty.min', `bracket of order ${entry.id}: it filled ${entry.filledQty}, less than one lot to place exits for`) };
  return { kind: 'place', side, qty };
}
