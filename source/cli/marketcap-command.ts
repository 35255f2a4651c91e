import { parseArgs } from 'node:util';
import { parseSymbol, tableFromSeries, UserError, type MarketCapTable } from '../domain/index.js';
import { coinGeckoFromEnv } from '../adapters/coingecko/coingecko-from-env.js';
import { CoinGeckoError } from '../adapters/coingecko/coingecko-client.js';
import { describeAge } from '../adapters/coingecko/response-cache.js';
import { hasSimulatedSupply, simulatedBases, simulatedCapSeries, simulatedSupply } from '../adapters/simulated/sim-market-caps.js';
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
  --now             the current ranking instead: price, market cap, circulating supply, 24h change
  --csv, --json     machine-readable output
  --exchange sim    simulated market caps (price x fixed supply), always labelled SIMULATED
  --seed N          seed of the simulated history

Data: CoinGecko (ATAPI_COINGECKO_URL overrides the address, ATAPI_COINGECKO_API_KEY adds a key,
ATAPI_COINGECKO_PRO=1 for a pro key), cached in the data directory; offline, the cache is used
(with its age), else SIMULATED figures.`;

/** What `marketcap` found: text as it prints (table, CSV or ranking) and the same as data. */
export interface MarketcapReport {
  readonly text: string;
  readonly json: unknown;
}

export const marketcapCommand: CommandHandler = async (argv, io) => {
  const report = await marketcapReport(argv, io);
  if (report === 'help') {
    io.stdout.write(`${HELP}\n`);
    return 0;
  }
  const json = argv.includes('--json');
  io.stdout.write(`${json ? JSON.stringify(report.json, null, 2) : report.text}\n`);
  return 0;
};

/**
 * The work of `atapi marketcap` (and of the shell's `marketcap`): notes and progress go to
 * `io.stderr`, the result comes back.
 */
export async function marketcapReport(argv: readonly string[], io: CliIO): Promise<MarketcapReport | 'help'> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: { now: { type: 'boolean' }, days: { type: 'string' }, symbols: { type: 'string' }, all: { type: 'boolean' }, csv: { type: 'boolean' }, json: { type: 'boolean' }, exchange: { type: 'string' }, seed: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: false,
    allowPositionals: true,
  });
  if (values.help) return 'help';
  const unknown = argv.find((a) => a.startsWith('--') && !['now', 'days', 'symbols', 'all', 'csv', 'json', 'exchange', 'seed', 'help'].includes(a.slice(2).split('=')[0]));
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

  if (values.now) return current(symbols, io, (str(values.exchange) ?? 'binance') === 'sim');
  let table: MarketCapTable;
  if ((str(values.exchange) ?? 'binance') === 'sim') table = simulated(symbols, days, seed, 'the simulated market (--exchange sim)');
  else table = await online(symbols, days, io, seed);

  if (table.simulated) io.stderr.write(`SIMULATED market caps (price x fixed supply from atapi's simulated market): not real data. ${table.source}\n`);
  const text = values.csv ? `${table.simulated ? '# SIMULATED market caps, not real data\n' : ''}${formatCsv(table)}` : `${table.simulated ? 'SIMULATED\n' : ''}${formatDataFrame(table, { all: values.all === true })}`;
  return { text, json: toJson(table) };
}

function simulated(symbols: { name: string; base: string }[], days: number, seed: number, why: string): MarketCapTable {
  const missing = symbols.filter((s) => !hasSimulatedSupply(s.base));
  if (missing.length) throw new UserError(`no simulated market cap for ${missing.map((m) => m.name).join(', ')}: the simulated market has ${simulatedBases().join(', ')}`);
  const now = Date.now();
  return tableFromSeries(Object.fromEntries(symbols.map((s) => [s.name, simulatedCapSeries(s.base, days, seed, now)])), days, true, `Source: ${why}.`);
}

async function online(symbols: { name: string; base: string }[], days: number, io: CliIO, seed: number): Promise<MarketCapTable> {
  const progress = (text: string): void => {
    io.stderr.write(io.interactive ? `\r\u001b[K${text}` : `${text}\n`);
  };
  const api = coinGeckoFromEnv(io.env, io.dataDir, progress);
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

/** One coin in the current ranking; `change24h` in percent. */
export interface NowRow {
  readonly rank: number;
  readonly symbol: string;
  readonly price: number;
  readonly marketCap: number;
  readonly supply: number;
  readonly change24h: number | null;
}

/** `--now`: the current ranking, from CoinGecko's markets or (offline) the simulated market. */
async function current(symbols: { name: string; base: string }[], io: CliIO, sim: boolean): Promise<MarketcapReport> {
  let rows: NowRow[] | undefined;
  let note = '';
  if (!sim) {
    const api = coinGeckoFromEnv(io.env, io.dataDir);
    try {
      const ids = new Map<string, string>();
      for (const s of symbols) {
        const id = await api.coinId(s.base);
        if (!id) throw new UserError(`unknown coin ${s.base} (${s.name}): CoinGecko lists no coin with that symbol`);
        ids.set(id, s.name);
      }
      const m = await api.markets([...ids.keys()]);
      if (m.staleBecause) note = m.staleBecause;
      rows = m.body.filter((c) => ids.has(c.id)).map((c) => ({ rank: c.market_cap_rank ?? 0, symbol: ids.get(c.id)!, price: c.current_price, marketCap: Math.round(c.market_cap), supply: Math.round(c.circulating_supply ?? 0), change24h: c.price_change_percentage_24h }));
    } catch (err) {
      if (!(err instanceof CoinGeckoError && err.kind === 'network')) throw err instanceof CoinGeckoError ? new UserError(err.message) : err;
      note = `${err.message}; showing simulated figures`;
    }
  }
  const simulatedRows = rows === undefined;
  if (!rows) {
    const table = simulated(symbols, 2, 1, 'the simulated market');
    const last = table.values[table.values.length - 1];
    const prev = table.values[table.values.length - 2];
    rows = table.symbols.map((name, c) => {
      const supply = simulatedSupply(symbols.find((x) => x.name === name)!.base);
      return { rank: 0, symbol: name, price: last[c] / supply, marketCap: last[c], supply, change24h: (last[c] / prev[c] - 1) * 100 };
    });
    rows.sort((a, b) => b.marketCap - a.marketCap).forEach((r, i) => ((r as { rank: number }).rank = i + 1));
  }
  if (note) io.stderr.write(`${note}\n`);
  if (simulatedRows) io.stderr.write('SIMULATED market caps (price x fixed supply from atapi\'s simulated market): not real data.\n');
  return rankingReport(rows, simulatedRows);
}

/** The current ranking as `--now` prints it: by market cap, with each coin's dominance. */
export function rankingReport(unsorted: readonly NowRow[], simulatedRows: boolean): MarketcapReport {
  const rows = [...unsorted].sort((a, b) => b.marketCap - a.marketCap);
  const total = rows.reduce((s, r) => s + r.marketCap, 0);
  const lines = [`${simulatedRows ? 'SIMULATED\n' : ''}RANK  SYMBOL      ${'PRICE'.padStart(12)}  ${'MARKET CAP'.padStart(16)}  ${'DOMINANCE'.padStart(9)}  ${'24H'.padStart(8)}`];
  for (const r of rows) {
    const ch = r.change24h === null ? '' : `${r.change24h >= 0 ? '+' : ''}${r.change24h.toFixed(2)}%`;
    lines.push(`${String(r.rank).padStart(4)}  ${r.symbol.padEnd(10)}  ${(Number.isNaN(r.price) ? '-' : r.price.toLocaleString('en-US', { maximumFractionDigits: 4 })).padStart(12)}  ${r.marketCap.toLocaleString('en-US').padStart(16)}  ${`${((r.marketCap / total) * 100).toFixed(1)}%`.padStart(9)}  ${ch.padStart(8)}`);
  }
  return { text: lines.join('\n'), json: { simulated: simulatedRows, rows } };
}
