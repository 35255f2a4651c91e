import { parseArgs } from 'node:util';
import { parseSymbol, rankColumns, tableFromSeries, UserError, type MarketCapTable } from '../domain/index.js';
import { coinGeckoFromEnv } from '../adapters/coingecko/coingecko-from-env.js';
import { CoinGeckoError } from '../adapters/coingecko/coingecko-client.js';
import { describeAge } from '../adapters/coingecko/response-cache.js';
import { hasSimulatedSupply, simulatedBases, simulatedCapSeries } from '../adapters/simulated/sim-market-caps.js';
import { rankByCap, simulatedMarketCaps, simulatedTickSize, type CoinCap } from '../app/market-caps.js';
import { formatCsv, formatDataFrame, toJson } from '../shell/dataframe-format.js';
import { formatRanking, rankingJson, SIMULATED_LABEL } from '../shell/marketcap-format.js';
import type { CliIO, CommandHandler } from './io.js';

/** Every coin the simulated market has: the default, ranked by cap, so no coin that ranks above one shown is left out. */
const DEFAULT_BASES = simulatedBases();
const USD_QUOTES = ['USDT', 'USDC', 'USD', 'FDUSD', 'BUSD', 'TUSD'];

const HELP = `usage: atapi marketcap [--days N] [--symbols A,B,...] [--all] [--now] [--csv | --json]

Daily market capitalisation (US dollars) of the main Binance coins, printed like a pandas
DataFrame: first and last five rows, then [rows x columns]. Columns are ranked by today's
market cap, largest first.

  --days N          days of history, 1 to 5000 (default 500; CoinGecko's public API serves at
                    most 365 without a key: set ATAPI_COINGECKO_API_KEY for more)
  --symbols A,B     exchange symbols (default every coin of the simulated market:
                    ${DEFAULT_BASES.map((b) => `${b}USDT`).join(',')});
                    BTC/USDT and btc-usdt work too
  --all             print every row
  --now             the current ranking instead: price, market cap, dominance, 24h change
  --csv, --json     machine-readable output
  --exchange sim    simulated market caps (price x fixed supply), always labelled SIMULATED
  --seed N          seed of the simulated market (default 1)

JSON: market caps in whole US dollars; with --now, dominance and change24h are fractions
(0.0123 means 1.23%), as in \`atapi tickers --json\`; the text shows them as percents.
The ranking, today's row of the daily table, the shell's marketcap and the Market cap pane
come from one service and agree: on the simulated market the last day is today's price.

Data: CoinGecko (ATAPI_COINGECKO_URL overrides the address, ATAPI_COINGECKO_API_KEY adds a key,
ATAPI_COINGECKO_PRO=1 for a pro key), cached in the data directory; offline, the cache is used
(with its age), else SIMULATED figures.`;

/** What `marketcap` found: text as it prints (table, CSV or ranking) and the same as data. */
export interface MarketcapReport {
  readonly text: string;
  readonly json: unknown;
  /** True when the figures are simulated: `text` says so once, in its first line. */
  readonly simulated: boolean;
  /** That line (label and why), for stderr when the output is machine-readable. */
  readonly label?: string;
}

/**
 * The session's live caps (app/market-caps.ts liveCoinCaps), which the shell passes so that its
 * `--now` is the ranking the Market cap pane shows: on the simulated exchange (then the daily
 * table also ends today at these prices), or on a real one once CoinGecko's supplies are in.
 */
export interface LiveCaps {
  readonly caps: readonly CoinCap[];
  /** True on the simulated exchange: the caps are price x the simulated market's supply. */
  readonly simulated: boolean;
  /** Where the figures come from, for the JSON: `venue prices x CoinGecko supply`. */
  readonly source: string;
}

export const marketcapCommand: CommandHandler = async (argv, io) => {
  const report = await marketcapReport(argv, io);
  if (report === 'help') {
    io.stdout.write(`${HELP}\n`);
    return 0;
  }
  const json = argv.includes('--json');
  // Machine output carries the label as a field or a comment; a person reading the terminal
  // sees it on stderr then. Text output labels itself, once.
  if (report.label && (json || argv.includes('--csv'))) io.stderr.write(`${report.label}\n`);
  io.stdout.write(`${json ? JSON.stringify(report.json, null, 2) : report.text}\n`);
  return 0;
};

/**
 * The work of `atapi marketcap` (and of the shell's `marketcap`): notes and progress go to
 * `io.stderr`, the result comes back.
 */
export async function marketcapReport(argv: readonly string[], io: CliIO, live?: LiveCaps): Promise<MarketcapReport | 'help'> {
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
  const symbols = (str(values.symbols) ?? DEFAULT_BASES.map((b) => `${b}USDT`).join(',')).split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
    const p = parseSymbol(s);
    if (!p.ok) throw new UserError(p.error);
    if (!USD_QUOTES.includes(p.quote)) throw new UserError(`market caps are in US dollars: use a USDT symbol such as ${p.base}USDT (got ${s})`);
    return { name: `${p.base}${p.quote}`, base: p.base };
  });
  if (symbols.length === 0) throw new UserError('--symbols needs at least one symbol');
  const seedRaw = str(values.seed) ?? '1';
  const seed = Number(seedRaw);
  if (!/^\d+$/.test(seedRaw) || seed > 2 ** 31) throw new UserError(`bad --seed "${seedRaw}": use a whole number from 0 to 2147483648`);
  const sim = live?.simulated === true || (str(values.exchange) ?? 'binance') === 'sim';
  const market = (): readonly CoinCap[] => (live?.simulated ? live.caps : simulatedMarketCaps(seed, Date.now()));

  if (values.now && live && !live.simulated && symbols.every((s) => live.caps.some((c) => c.coin === s.base))) {
    const rows = rankByCap(symbols.flatMap((s) => live.caps.filter((c) => c.coin === s.base).map((c) => ({ ...c, symbol: s.name }))));
    return { text: formatRanking(rows, false), json: rankingJson(rows, false, live.source), simulated: false };
  }
  if (values.now) return current(symbols, io, sim, market);
  const table = rankColumns(sim ? simulated(symbols, days, seed, 'the simulated market (--exchange sim)', market()) : await online(symbols, days, io, seed, market));
  const label = table.simulated ? `${SIMULATED_LABEL} ${table.source}` : undefined;
  const text = values.csv ? `${label ? `# ${label}\n` : ''}${formatCsv(table)}` : `${label ? `${label}\n` : ''}${formatDataFrame(table, { all: values.all === true })}`;
  return { text, json: toJson(table), simulated: table.simulated, label };
}

/** Simulated history that ends today at the simulated market's price (`market`), so today's row is the ranking's. */
function simulated(symbols: { name: string; base: string }[], days: number, seed: number, why: string, market: readonly CoinCap[]): MarketCapTable {
  const missing = symbols.filter((s) => !hasSimulatedSupply(s.base));
  if (missing.length) throw new UserError(`no simulated market cap for ${missing.map((m) => m.name).join(', ')}: the simulated market has ${simulatedBases().join(', ')}`);
  const now = Date.now();
  const priceOf = (base: string): number | undefined => market.find((c) => c.coin === base)?.price;
  return tableFromSeries(Object.fromEntries(symbols.map((s) => [s.name, simulatedCapSeries(s.base, days, seed, now, priceOf(s.base))])), days, true, `Source: ${why}.`);
}

async function online(symbols: { name: string; base: string }[], days: number, io: CliIO, seed: number, market: () => readonly CoinCap[]): Promise<MarketCapTable> {
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
      return simulated(symbols, days, seed, `${err.message} and nothing cached; showing simulated figures`, market());
    }
    if (err instanceof CoinGeckoError) throw new UserError(err.message);
    throw err;
  }
  if (io.interactive) io.stderr.write('\r\u001b[K');
  for (const n of notes) io.stderr.write(`${n}\n`);
  const source = oldest > 0 ? `CoinGecko (cached, ${describeAge(oldest)} old)` : 'CoinGecko';
  return tableFromSeries(series, days, false, source);
}

/** `--now`: the current ranking, from CoinGecko's markets or the simulated market (offline, or --exchange sim). */
async function current(symbols: { name: string; base: string }[], io: CliIO, sim: boolean, market: () => readonly CoinCap[]): Promise<MarketcapReport> {
  let caps: CoinCap[] | undefined;
  let source = 'the simulated market';
  if (!sim) {
    const api = coinGeckoFromEnv(io.env, io.dataDir);
    try {
      const ids = new Map<string, { name: string; base: string }>();
      for (const s of symbols) {
        const id = await api.coinId(s.base);
        if (!id) throw new UserError(`unknown coin ${s.base} (${s.name}): CoinGecko lists no coin with that symbol`);
        ids.set(id, s);
      }
      const m = await api.markets([...ids.keys()]);
      if (m.staleBecause) io.stderr.write(`${m.staleBecause}\n`);
      source = 'CoinGecko';
      caps = m.body.filter((c) => ids.has(c.id)).map((c) => {
        const s = ids.get(c.id)!;
        // CoinGecko gives the change in percent; atapi's data keeps fractions.
        return { symbol: s.name, coin: s.base, price: c.current_price, marketCap: c.market_cap, supply: c.circulating_supply ?? 0, change24h: c.price_change_percentage_24h === null || c.price_change_percentage_24h === undefined ? null : c.price_change_percentage_24h / 100, priceStep: simulatedTickSize(s.base) };
      });
    } catch (err) {
      if (!(err instanceof CoinGeckoError && err.kind === 'network')) throw err instanceof CoinGeckoError ? new UserError(err.message) : err;
      io.stderr.write(`${err.message}; showing simulated figures\n`);
    }
  }
  const simulatedRows = caps === undefined;
  if (!caps) {
    const missing = symbols.filter((s) => !hasSimulatedSupply(s.base));
    if (missing.length) throw new UserError(`no simulated market cap for ${missing.map((m) => m.name).join(', ')}: the simulated market has ${simulatedBases().join(', ')}`);
    const all = market();
    caps = symbols.flatMap((s) => all.filter((c) => c.coin === s.base).map((c) => ({ ...c, symbol: s.name })));
  }
  const rows = rankByCap(caps);
  return { text: formatRanking(rows, simulatedRows), json: rankingJson(rows, simulatedRows, source), simulated: simulatedRows, label: simulatedRows ? SIMULATED_LABEL : undefined };
}
