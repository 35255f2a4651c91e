import { RATE_LIMITS } from './binance-format.js';
import type { Credentials } from './futures/futures-routes.js';
import type { SandboxExchange } from './sandbox-exchange.js';

/**
 * What a client's start-up asks of Binance's other APIs beside spot and USD-M: ccxt's
 * `loadMarkets` with its default options reads the wallet's coin list (`/sapi/v1/capital/config/getall`),
 * the margin pairs and coin-M futures' `exchangeInfo`. The sandbox simulates a spot account with
 * no margin and no coin-M contracts, so it answers those truthfully: its coins, no margin pairs,
 * no coin-M symbols. Returns undefined for a path it does not serve.
 */
export function walletRoute(exchange: SandboxExchange, method: string, path: string, auth: Credentials, now: number): unknown {
  if (method !== 'GET') return undefined;
  switch (path) {
    case '/sapi/v1/capital/config/getall': {
      const { key } = auth.signed();
      return coinList(exchange, key);
    }
    case '/sapi/v1/margin/allPairs':
      // MARKET_DATA: an API key, no signature. No margin trading in the sandbox: no pairs.
      auth.apiKey();
      return [];
    case '/sapi/v1/margin/isolated/allPairs':
      auth.signed();
      return [];
    case '/dapi/v1/ping':
      return {};
    case '/dapi/v1/time':
      return { serverTime: now };
    case '/dapi/v1/exchangeInfo':
      // Coin-M futures are not simulated: the documented shape with no symbols.
      return { timezone: 'UTC', serverTime: now, rateLimits: RATE_LIMITS.filter((r) => r.rateLimitType !== 'RAW_REQUESTS'), exchangeFilters: [], symbols: [] };
    default:
      return undefined;
  }
}

/**
 * Binance's "All Coins' Information" for the simulated assets, with the account's balances.
 * Deposits and withdrawals do not exist here, so every coin says so (`depositAllEnable` and
 * `withdrawAllEnable` false, no networks) rather than inventing chains and fees.
 */
function coinList(exchange: SandboxExchange, key: string): unknown[] {
  const held = new Map(exchange.balances(key).map((b) => [b.asset, b]));
  const coins = new Set<string>();
  for (const i of exchange.market.instruments()) {
    coins.add(i.base);
    coins.add(i.quote);
  }
  return [...coins].sort().map((coin) => ({
    coin, name: coin, depositAllEnable: false, withdrawAllEnable: false,
    free: held.get(coin)?.free ?? '0', locked: held.get(coin)?.locked ?? '0', freeze: '0', withdrawing: '0', ipoing: '0', ipoable: '0', storage: '0',
    isLegalMoney: false, trading: true, networkList: [],
  }));
}
