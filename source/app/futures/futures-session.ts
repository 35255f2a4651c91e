import type { MarginMode, PositionMode, PositionSide } from '../../domain/index.js';
import { RefusedError, UserError } from '../../domain/index.js';
import { accountOf, liquidationPriceIn } from '../../engine/futures-account.js';
import { positionFigures, roe, type AccountFigures } from '../../engine/futures-margin.js';
import { leverageCheck } from '../../engine/futures-risk.js';
import type { VenuePort } from '../../engine/ports.js';
import type { RiskLimits } from '../../engine/risk.js';
import { selectAccountView, selectMark, selectFuturesPositions, selectOpenOrderMargin, selectInstrument, selectPositionMode, selectSymbolSettings, type Store } from '../../store/index.js';

/** One row of `positions` for a perpetual: what a trader reads to judge the risk. */
export interface FuturesPositionRow {
  readonly symbol: string;
  readonly side: PositionSide;
  /** Signed: positive long, negative short. */
  readonly qty: number;
  readonly entryPrice: number;
  readonly markPrice: number;
  readonly liquidationPrice?: number;
  readonly leverage: number;
  readonly marginMode: MarginMode;
  /** Isolated: the position's margin; cross: its initial margin at mark. */
  readonly margin: number;
  readonly unrealizedPnl: number;
  /** Unrealised PnL over initial margin at entry. */
  readonly roe: number;
  readonly realizedPnl: number;
  /** The rate the next funding payment will use (the exchange's estimate for the interval), if the mark carries one. */
  readonly fundingRate?: number;
  readonly nextFundingTime?: number;
}

export interface FuturesAccount extends AccountFigures {
  readonly asset: string;
  readonly positionMode: PositionMode;
}

/** The futures calls of a session: figures from the state, settings through the venue. */
export interface FuturesApi {
  /** False when the venue trades no perpetuals (then every setter refuses). */
  readonly available: boolean;
  /** The perpetual a trader typed (`btc/usdt:usdt`), or a UserError saying why it is not one. */
  perpetual(input: string): string;
  positions(): FuturesPositionRow[];
  account(): FuturesAccount;
  symbolSettings(symbol: string): { leverage: number; marginMode: MarginMode };
  /** Checked against risk.maxLeverage and the exchange's maximum before anything is sent. */
  setLeverage(symbol: string, leverage: number): Promise<void>;
  setMarginMode(symbol: string, mode: MarginMode): Promise<void>;
  setPositionMode(mode: PositionMode): Promise<void>;
}

/** `venue`: who it is and its futures port, the local venue's or one that asks the daemon. */
export function createFuturesApi(store: Store, venue: Pick<VenuePort, 'venue' | 'label' | 'futures'>, limits: () => RiskLimits, symbol: (input: string) => string): FuturesApi {
  const port = (): NonNullable<VenuePort['futures']> => {
    if (!venue.futures) throw new UserError(`${venue.label} has no perpetual futures here (the simulated exchange has them with --futures)`);
    return venue.futures;
  };
  const perp = (input: string): string => {
    port();
    const s = symbol(input);
    const inst = selectInstrument(store.getState(), venue.venue, s);
    if (!inst?.perpetual) throw new UserError(`${s} is a spot market; perpetuals are named like ${inst?.base ?? 'BTC'}/${inst?.quote ?? 'USDT'}:${inst?.quote ?? 'USDT'}`);
    return s;
  };
  return {
    available: venue.futures !== undefined,
    perpetual: perp,
    positions() {
      const state = store.getState();
      const view = selectAccountView(state, venue.venue);
      return selectFuturesPositions(state, venue.venue).map((p) => {
        const markPrice = view.mark(p.symbol) ?? p.entryPrice;
        const m = selectMark(state, venue.venue, p.symbol);
        const f = positionFigures({ position: p, markPrice, brackets: view.brackets(p.symbol) });
        return {
          symbol: p.symbol, side: p.side, qty: p.qty, entryPrice: p.entryPrice, markPrice, liquidationPrice: liquidationPriceIn(view, p),
          leverage: p.leverage, marginMode: p.marginMode, margin: p.marginMode === 'isolated' ? p.isolatedMargin : f.initialMargin,
          unrealizedPnl: f.unrealizedPnl, roe: roe(p, markPrice), realizedPnl: p.realizedPnl,
          ...(m ? { fundingRate: m.fundingRate, nextFundingTime: m.nextFundingTime } : {}),
        };
      });
    },
    account() {
      const state = store.getState();
      return { ...accountOf(selectAccountView(state, venue.venue), selectOpenOrderMargin(state, venue.venue)), asset: 'USDT', positionMode: selectPositionMode(state, venue.venue) };
    },
    symbolSettings: (input) => selectSymbolSettings(store.getState(), venue.venue, perp(input)),
    async setLeverage(input, leverage) {
      const s = perp(input);
      const problem = leverageCheck(selectInstrument(store.getState(), venue.venue, s)!, leverage, limits());
      if (problem) throw new RefusedError(problem);
      await port().setLeverage(s, leverage);
      await store.whenDurable();
    },
    async setMarginMode(input, mode) {
      const s = perp(input);
      await port().setMarginMode(s, mode);
      await store.whenDurable();
    },
    async setPositionMode(mode) {
      await port().setPositionMode(mode);
      await store.whenDurable();
    },
  };
}
