import type { DomainEvent, FuturesPosition, MarkPrice, PositionSide, VenueId } from '../../domain/index.js';
import { clean } from '../../domain/index.js';
import { accountOf, liquidationPriceIn, type AccountView } from '../../engine/futures-account.js';
import { fundingAmount, fundingTimesBetween } from '../../engine/funding.js';
import { maintenanceMargin, unrealizedPnl } from '../../engine/futures-margin.js';

/**
 * What the simulated USD-M account settles on a new mark price, as pure functions over the
 * account's figures: funding at the 8-hour marks and which positions the mark liquidates. The
 * engine (futures-engine.ts) owns the maps and applies what these return.
 */

export interface FundingDue {
  readonly events: DomainEvent[];
  readonly wallet: number;
  /** The last funding time paid (the position's new paid-up-to), or undefined when none was due. */
  readonly paidUpTo?: number;
}

/** Funding on one position for every mark between its last payment and `mark.ts`, each paid into the wallet in turn. */
export function fundingDue(input: {
  readonly venue: VenueId; readonly asset: string; readonly side: PositionSide; readonly position: FuturesPosition;
  readonly paidUpTo: number; readonly mark: MarkPrice; readonly wallet: number;
}): FundingDue {
  const { venue, asset, side, position, mark } = input;
  const events: DomainEvent[] = [];
  let wallet = input.wallet;
  let paidUpTo: number | undefined;
  for (const fundingTime of fundingTimesBetween(input.paidUpTo, mark.ts)) {
    const amount = clean(fundingAmount(position.qty, mark.markPrice, mark.fundingRate));
    wallet = clean(wallet + amount);
    paidUpTo = fundingTime;
    events.push({
      type: 'futures/funding',
      data: { venue, symbol: mark.symbol, side, fundingTime, rate: mark.fundingRate, markPrice: mark.markPrice, qty: position.qty, amount, asset, wallet, ts: mark.ts },
    });
  }
  return { events, wallet, paidUpTo };
}

export interface Liquidation {
  readonly position: FuturesPosition;
  /** Where it is closed: its liquidation price (the mark when none can be computed). */
  readonly price: number;
  /** What the wallet loses: the isolated margin, or the clearance fee net of what closing realises (cross). */
  readonly loss: number;
}

/**
 * Isolated positions on the mark's symbol whose own margin has reached maintenance. Each is
 * closed at its liquidation price and loses its isolated margin, as Binance does.
 */
export function isolatedLiquidations(view: AccountView, mark: MarkPrice): Liquidation[] {
  const brackets = view.brackets(mark.symbol);
  const out: Liquidation[] = [];
  for (const p of view.positions) {
    if (p.symbol !== mark.symbol || p.marginMode !== 'isolated' || p.qty === 0) continue;
    const left = p.isolatedMargin + unrealizedPnl(p.qty, p.entryPrice, mark.markPrice);
    if (left > maintenanceMargin(brackets, Math.abs(p.qty) * mark.markPrice)) continue;
    out.push({ position: p, price: liquidationPriceIn(view, p) ?? mark.markPrice, loss: p.isolatedMargin });
  }
  return out;
}

/** Whether the cross margin balance has reached maintenance: then every cross position goes. */
export function crossMarginCalled(view: AccountView): boolean {
  return accountOf(view).marginRatio >= 1;
}

/**
 * One cross position closed at its liquidation price: the maintenance margin left there is the
 * clearance fee. The wallet never goes below what isolated positions hold (`crossLeft`): the
 * insurance fund covers the rest.
 */
export function crossLiquidation(view: AccountView, p: FuturesPosition, crossLeft: number): Liquidation {
  const price = liquidationPriceIn(view, p) ?? view.mark(p.symbol) ?? p.entryPrice;
  const realized = unrealizedPnl(p.qty, p.entryPrice, price);
  const fee = maintenanceMargin(view.brackets(p.symbol), Math.abs(p.qty) * price);
  return { position: p, price, loss: Math.min(crossLeft, Math.max(0, fee - realized)) };
}

/** The ledger's record of a liquidation and the notice the trader sees. */
export function liquidationEvents(l: Liquidation, mark: MarkPrice, asset: string, wallet: number, now: number): DomainEvent[] {
  const p = l.position;
  const what = `${p.qty > 0 ? 'long' : 'short'} ${Math.abs(p.qty)} ${p.symbol}${p.side === 'BOTH' ? '' : ` (${p.side})`}`;
  return [
    {
      type: 'futures/liquidation',
      data: {
        venue: p.venue, symbol: p.symbol, side: p.side, marginMode: p.marginMode, qty: p.qty, entryPrice: p.entryPrice, price: l.price, markPrice: mark.markPrice,
        loss: clean(l.loss), asset, wallet, ts: now,
      },
    },
    { type: 'system/notice', data: { level: 'error', message: `LIQUIDATED: ${what} at ${l.price.toFixed(2)} (mark ${mark.markPrice.toFixed(2)}), ${p.marginMode} margin lost: ${clean(l.loss).toFixed(2)} ${asset}` } },
  ];
}
