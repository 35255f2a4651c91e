import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseSymbol, tableFromSeries, UserError, type MarketCapTable } from '../domain/index.js';
import { CoinGeckoApi } from '../adapters/coingecko/coingecko-api.js';
import { CoinGeckoClient, CoinGeckoError } from '../adapters/coingecko/coingecko-client.js';
import { describeAge, ResponseCache } from '../adapters/coingecko/response-cache.js';
import { hasSimulatedSupply, simulatedBases, simulatedCapSeries } from '../adapters/simulated/sim-market-caps.js';
import { formatCsv, formatDataFrame, toJson } from '../shell/dataframe-format.js';
import type { CliIO, CommandHandler } from './io.js';

const DEFAULT_SYMBOLS = ['BNBUSDT', 'BTCUSDT', 'ETHUSDT', 'LTCUSDT', 'TRXUSDT', 'XRPUSDT'];
const USD_QUOTES = ['USDT', 'USDC', 'USD', 'FDUSD', 'BUSD', 'TUSD'];

const HELP = `usage: atapi marketcap [--days N] [--symbols A,B,...] [--all] [--csv | --json]

Daily market capitalisation (US dollars) of the main Binance coins, printed like a pandas
DataFrame: first and last five rows, then [rows x columns].

  --days N          days of history, 1 to 5000 (default 500; CoinGecko's public API serves at
                    most 365 without a key: set ATAPI_COINGECKO_API_KEY for more)
  --symbols A,B     exchange symbols (default ${DEFAULT_SYMBOLS.join(',')}); BTC/USDT and btc-usdt work too
  --all             print every row
  --csv, --json     machine-readable output
  --exchange sim    simulated market caps (price x fixed supply), always labelled SIMULATED
  --seed N          seed of the simulated history

Data: CoinGecko (ATAPI_COINGECKO_URL overrides the address, ATAPI_COINGECKO_API_KEY adds a key,
ATAPI_COINGECKO_PRO=1 for a pro key), cached in the data directory; offline, the cache is used
(with its age), else SIMULATED figures.`;

export const marketcapCommand: CommandHandler = async (argv, io) => {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: { days: { type: 'string' }, symbols: { type: 'string' }, all: { type: 'boolean' }, csv: { type: 'boolean' }, json: { type: 'boolean' }, exchange: { type: 'string' }, seed: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: false,
    allowPositionals: true,
  });
  if (values.help) {
    io.stdout.write(`${HELP}\n`);
    return 0;
  }
  const unknown = argv.find((a) => a.startsWith('--') && !['days', 'symbols', 'all', 'csv', 'json', 'exchange', 'seed', 'help'].includes(a.slice(2).split('=')[0]));
  if (unknown) throw new UserError(`unknown option ${unknown} (atapi marketcap --help)`);
  if (positionals.length) throw new UserError(`unexpected argument "${positionals[0]}" (atapi marketcap --help)`);
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const daysRaw = str(values.days) ?? '500';
  const days = Number(daysRaw);
  if (!/^\d+$/.test(daysRaw) || days < 1 || days > 5000) throw new UserError(`bad --days "${daysRaw}": use a whole number of days from 1 to 5000`);
  if (values.csv && values.json) throw new UserError('choose one of --csv and --json');
  const symbols = (str(values.symbols) ?? DEFAULT_SYMBOLS.join(',')).split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
    const p = parseSymbol(s);
    if (!p.ok) throw new UserError(p.error);
    if (!USD_QUOTES.includes(p.quote)) throw new UserError(`market caps are in US dollars: use a USDT symbol such as ${p.base}USDT (got ${s})`);
    return { name: `${p.base}${p.quote}`, base: p.base };
  });
  if (symbols.length === 0) throw new UserError('--symbols needs at least one symbol');
  const seed = Number(str(values.seed) ?? 1);

  let table: MarketCapTable;
  if ((str(values.exchange) ?? 'binance') === 'sim') table = simulated(symbols, days, seed, 'the simulated market (--exchange sim)');
  else table = await online(symbols, days, io, seed);

  if (table.simulated) io.stderr.write(`SIMULATED market caps (price x fixed supply from atapi's simulated market): not real data. ${table.source}\n`);
  if (values.json) io.stdout.write(`${JSON.stringify(toJson(table), null, 2)}\n`);
  else if (values.csv) io.stdout.write(`${table.simulated ? '# SIMULATED market caps, not real data\n' : ''}${formatCsv(table)}\n`);
  else io.stdout.write(`${table.simulated ? 'SIMULATED\n' : ''}${formatDataFrame(table, { all: values.all === true })}\n`);
  return 0;
};

function simulated(symbols: { name: string; base: string }[], days: number, seed: number, why: string): MarketCapTable {
  const missing = symbols.filter((s) => !hasSimulatedSupply(s.base));
  if (missing.length) throw new UserError(`no simulated market cap for ${missing.map((m) => m.name).join(', ')}: the simulated market has ${simulatedBases().join(', ')}`);
  const now = Date.now();
  return tableFromSeries(Object.fromEntries(symbols.map((s) => [s.name, simulatedCapSeries(s.base, days, seed, now)])), days, true, `Source: ${why}.`);
}

async function online(symbols: { name: string; base: string }[], days: number, io: CliIO, seed: number): Promise<MarketCapTable> {
  const key = io.env.ATAPI_COINGECKO_API_KEY ?? io.env.COINGECKO_API_KEY;
  const pro = io.env.ATAPI_COINGECKO_PRO === '1';
  const baseUrl = io.env.ATAPI_COINGECKO_URL ?? (pro ? 'https://pro-api.coingecko.com/api/v3' : 'https://api.coingecko.com/api/v3');
  const progress = (text: string): void => {
    io.stderr.write(io.interactive ? `\r\u001b[K${text}` : `${text}\n`);
  };
  const client = new CoinGeckoClient({ baseUrl, apiKey: key, pro, cache: new ResponseCache(path.join(io.dataDir, 'cache', 'coingecko')), timeoutMs: 5_000, onRetry: progress });
  const api = new CoinGeckoApi(client, Boolean(key));
  const series: Record<string, [number, number][]> = {};
  const notes = new Set<string>();
  let oldest = 0;
  try {
    for (const [i, s] of symbols.entries()) {
      progress(`fetching market caps ${i + 1}/${symbols.length} ${s.name}…`);
      const id = await api.coinId(s.base);
      if (!id) throw new UserError(`unknown coin ${s.base} (${s.name}): CoinGecko lists no coin with that symbol`);
      const h = await api.history(id, days);
      if (h.limitedTo) notes.add(`CoinGecko's public API serves ${h.limitedTo} days of history; set ATAPI_COINGECKO_API_KEY for more.`);
      if (h.staleBecause) notes.add(h.staleBecause);
      if (h.cachedAgeMs !== undefined) oldest = Math.max(oldest, h.cachedAgeMs);
      series[s.name] = h.body;
    }
  } catch (err) {
    if (io.interactive) io.stderr.write('\r\u001b[K');
    if (err instanceof CoinGeckoError && err.kind === 'network') {
      return simulated(symbols, days, seed, `${err.message} and nothing cached; showing simulated figures`);
    }
    if (err instanceof CoinGeckoError) throw new UserError(err.message);
    throw err;
  }
  if (io.interactive) io.stderr.write('\r\u001b[K');
  for (const n of notes) io.stderr.write(`${n}\n`);
  const source = oldest > 0 ? `CoinGecko (cached, ${describeAge(oldest)} old)` : 'CoinGecko';
  return tableFromSeries(series, days, false, source);
}
