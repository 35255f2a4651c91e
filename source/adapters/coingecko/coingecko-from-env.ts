import path from 'node:path';
import { envSecret } from '../keystore/env-secret.js';
import { CoinGeckoApi } from './coingecko-api.js';
import { CoinGeckoClient } from './coingecko-client.js';
import { ResponseCache } from './response-cache.js';

/**
 * The CoinGecko API as the user configured it: `ATAPI_COINGECKO_API_KEY` or its `_FILE` (or
 * `COINGECKO_API_KEY`), `ATAPI_COINGECKO_PRO=1` for the pro host, `ATAPI_COINGECKO_URL` to point
 * elsewhere (tests use a loopback server); answers cached under the data directory.
 */
export function coinGeckoFromEnv(env: NodeJS.ProcessEnv, dataDir: string, onRetry?: (message: string) => void): CoinGeckoApi {
  const key = envSecret(env, 'ATAPI_COINGECKO_API_KEY', { holds: 'the CoinGecko API key' }) ?? env.COINGECKO_API_KEY;
  const pro = env.ATAPI_COINGECKO_PRO === '1';
  const baseUrl = env.ATAPI_COINGECKO_URL ?? (pro ? 'https://pro-api.coingecko.com/api/v3' : 'https://api.coingecko.com/api/v3');
  const client = new CoinGeckoClient({ baseUrl, apiKey: key, pro, cache: new ResponseCache(path.join(dataDir, 'cache', 'coingecko')), timeoutMs: 5_000, onRetry });
  return new CoinGeckoApi(client, Boolean(key));
}
