import type { Store } from '../../source/store/index.js';
import { BTC } from './fixtures.js';

/** A store that knows BTC/USDT on venue `sim` at 100 and holds 10,000 USDT: enough to place an order through OrderEntry. */
export async function withBtcMarket(store: Store): Promise<void> {
  store.dispatch([
    { type: 'market/instruments', data: { venue: 'sim', instruments: [BTC] } },
    { type: 'market/ticker', data: { venue: 'sim', symbol: 'BTC/USDT', bid: 99, ask: 101, last: 100, open24h: 100, high24h: 100, low24h: 100, volume24h: 1, ts: 1 } },
    { type: 'account/balances', data: { venue: 'sim', balances: { USDT: { free: 10_000, locked: 0 } }, full: true } },
  ]);
  await store.whenDurable();
}
