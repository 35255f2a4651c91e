import { DEFAULT_BASES, marketcapReport } from '../format/marketcap-report.js';
import type { CommandHandler } from './io.js';

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

