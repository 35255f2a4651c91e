import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSandbox, type Sandbox } from '../../source/sandbox/sandbox-server.js';
import { Socket } from './binance-client.js';
import { ccxtBinance, connector, missing, sieb, silence, until, type ConnectorResponse } from './npm-clients.js';

/**
 * What clients call when they start, with their default options (issue 26, items 1 and 3):
 * ccxt's loadMarkets (wallet coins, margin pairs, coin-M exchangeInfo), and ccxt pro's spot
 * streams at Binance's own paths.
 */
let sbx: Sandbox;
before(async () => {
  sbx = await startSandbox({ seed: 21, tickMs: 30 });
});
after(() => sbx.close());

type Ccxt = Awaited<ReturnType<typeof ccxtBinance>>;
const closing: Ccxt[] = [];
after(async () => {
  for (const ex of closing) await (ex.close as () => Promise<void>)();
});

test('ccxt pro binance with no options loads spot and USD-M markets and the wallet coins, and reads the balance', async () => {
  const ex = await ccxtBinance(sbx, { apiKey: sbx.apiKey, secret: sbx.secret });
  closing.push(ex);
  const markets = (await ex.loadMarkets()) as Record<string, { type: string }>;
  assert.equal(markets['BTC/USDT'].type, 'spot');
  assert.equal(markets['BTC/USDT:USDT'].type, 'swap');
  const currencies = (ex as unknown as { currencies: Record<string, { active: boolean }> }).currencies;
  assert.ok(currencies.BTC && currencies.USDT, 'the wallet coin list gives ccxt its currencies');
  const balance = (await ex.fetchBalance()) as { total: Record<string, number> };
  assert.equal(balance.total.USDT, 10_000);
});

test('ccxt pro binance with no options watches spot tickers, trades and the order book over /stream/<n>', async () => {
  const ex = await ccxtBinance(sbx);
  closing.push(ex);
  const ticker = (await ex.watchTicker('BTC/USDT')) as { symbol: string; last: number };
  assert.equal(ticker.symbol, 'BTC/USDT');
  assert.ok(ticker.last > 0);
  const book = (await ex.watchOrderBook('ETH/USDT')) as { bids: number[][]; asks: number[][] };
  assert.ok(book.bids.length > 0 && book.asks[0][0] > book.bids[0][0]);
  const trades = (await ex.watchTrades('ETH/USDT')) as { symbol: string }[];
  assert.equal(trades[0].symbol, 'ETH/USDT');
});

test("ccxt pro's spot streams at Binance's raw path /ws (ccxt connects to /ws/0 and subscribes)", async () => {
  // At /ws ccxt cannot tell BTCUSDT spot from the perpetual by the URL: spot markets only.
  const ex = await ccxtBinance(sbx, { spotWs: '/ws', options: { fetchMarkets: { types: ['spot'] } } });
  closing.push(ex);
  const ticker = (await ex.watchTicker('BTC/USDT')) as { symbol: string; last: number };
  assert.equal(ticker.symbol, 'BTC/USDT');
  const url = Object.keys((ex as unknown as { clients: Record<string, unknown> }).clients)[0];
  assert.match(url, /\/ws\/0$/);
});

test('/ws/0 with SUBSCRIBE, as ccxt does it by hand: the subscription is answered and events flow', async () => {
  const s = await Socket.open(`${sbx.wsUrl}/ws/0`);
  try {
    s.send({ method: 'SUBSCRIBE', params: ['btcusdt@trade'], id: 7 });
    assert.deepEqual(await s.next('the SUBSCRIBE answer', (m: { id?: number }) => m.id === 7), { result: null, id: 7 });
    const t = await s.next<{ e: string; s: string }>('a trade', (m: { e?: string }) => m.e === 'trade');
    assert.equal(t.s, 'BTCUSDT');
  } finally {
    s.close();
  }
});

test('@binance/connector: the wallet coin list, margin pairs (none) and the combined stream path', { skip: !connector && missing('@binance/connector') }, async () => {
  const client = new connector!.Spot(sbx.apiKey, sbx.secret, { baseURL: sbx.url });
  const coins = ((await client.coinInfo()) as ConnectorResponse<{ coin: string; free: string; depositAllEnable: boolean }[]>).data;
  assert.equal(coins.find((c) => c.coin === 'USDT')!.free, '10000.00000000');
  assert.ok(coins.some((c) => c.coin === 'BTC'));
  assert.equal(coins[0].depositAllEnable, false);
  assert.deepEqual(((await client.marginAllPairs()) as ConnectorResponse<unknown[]>).data, []);
  const restore = silence();
  const got: { stream?: string; data?: { e?: string } }[] = [];
  const ws = new connector!.WebsocketStream({ wsURL: sbx.wsUrl, combinedStreams: true, callbacks: { message: (m: string) => got.push(JSON.parse(m) as (typeof got)[number]) } });
  try {
    ws.trade('ethusdt');
    await until('a combined trade event', () => got.some((m) => m.stream === 'ethusdt@trade' && m.data?.e === 'trade'));
  } finally {
    ws.disconnect();
    restore();
  }
});

test('binance (tiagosiebler): the wallet coin list, margin pairs and the coin-M exchangeInfo (no contracts)', { skip: !sieb && missing('binance') }, async () => {
  const rest = new sieb!.MainClient({ api_key: sbx.apiKey, api_secret: sbx.secret, baseUrl: sbx.url, disableTimeSync: true });
  const coins = (await rest.getBalances()) as { coin: string; free: string }[];
  assert.equal(coins.find((c) => c.coin === 'USDT')!.free, '10000.00000000');
  assert.deepEqual(await rest.getAllCrossMarginPairs(), []);
  assert.deepEqual(await rest.getIsolatedMarginAllSymbols(), []);
  const coinm = new sieb!.CoinMClient({ baseUrl: sbx.url, disableTimeSync: true });
  const info = (await coinm.getExchangeInfo()) as { symbols: unknown[]; timezone: string };
  assert.deepEqual([info.timezone, info.symbols], ['UTC', []]);
});
