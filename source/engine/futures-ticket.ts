import type { MarginMode, OrderRequest, PositionMode, PositionSide } from '../domain/index.js';
import { orderPositionSide } from '../domain/index.js';
import { selectAccountView, selectFuturesPosition, selectInstrument, selectPositionMode, selectSymbolSettings, type State } from '../store/index.js';
import { liquidationPriceIn } from './futures-account.js';
import { orderIntent, positionAfterTrade } from './futures-position.js';

/**
 * What the order ticket of a perpetual shows before sending: the settings the order trades
 * under, the margin it puts up and where the position it leaves would be liquidated. The same
 * position arithmetic the pre-trade check runs (futuresPreTradeCheck), so the two agree.
 */
export interface FuturesTicket {
  readonly leverage: number;
  readonly marginMode: MarginMode;
  readonly positionMode: PositionMode;
  /** The position the order acts on (BOTH in one-way mode); undefined when the side is missing or wrong. */
  readonly positionSide?: PositionSide;
  /** Initial margin the opening part needs (notional / leverage); 0 for an order that only reduces. */
  readonly initialMargin: number;
  /** Signed size of that position after the order. */
  readonly qtyAfter?: number;
  /** Estimated liquidation price after the order; undefined when flat after it or not computable. */
  readonly liquidationPrice?: number;
}

/** The ticket of an order on a perpetual at `price`; undefined for a spot market. */
export function futuresTicket(state: State, req: OrderRequest, price: number | undefined): FuturesTicket | undefined {
  const inst = selectInstrument(state, req.venue, req.symbol);
  if (!inst?.perpetual) return undefined;
  const positionMode = selectPositionMode(state, req.venue);
  const settings = selectSymbolSettings(state, req.venue, req.symbol);
  // The side shows from the start, before a quantity is typed.
  const side = orderPositionSide(positionMode, req.positionSide);
  const base = { leverage: settings.leverage, marginMode: settings.marginMode, positionMode, initialMargin: 0, ...(side ? { positionSide: side } : {}) };
  if (price === undefined || !(req.qty > 0)) return base;
  const intent = orderIntent(positionMode, req, (side) => selectFuturesPosition(state, req.venue, req.symbol, side).qty);
  if (!intent.ok) return base;
  const before = selectFuturesPosition(state, req.venue, req.symbol, intent.side);
  const { position: after, outcome } = positionAfterTrade(before, intent.signedQty, price, settings);
  const view = selectAccountView(state, req.venue, inst.perpetual.marginAsset);
  const others = view.positions.filter((p) => !(p.symbol === after.symbol && p.side === after.side));
  const liquidationPrice = liquidationPriceIn({ ...view, positions: [...others, after] }, after);
  return {
    leverage: after.leverage, marginMode: after.marginMode, positionMode, positionSide: intent.side,
    initialMargin: (outcome.openedQty * price) / after.leverage, qtyAfter: after.qty, liquidationPrice,
  };
}
