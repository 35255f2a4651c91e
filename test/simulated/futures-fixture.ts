import { FuturesEngine } from '../../source/adapters/simulated/futures-engine.js';
import type { DomainEvent, Instrument, MarkPrice, OrderBook } from '../../source/domain/index.js';
import { BTCUSDT_BRACKETS } from '../../source/domain/index.js';
import { applyEvents, emptyFutures, initialState, type State } from '../../source/store/index.js';
import { envelopes, order } from '../helpers/fixtures.js';

/** The simulated futures engine's tests: one BTC perpetual, a one-level book, marks, an engine over a 10,000 USDT wallet. */
export const SYM = 'BTC/USDT:USDT';
export const PERP: Instrument = {
  venue: 'sim', symbol: SYM, base: 'BTC', quote: 'USDT', kind: 'perpetual', tickSize: 0.1, lotSize: 0.001, minQty: 0.001, minNotional: 5,
  perpetual: { contractType: 'perpetual', marginAsset: 'USDT', brackets: BTCUSDT_BRACKETS },
};
export const book = (mid: number): OrderBook => ({ venue: 'sim', symbol: SYM, bids: [[mid - 0.5, 5]], asks: [[mid + 0.5, 5]], ts: 1 });
export const mark = (markPrice: number, ts = 1, fundingRate = 0.0001): MarkPrice => ({ venue: 'sim', symbol: SYM, markPrice, indexPrice: markPrice, fundingRate, nextFundingTime: 0, openInterest: 1, ts });

/** An engine over a ledger with a 10,000 USDT wallet, and a state that folds what it says. */
export function setup(now = { t: 1 }) {
  const fut = { ...emptyFutures(), wallets: { sim: { USDT: 10_000 } } };
  const e = new FuturesEngine({ venue: 'sim', instruments: [PERP], makerFee: 0.0002, takerFee: 0.0005, clock: () => now.t }, fut);
  let state: State = applyEvents(initialState(), envelopes([{ type: 'futures/wallet', data: { venue: 'sim', asset: 'USDT', balance: 10_000, reason: 'deposit', ts: 0 } }]));
  let seq = 100;
  const fold = (evs: DomainEvent[]): DomainEvent[] => {
    state = applyEvents(state, envelopes(evs, seq));
    seq += evs.length;
    return evs;
  };
  return { e, fold, state: () => state, now };
}

export const perpOrder = (id: string, over: Parameters<typeof order>[1] = {}) => order(id, { symbol: SYM, type: 'market', price: undefined, qty: 0.1, status: 'submitted', ...over });
export const types = (evs: DomainEvent[]): string[] => evs.map((x) => x.type);
