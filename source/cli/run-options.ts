import { parseArgs } from 'node:util';
import { checkExchangeId, isTimeframe, parseSymbol, TIMEFRAMES, UserError, type StrategyExits, type Timeframe } from '../domain/index.js';
import type { EntryOptions } from '../app/session/open-session.js';
import { requireValues } from './parse-options.js';
import { strategyParams } from './strategy-params.js';
import { hasExits, parseExits } from '../engine/strategy-exits.js';

/** What `atapi run` was asked to do, checked. */
export interface RunOptions {
  readonly strategy: string;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  /** Strategy parameters as given (`--fast 10`); checked against the strategy later. */
  readonly params: Readonly<Record<string, number>>;
  readonly flattenOnStop: boolean;
  readonly once: boolean;
  /** `100USDT`, `5%` or `0.01BTC`; absent: the default small size. */
  readonly size?: string;
  /** `--stop-loss 3%`, `--take-profit 6%`, `--trailing 2%`: the instance's own exits (engine/strategy-exits.ts). */
  readonly exits: StrategyExits;
  readonly json: boolean;
  /** The session's flags, as the one factory takes them (data dir filled in by the caller). */
  readonly entry: Omit<EntryOptions, 'dataDir'>;
}

/**
 * The session's flags a top command that opens a session takes (cli.ts passes the global ones
 * on to it): one table and one reading of them (`entryFromValues`) for `run` and `mcp`.
 */
export const ENTRY_OPTIONS = {
  live: { type: 'boolean' },
  testnet: { type: 'boolean' },
  'no-persist': { type: 'boolean' },
  'i-understand-live': { type: 'boolean' },
  exchange: { type: 'string' },
  'sandbox-url': { type: 'string' },
  seed: { type: 'string' },
  futures: { type: 'boolean' },
} as const;

/** The session's flags as parsed (ENTRY_OPTIONS), checked; `mode` is `run`'s synonym (see modeFlags). */
export function entryFromValues(values: Readonly<Record<string, string | boolean | undefined>>, mode?: string): Omit<EntryOptions, 'dataDir'> {
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const { live, testnet } = modeFlags(mode, values.live === true, values.testnet === true);
  const rawSeed = str(values.seed);
  const seed = rawSeed === undefined ? undefined : Number(rawSeed);
  if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0 && seed <= 2 ** 31)) throw new UserError(`--seed needs a whole number from 0 to 2147483648 (got "${rawSeed}")`);
  return {
    exchange: checkExchangeId((str(values.exchange) ?? 'sim').toLowerCase()),
    seed,
    live,
    testnet,
    iUnderstandLive: values['i-understand-live'] === true,
    sandboxUrl: str(values['sandbox-url']),
    noPersist: values['no-persist'] === true,
    futures: values.futures === true,
  };
}

export const RUN_OPTIONS = {
  strategy: { type: 'string' },
  symbol: { type: 'string' },
  timeframe: { type: 'string' },
  mode: { type: 'string' },
  once: { type: 'boolean' },
  size: { type: 'string' },
  'stop-loss': { type: 'string' },
  'take-profit': { type: 'string' },
  trailing: { type: 'string' },
  'flatten-on-stop': { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  ...ENTRY_OPTIONS,
} as const;

const MODES = ['paper', 'testnet', 'live'] as const;

/**
 * `--mode` is a synonym of the global flags: `--mode live` is `--live`, `--mode testnet` is
 * `--testnet`, `--mode paper` is neither. Given both, they must agree: a contradiction is
 * refused, never settled by picking one (least of all the paper one).
 */
export function modeFlags(mode: string | undefined, live: boolean, testnet: boolean): { live: boolean; testnet: boolean } {
  if (live && testnet) throw new UserError('choose one of --testnet and --live');
  if (mode === undefined) return { live, testnet };
  if (!(MODES as readonly string[]).includes(mode)) throw new UserError(`bad --mode "${mode}": use paper, testnet or live`);
  const flag = live ? 'live' : testnet ? 'testnet' : undefined;
  if (flag && flag !== mode) throw new UserError(`--mode ${mode} contradicts --${flag}: give one of them`);
  return { live: mode === 'live', testnet: mode === 'testnet' };
}

export function parseRunArgs(argv: readonly string[]): RunOptions | 'help' {
  const { values, tokens } = parseArgs({ args: [...argv], options: RUN_OPTIONS, strict: false, allowPositionals: true, tokens: true });
  if (values.help) return 'help';
  requireValues(values, RUN_OPTIONS, 'run');
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const params = strategyParams(tokens, RUN_OPTIONS, 'run');
  const entry = entryFromValues(values, str(values.mode));
  const sym = parseSymbol(str(values.symbol) ?? 'BTC/USDT');
  if (!sym.ok) throw new UserError(sym.error);
  const tf = str(values.timeframe) ?? '1m';
  if (!isTimeframe(tf)) throw new UserError(`bad --timeframe "${tf}": use one of ${TIMEFRAMES.join(' ')}`);
  const exits = parseExits({ stopLoss: str(values['stop-loss']), takeProfit: str(values['take-profit']), trailing: str(values.trailing) });
  // One evaluation has no position to watch between runs: the exits need the continuous run.
  if (values.once === true && hasExits(exits)) throw new UserError('--stop-loss, --take-profit and --trailing watch every close: use them without --once');
  return {
    strategy: str(values.strategy) ?? 'sma',
    symbol: sym.symbol,
    timeframe: tf,
    params,
    flattenOnStop: values['flatten-on-stop'] === true,
    once: values.once === true,
    size: str(values.size),
    exits,
    json: values.json === true,
    entry,
  };
}
