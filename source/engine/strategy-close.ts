import type { Instrument } from '../domain/index.js';
import { selectBalance, selectInstrument, selectPositionMode, selectTicker, type State } from '../store/index.js';
import { recordedStrategy } from './strategy-figures.js';
import { selectClosableShare, type ClosableShare } from './strategy-held.js';
import { heldTarget, planPerpClose } from './strategy-perp.js';
import { sizeSell } from './strategy-size.js';

/** What closing an instance would sell: exactly its own position (lot-rounded), or nothing. */
export interface ClosePreview {
  readonly id: string;
  readonly symbol: string;
  /** Base quantity a `--close` would sell at market; 0 = nothing. */
  readonly qty: number;
  readonly base: string;
  /** Estimated proceeds at the bid, in the quote asset (before fees). */
  readonly estimate: number;
  readonly quote: string;
  /** One line for a confirmation: what will be sold, or that it owns nothing. */
  readonly text: string;
  /** When nothing is sold, why (the text without its lead), for a sentence of the caller's own. */
  readonly why?: string;
}

/**
 * What `stop ID --close` would do now, from the state alone: sell exactly the instance's own
 * spot holding (never more than is free), or the close of its perpetual share (reduce-only unless netted).
 * A UserError when `venue` has no instance `id`.
 */
export function closePreview(state: State, venue: string, label: string, id: string): ClosePreview {
  const s = recordedStrategy(state, venue, label, id);
  const inst = selectInstrument(state, s.venue, s.symbol);
  const [base, quote] = inst ? [inst.base, inst.quote] : s.symbol.split('/');
  // What the account still holds of its own: a close never takes another's share (strategy-held.ts).
  const closable = selectClosableShare(state, id);
  const { own, held } = closable;
  if (inst?.perpetual) return perpClosePreview(state, venue, id, inst, closable);
  // A stop takes the instance's resting orders off the book before it sells (a grid's sells hold
  // most of what it bought): that base is free by then, and the preview says the sale made.
  const qty = inst ? sizeSell(held, selectBalance(state, s.venue, inst.base).free + restingSells(state, id, s.venue, s.symbol), inst) : 0;
  const bid = selectTicker(state, s.venue, s.symbol)?.bid ?? 0;
  const estimate = qty * bid;
  if (qty > 0) return { id, symbol: s.symbol, qty, base, estimate, quote, text: `sell ${qty} ${base} of ${s.symbol} at market (about ${estimate.toFixed(2)} ${quote}): the position ${id} bought` };
  const why = own > 0 ? (held < own ? `${id} holds ${own} ${base}, of which the account holds ${held > 0 ? `only ${held}` : 'none'} now (sold or moved outside the strategy; strategies write-off ${id} settles it)` : `${id} holds ${own} ${base}, below the market's minimum or not free in the account`) : `${id} owns no ${base}`;
  return { id, symbol: s.symbol, qty, base, estimate, quote, text: `nothing to sell: ${why}`, why };
}

/**
 * The base an instance's own resting sells on `symbol` hold (what is left of each to fill). Only
 * a strategy that keeps orders (grid, dca) has any beyond a moment: the others' are market orders.
 */
function restingSells(state: State, id: string, venue: string, symbol: string): number {
  let held = 0;
  for (const o of Object.values(state.ledger.orders)) {
    if (o.strategyId === id && o.venue === venue && o.symbol === symbol && o.side === 'sell' && (o.status === 'open' || o.status === 'partially_filled')) held += o.qty - o.filledQty;
  }
  return held;
}

/** What `stop --close` would do on a perpetual: the close of the instance's own share (reduce-only unless netted with others'). */
function perpClosePreview(state: State, venue: string, id: string, inst: Instrument, c: ClosableShare): ClosePreview {
  const { own, held, nettedWith } = c;
  const base = { id, symbol: inst.symbol, base: inst.base, quote: inst.quote };
  if (heldTarget(own, inst) === 'flat') return { ...base, qty: 0, estimate: 0, text: `nothing to close: ${id} holds no ${inst.symbol} position`, why: `${id} holds no ${inst.symbol} position` };
  const plan = planPerpClose(own, held, selectPositionMode(state, venue), inst, c);
  if (!plan.ok) return { ...base, qty: 0, estimate: 0, text: `nothing to close: ${plan.error}`, why: plan.error };
  const t = selectTicker(state, venue, inst.symbol);
  const estimate = plan.order.qty * ((plan.order.side === 'sell' ? t?.bid : t?.ask) ?? 0);
  const verb = plan.order.side === 'sell' ? 'sell' : 'buy back';
  const how = nettedWith ? `not reduce-only: the account nets it against ${nettedWith.join(', ')}'s ${own > 0 ? 'short' : 'long'}` : 'reduce-only';
  return { ...base, qty: plan.order.qty, estimate, text: `${verb} ${plan.order.qty} ${inst.base} of ${inst.symbol} at market, ${how} (about ${estimate.toFixed(2)} ${inst.quote} notional): the ${own > 0 ? 'long' : 'short'} ${id} opened` };
}
