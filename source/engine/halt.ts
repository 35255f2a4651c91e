import type { HaltState, Instrument, OrderRequest, Refusal } from '../domain/index.js';
import { refusal } from '../domain/index.js';
import { selectFuturesPosition, selectHalt, selectPositionMode, type State } from '../store/index.js';
import { applyTrade, orderIntent } from './futures-position.js';

/**
 * The kill switch's part of the pre-trade check (risk.ts runs it for every order, whoever
 * asks: keyboard, shell, strategy, daemon, API, signal). While trading is halted an order
 * that opens or adds exposure is refused; one that only takes exposure off passes, so the
 * flatten's own closes, a strategy's exit and a trader's way out are never blocked.
 */
export function haltCheck(state: State, req: OrderRequest, inst: Instrument): Refusal | undefined {
  const halt = selectHalt(state);
  if (!halt || !opensExposure(state, req, inst)) return undefined;
  return refusal('trading.halted', `not sent: ${haltText(halt)}; only orders that reduce a position pass until resume`);
}

/** `trading is halted by shell: "market is mad"` (or by a protection's rule): the halt in words. */
export function haltText(halt: HaltState): string {
  const by = halt.rule ? `the protection ${halt.rule}` : halt.source;
  return `trading is halted by ${by}${halt.reason ? `: ${JSON.stringify(halt.reason)}` : ''}`;
}

/**
 * Whether an order would open or add exposure. Spot: a buy does (a spot position is never
 * short, so a sell can only take it off). A perpetual: whatever part of the trade does not
 * close the position it acts on (an add, or the far side of a flip). An order whose intent
 * does not hold together (a hedge-mode order without a side) opens nothing: the futures
 * check refuses it on its own terms.
 */
export function opensExposure(state: State, req: OrderRequest, inst: Instrument): boolean {
  if (inst.kind !== 'perpetual') return req.side === 'buy';
  const intent = orderIntent(selectPositionMode(state, req.venue), req, (side) => selectFuturesPosition(state, req.venue, req.symbol, side).qty);
  if (!intent.ok) return false;
  const held = selectFuturesPosition(state, req.venue, req.symbol, intent.side);
  // The price does not change which part opens: only quantities decide that.
  return applyTrade({ qty: held.qty, entryPrice: held.entryPrice }, intent.signedQty, held.entryPrice || 1).openedQty > 0;
}
