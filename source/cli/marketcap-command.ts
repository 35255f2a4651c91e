import { parseArgs } from 'node:util';
import { parseSymbol, rankColumns, UserError } from '../domain/index.js';
import { simulatedBases } from '../adapters/simulated/sim-market-caps.js';
import { capRanking, capTable, type CapDataIO } from '../app/marketcap/market-cap-data.js';
import { dataDirMarketCaps, dataDirSimSeed, type CoinCap } from '../app/marketcap/market-caps.js';
import { formatCsv, formatDataFrame, toJson } from '../format/dataframe-format.js';
import { formatRanking, rankingJson, SIMULATED_LABEL } from '../format/marketcap-format.js';
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
  --seed N          seed of the simulated market (default: the data directory's)

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
 * The session's live caps (app/marketcap/market-caps.ts liveCoinCaps), which the shell passes so that its
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
  const seedRaw = str(values.seed);
  const given = seedRaw === undefined ? undefined : Number(seedRaw);
  if (seedRaw !== undefined && (!/^\d+$/.test(seedRaw) || given! > 2 ** 31)) throw new UserError(`bad --seed "${seedRaw}": use a whole number from 0 to 2147483648`);
  const sim = live?.simulated === true || (str(values.exchange) ?? 'binance') === 'sim';
  // The data directory's simulated market (its kept seed, its last prices), as `atapi tickers` shows it.
  const market = (): readonly CoinCap[] => (live?.simulated ? live.caps : dataDirMarketCaps(io.dataDir, given, Date.now()));

  // Asked for only when simulated figures are shown: a real exchange's report leaves the data
  // directory alone. A session's own market (`live`, the shell's marketcap) keeps the past it
  // always had (seed 1): its today is the session's prices, and a session in memory has no
  // data directory to keep a seed in.
  const choice = {
    sim,
    get seed(): number {
      return given ?? (live ? 1 : dataDirSimSeed(io.dataDir, Date.now()));
    },
    market,
  };
  const data: CapDataIO = {
    env: io.env,
    dataDir: io.dataDir,
    progress: (text) => io.stderr.write(io.interactive ? `\r\u001b[K${text}` : `${text}\n`),
    done: () => void (io.interactive && io.stderr.write('\r\u001b[K')),
    note: (text) => io.stderr.write(`${text}\n`),
  };

  if (values.now) {
    const r = await capRanking(symbols, choice, data, live && !live.simulated ? live : undefined);
    return { text: formatRanking(r.rows, r.simulated), json: rankingJson(r.rows, r.simulated, r.source), simulated: r.simulated, label: r.simulated ? SIMULATED_LABEL : undefined };
  }
  const table = rankColumns(await capTable(symbols, days, choice, data));
  const label = table.simulated ? `${SIMULATED_LABEL} ${table.source}` : undefined;
  const text = values.csv ? `${label ? `# ${label}\n` : ''}${formatCsv(table)}` : `${label ? `${label}\n` : ''}${formatDataFrame(table, { all: values.all === true })}`;
  return { text, json: toJson(table), simulated: table.simulated, label };
}
