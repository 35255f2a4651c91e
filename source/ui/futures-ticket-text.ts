import type { Instrument } from '../domain/index.js';
import type { FuturesTicket } from '../engine/futures-ticket.js';
import { num, price } from '../format/format.js';

/**
 * The futures part of an order ticket as text: the settings the order trades under, then what
 * it costs in margin and where the position it leaves would be liquidated. Formatting only:
 * the figures are the engine's (futuresTicket).
 */
export function futuresTicketLines(t: FuturesTicket, inst: Instrument | undefined, withFigures: boolean): [string, string] {
  const side = t.positionMode === 'hedge' ? `hedge ${t.positionSide ?? '?'}` : 'one-way';
  const asset = inst?.perpetual?.marginAsset ?? 'USDT';
  const liq = t.liquidationPrice !== undefined ? price(t.liquidationPrice, inst) : t.qtyAfter === 0 ? 'none (flat after it)' : t.qtyAfter !== undefined ? 'none (the margin covers a fall to 0)' : '-';
  return [
    `Leverage ${t.leverage}x · ${t.marginMode} · ${side}`,
    withFigures ? `Initial margin ${num(t.initialMargin, 2)} ${asset} · Liq. ≈ ${liq}` : `Initial margin - · Liq. ≈ -`,
  ];
}
