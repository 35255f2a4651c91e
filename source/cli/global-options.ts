import { checkExchangeId, checkVenueIds, parseVenueSpec, UserError } from '../domain/index.js';
import type { EntryOptions } from '../app/session/open-session.js';

/** Options every command understands, wherever they appear on the line. */
export interface GlobalOptions {
  exchange: string;
  /** True when --exchange was on the command line (not just the default). */
  exchangeGiven: boolean;
  /** `--venues A,B`: several venues in one session (the first is `exchange`). */
  venues?: readonly string[];
  seed?: number;
  dataDir?: string;
  json: boolean;
  color?: boolean;
  help: boolean;
  version: boolean;
  testnet: boolean;
  live: boolean;
  iUnderstandLive: boolean;
  sandboxUrl?: string;
  noPersist: boolean;
  /** Draw with ASCII only (also chosen for a non-UTF-8 locale or terminal). */
  ascii: boolean;
  /** The simulated exchange's USD-M perpetuals beside spot. */
  futures: boolean;
}

const VALUE_FLAGS = ['--exchange', '--venues', '--seed', '--data-dir', '--sandbox-url'] as const;
const SWITCHES = ['--json', '--no-color', '--color', '--help', '-h', '--version', '--testnet', '--live', '--i-understand-live', '--no-persist', '--ascii', '--futures'] as const;

export const GLOBAL_HELP = [
  '  --exchange ID        sim (default, the built-in simulated exchange) or a ccxt id such as binance;',
  '                       binanceusdm: Binance USD-M perpetuals, with --testnet',
  '                       (Binance demo trading keys), --live or --sandbox-url',
  '  --venues A,B         several venues in one session (sim,sim2: simulated exchanges with their own',
  '                       prices, fees and latency); one ledger, orders and balances by venue;',
  '                       NAME@URL is a sandbox (atapi sandbox) named NAME, its keys NAME\'s:',
  '                       --venues sbxa@http://127.0.0.1:8555,sbxb@http://127.0.0.1:8556',
  '  --testnet            trade on the exchange\'s testnet (paper money on the real API)',
  '  --live               trade real money on the exchange (asks for a typed confirmation)',
  '  --i-understand-live  confirm --live without the prompt (unattended runs)',
  '  --sandbox-url URL    talk to a local Binance-compatible sandbox (atapi sandbox)',
  '  --seed N             seed of the simulated market (repeatable prices)',
  '  --futures            the simulated exchange\'s USD-M perpetuals too (BTC/USDT:USDT, ...)',
  '  --data-dir DIR       where the event log, snapshots and settings live',
  '  --no-persist         keep nothing on disk (in-memory ledger)',
  '  --json               machine-readable output',
  '  --no-color           no colours (also when NO_COLOR is set or output is not a terminal)',
  '  --ascii              draw with ASCII only (also when the locale or TERM is not UTF-8)',
  '  -h, --help           help for atapi or for one command',
].join('\n');

/**
 * Takes global options out of argv (before or after the command) and leaves the rest in
 * order. Handlers of top-level commands parse what is left themselves.
 */
export function extractGlobalOptions(argv: readonly string[], env: NodeJS.ProcessEnv): { options: GlobalOptions; rest: string[] } {
  const o: GlobalOptions = { exchange: 'sim', exchangeGiven: false, json: false, help: false, version: false, testnet: false, live: false, iUnderstandLive: false, noPersist: false, ascii: false, futures: false };
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i];
    const eq = raw.startsWith('--') ? raw.indexOf('=') : -1;
    const flag = eq === -1 ? raw : raw.slice(0, eq);
    if ((VALUE_FLAGS as readonly string[]).includes(flag)) {
      const value = eq === -1 ? argv[++i] : raw.slice(eq + 1);
      if (value === undefined || value === '') throw new UserError(`${flag} needs a value`);
      if (flag === '--exchange') {
        o.exchange = checkExchangeId(value.toLowerCase());
        o.exchangeGiven = true;
      }
      else if (flag === '--venues') o.venues = checkVenueIds(value.split(',').map((v) => lowerName(v.trim())));
      else if (flag === '--data-dir') o.dataDir = value;
      else if (flag === '--sandbox-url') o.sandboxUrl = value;
      else {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 0 || n > 2 ** 31) throw new UserError(`--seed needs a whole number from 0 to 2147483648 (got "${value}")`);
        o.seed = n;
      }
    } else if ((SWITCHES as readonly string[]).includes(raw)) {
      if (raw === '--json') o.json = true;
      else if (raw === '--no-color') o.color = false;
      else if (raw === '--color') o.color = true;
      else if (raw === '--help' || raw === '-h') o.help = true;
      else if (raw === '--version') o.version = true;
      else if (raw === '--testnet') o.testnet = true;
      else if (raw === '--live') o.live = true;
      else if (raw === '--i-understand-live') o.iUnderstandLive = true;
      else if (raw === '--no-persist') o.noPersist = true;
      else if (raw === '--ascii') o.ascii = true;
      else if (raw === '--futures') o.futures = true;
    } else rest.push(raw);
  }
  if (o.testnet && o.live) throw new UserError('choose one of --testnet and --live');
  if (o.venues) {
    if (o.exchangeGiven) throw new UserError('choose one of --exchange and --venues (the first of --venues is the session\'s own exchange)');
    o.exchange = parseVenueSpec(o.venues[0]).exchange;
    o.exchangeGiven = true;
  }
  if (o.futures && o.exchangeGiven && o.exchange !== 'sim' && o.exchange !== 'binanceusdm') throw new UserError(`--futures is for the simulated exchange; for Binance's USD-M perpetuals use --exchange binanceusdm (futures on ${o.exchange} are not supported yet)`);
  if (env.ATAPI_EXCHANGE && !o.venues && !argv.some((a) => a.startsWith('--exchange'))) o.exchange = checkExchangeId(env.ATAPI_EXCHANGE.toLowerCase());
  return { options: o, rest };
}

/** A venue as typed, its id (or a sandbox's NAME) in lowercase; a sandbox's URL as given. */
function lowerName(venue: string): string {
  const at = venue.indexOf('@');
  return at === -1 ? venue.toLowerCase() : `${venue.slice(0, at).toLowerCase()}${venue.slice(at)}`;
}

/** The session the global flags ask for, as the one factory takes it (app/session/open-session.ts). */
export function entryOptions(g: GlobalOptions, dataDir: string): EntryOptions {
  return { exchange: g.exchange, exchangeGiven: g.exchangeGiven, venues: g.venues, seed: g.seed, dataDir, testnet: g.testnet, live: g.live, iUnderstandLive: g.iUnderstandLive, sandboxUrl: g.sandboxUrl, noPersist: g.noPersist, futures: g.futures };
}

