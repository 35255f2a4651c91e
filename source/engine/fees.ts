/**
 * What a venue charges per fill, as a rate of the notional: one model per kind of market, the
 * same for the simulated exchange, the paper venue, the Binance sandbox and the backtests, so a
 * strategy's figures do not depend on where it ran. A user's own rate (`--fee`, a venue's
 * `fee` option) overrides it; the live exchanges charge what they charge.
 */
export interface FeeModel {
  /** Rate for a fill that rested on the book. */
  readonly maker: number;
  /** Rate for a fill that took liquidity (market orders, crossing limits). */
  readonly taker: number;
}

/** Spot: Binance's base tier, 0.1% either way. */
export const SPOT_FEES: FeeModel = { maker: 0.001, taker: 0.001 };

/** USDT-margined perpetuals: Binance USD-M's base tier (VIP 0, no BNB discount), 0.02% maker, 0.05% taker. */
export const PERPETUAL_FEES: FeeModel = { maker: 0.0002, taker: 0.0005 };

/**
 * The rate a pre-trade check or an estimate assumes for an order on `inst`: the taker rate
 * (the most a fill can cost) of a perpetual's model, or `spotRate` (risk limits' `feeRate`,
 * SPOT_FEES.taker unless set otherwise) on a spot market.
 */
export function assumedFeeRate(inst: { readonly perpetual?: unknown } | undefined, spotRate: number): number {
  return inst?.perpetual ? PERPETUAL_FEES.taker : spotRate;
}

/** The model of a market kind, or a flat `override` rate when the user set one. */
export function feeModel(kind: 'spot' | 'perpetual', override?: number): FeeModel {
  if (override !== undefined) return { maker: override, taker: override };
  return kind === 'perpetual' ? PERPETUAL_FEES : SPOT_FEES;
}
