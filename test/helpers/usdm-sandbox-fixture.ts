import assert from 'node:assert/strict';
import { createCcxtExchange } from '../../source/adapters/ccxt/ccxt-client.js';
import type { CcxtFuturesExchange } from '../../source/adapters/ccxt/ccxt-futures-client.js';
import { CcxtUsdmVenue } from '../../source/adapters/ccxt/ccxt-usdm-venue.js';
import { createSession, type Session } from '../../source/app/session/session.js';
import type { DomainEvent, Fill, Order } from '../../source/domain/index.js';
import { startSandbox, type Sandbox } from '../../source/sandbox/sandbox-server.js';
import { signed } from '../sandbox/binance-client.js';
import { testEach, type EachTest } from './test-each.js';

/**
 * USD-M conditional orders end to end: atapi's session, ccxt's binanceusdm and the sandbox's
 * algo service over loopback. The sandbox's market walks on its own timer; a test sets a stop
 * off on purpose by moving the price (`market.moveTo`, the sandbox's price control) far past
 * the trigger, so no test waits on the walk.
 */
export const BTC = 'BTC/USDT:USDT';
export const VENUE = 'binanceusdm-sandbox';

export interface AlgoFixture {
  readonly sbx: Sandbox;
  /** An app session on the sandbox; `hook` may wrap the ccxt exchange object before the venue gets it. */
  open(o?: { dataDir?: string; warnings?: string[]; hook?: (x: CcxtFuturesExchange) => void }): Promise<Session>;
  /** The perpetual's last price at the sandbox now. */
  last(): number;
  /** Moves BTC's price to `factor` times the perpetual's last and waits until the perpetual (and its algo orders) stepped there. */
  move(factor: number): Promise<number>;
  until(what: string, check: () => boolean, detail?: () => unknown): Promise<void>;
  /** node:test's `test`, each on a sandbox of its own (a fresh account), started before its body and closed after it (test-each.ts says why not beforeEach). */
  readonly test: EachTest;
}

export function withUsdmSandbox(seed: number): AlgoFixture {
  let sbx: Sandbox | undefined;
  const test = testEach(
    async () => {
      sbx = await startSandbox({ seed, tickMs: 40 });
    },
    async () => {
      await sbx?.close();
      sbx = undefined;
    },
  );
  const running = (): Sandbox => sbx ?? assert.fail('the sandbox is not started');
  const until = async (what: string, check: () => boolean, detail: () => unknown = () => ''): Promise<void> => {
    const end = Date.now() + 20_000;
    while (!check()) {
      if (Date.now() > end) assert.fail(`timed out waiting for ${what} ${JSON.stringify(detail())}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const last = (): number => running().futures.market.ticker(BTC).last;
  return {
    get sbx() {
      return running();
    },
    test,
    until,
    last,
    async open(o = {}) {
      const x = running();
      const ex = (await createCcxtExchange({ exchange: 'binanceusdm', sandboxUrl: x.url, apiKey: x.apiKey, secret: x.secret, timeoutMs: 5_000 })) as CcxtFuturesExchange;
      o.hook?.(ex);
      const venue = new CcxtUsdmVenue({
        exchange: ex, venue: VENUE, label: 'BINANCEUSDM SANDBOX', clock: () => Date.now(), trading: true, symbols: [BTC],
        sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 50))), random: () => 0.5, onWarning: (m) => o.warnings?.push(m),
      });
      const s = await createSession({ exchange: 'binanceusdm', mode: 'testnet', venue, fsync: false, ...(o.dataDir ? { dataDir: o.dataDir } : { persist: false }), limits: { maxOrderNotional: 1e7, maxPositionNotional: 1e7 } });
      // Frames sent before the user-data subscription are not replayed (as on Binance).
      await until('the user-data subscription', () => x.futures.userListeners(x.apiKey) > 0);
      await until('a price for the perpetual', () => s.store.getState().market.tickers[`${VENUE}:${BTC}`]?.last !== undefined);
      return s;
    },
    async move(factor) {
      const x = running();
      const target = last() * factor;
      const index = x.exchange.market.prices()['BTC/USDT'];
      x.exchange.market.moveTo('BTC/USDT', index * factor);
      await until(`the perpetual near ${target}`, () => Math.abs(last() / target - 1) < 0.003, () => last());
      // One more step of the sandbox: its algo service looks at the price after the market moved.
      const seen = x.futures.market.ticker(BTC).ts;
      await until('a sandbox step', () => x.futures.market.ticker(BTC).ts > seen);
      return last();
    },
  };
}

/** An algo order as the sandbox answers `GET /fapi/v1/allAlgoOrders`. */
export type Algo = { algoId: number; clientAlgoId: string; orderType: string; algoStatus: string; triggerPrice: string; price: string; reduceOnly: boolean; closePosition: boolean; priceRate?: string; actualOrderId?: string };

/** The account's algo orders on BTCUSDT, asked of the sandbox over REST. */
export async function algoOrders(sbx: Sandbox): Promise<Algo[]> {
  const r = await signed<Algo[]>({ url: sbx.url, apiKey: sbx.apiKey, secret: sbx.secret }, 'GET', '/fapi/v1/allAlgoOrders', { symbol: 'BTCUSDT' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

/** The sandbox's algo order with our client id. */
export async function algoAt(sbx: Sandbox, clientAlgoId: string): Promise<Algo> {
  return (await algoOrders(sbx)).find((a) => a.clientAlgoId === clientAlgoId) ?? assert.fail(`no algo order ${clientAlgoId} at the sandbox`);
}

export const events = (s: Session, type: DomainEvent['type']): DomainEvent[] => s.history().map((e) => e.event).filter((e) => e.type === type);
export const fillsOf = (s: Session, id: string): Fill[] => s.store.getState().ledger.fills.filter((f) => f.orderId === id);
export const orderOf = (s: Session, id: string): Order => s.store.getState().ledger.orders[id];

/** The realised PnL the exchange reported with the fills of order `id` (futures/position after them). */
export function realisedWith(s: Session, id: string): number {
  const hist = s.history().map((e) => e.event);
  let sum = 0;
  let after = false;
  for (const e of hist) {
    if ((e.type === 'order/filled' || e.type === 'order/partiallyFilled') && e.data.fill.orderId === id) after = true;
    else if (e.type === 'order/filled' || e.type === 'order/partiallyFilled') after = false;
    else if (after && e.type === 'futures/position') sum += e.data.realizedPnl;
  }
  return sum;
}
