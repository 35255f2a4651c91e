import type { Bracket, FuturesPosition } from '../domain/index.js';
import { accountFigures, maintenanceMargin, type AccountFigures, type ValuedPosition, unrealizedPnl } from './futures-margin.js';
import { isolatedLiquidationPrice, liquidationPrice } from './liquidation.js';

/**
 * One venue's futures account in one margin asset, as plain inputs, so the same figures come
 * out for the store (what atapi shows and checks) and for the simulated exchange (what it
 * enforces).
 */
export interface AccountView {
  readonly wallet: number;
  readonly positions: readonly FuturesPosition[];
  /** Mark price of a symbol; undefined when none is known yet. */
  mark(symbol: string): number | undefined;
  brackets(symbol: string): readonly Bracket[];
}

/** Open positions with their marks (a position without a mark is valued at its entry). */
export function valuedPositions(view: AccountView): ValuedPosition[] {
  return view.positions.filter((p) => p.qty !== 0).map((p) => ({ position: p, markPrice: view.mark(p.symbol) ?? p.entryPrice, brackets: view.brackets(p.symbol) }));
}

export function accountOf(view: AccountView, openOrderMargin = 0): AccountFigures {
  return accountFigures(view.wallet, valuedPositions(view), openOrderMargin);
}

/**
 * Liquidation price of `target` in this account. Isolated: its own margin. Cross: the cross
 * wallet, with every other symbol's cross positions at their marks as TMM1 and UPNL1, and
 * all of the symbol's cross positions (LONG and SHORT share the price in hedge mode).
 */
export function liquidationPriceIn(view: AccountView, target: FuturesPosition): number | undefined {
  if (target.qty === 0) return undefined;
  const brackets = view.brackets(target.symbol);
  if (target.marginMode === 'isolated') return isolatedLiquidationPrice(target, brackets);
  let isolatedHeld = 0;
  let tmm = 0;
  let upnl = 0;
  const legs: FuturesPosition[] = [];
  for (const p of view.positions) {
    if (p.qty === 0) continue;
    if (p.marginMode === 'isolated') isolatedHeld += p.isolatedMargin;
    else if (p.symbol === target.symbol) legs.push(p);
    else {
      const mark = view.mark(p.symbol) ?? p.entryPrice;
      tmm += maintenanceMargin(view.brackets(p.symbol), Math.abs(p.qty) * mark);
      upnl += unrealizedPnl(p.qty, p.entryPrice, mark);
    }
  }
  if (!legs.some((l) => l.side === target.side)) legs.push(target);
  return liquidationPrice({ walletBalance: view.wallet - isolatedHeld, otherMaintenance: tmm, otherUnrealizedPnl: upnl, legs, brackets });
}
