import { parseArgs } from 'node:util';
import { parseSymbol, rankColumns, UserError } from '../domain/index.js';
import { simulatedBases } from '../adapters/simulated/sim-market-caps.js';
import { capRanking, capTable, type CapDataIO } from '../app/marketcap/market-cap-data.js';
import { dataDirMarketCaps, dataDirSimSeed, type CoinCap } from '../app/marketcap/market-caps.js';
import { formatCsv, formatDataFrame, toJson } from './dataframe-format.js';
import { formatRanking, rankingJson, SIMULATED_LABEL } from './marketcap-format.js';

/*
 * The market-cap report, as `atapi marketcap` and the shell's `marketcap` both give it: the
 * figures from app/marketcap, laid out as a ranking, a daily table, CSV or JSON. It lives
 * below both front ends so neither imports the other.
 */

/** What the report needs of its caller: where notes and progress go, the environment, the data directory. */
export interface ReportIO {
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
  readonly dataDir: string;
  /** True when stderr is a TTY: progress may redraw in place. */
  readonly interactive: boolean;
}

/** Every coin the simulated market has: the default, ranked by cap, so no coin that ranks above one shown is left out. */
export const DEFAULT_BASES = simulatedBases();
const USD_QUOTES = ['USDT', 'USDC', 'USD', 'FDUSD', 'BUSD', 'TUSD'];

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

/**
 * The work of `atapi marketcap` (and of the shell's `marketcap`): notes and progress go to
 * `io.stderr`, the result comes back.
 */
export async function marketcapReport(argv: readonly string[], io: ReportIO, live?: LiveCaps): Promise<MarketcapReport | 'help'> {
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
