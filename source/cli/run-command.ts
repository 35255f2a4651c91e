import { parseArgs } from 'node:util';
import { requireValues } from './parse-options.js';
import { checkExchangeId, isTimeframe, parseSymbol, TIMEFRAMES, UserError, type Timeframe, type TradingMode } from '../domain/index.js';
import { createSession } from '../app/session.js';
import { resolveCredentials } from '../adapters/keystore/keystore.js';
import { promptSecret } from './prompt-secret.js';
import { loadStrategy } from '../app/load-strategy.js';
import { startStrategy } from '../app/strategy-host.js';
import { resolveParams } from '../strategies/strategy.js';
import { BUILT_IN_STRATEGIES } from '../strategies/registry.js';
import type { CommandHandler } from './io.js';
import { strategyParams } from './strategy-params.js';

const HELP = `usage: atapi run --strategy NAME|FILE --symbol SYMBOL [--mode paper|testnet|live] [--timeframe TF] [OPTIONS]

Runs a strategy on the live feed until Ctrl-C: the same module as in backtests, its signals
turned into orders through the risk checks and the event log.

  --strategy NAME|FILE  ${BUILT_IN_STRATEGIES.map((s) => s.name).join(', ')}, or a strategy module (see docs/writing-a-strategy.md)
  --symbol SYMBOL       market (default BTC/USDT)
  --timeframe TF        candle length the strategy sees: ${TIMEFRAMES.join(' ')} (default 1m)
  --mode MODE           paper (default: the exchange's live data, fills simulated locally, no real
                        orders), testnet, or live (keys from the environment or atapi keys)
  --sandbox-url URL     a local Binance-compatible sandbox (atapi sandbox) instead of the exchange
  --flatten-on-stop     sell the position when the run stops (default: keep it)
  --i-understand-live   required with --mode live: real money
  --NAME VALUE          strategy parameters (--fast 10 --slow 30)
  --exchange ID, --seed N, --data-dir DIR (global options)

Paper mode on the simulated exchange needs no keys and no network. Long-only spot, no leverage.`;

const KNOWN = {
  strategy: { type: 'string' },
  symbol: { type: 'string' },
  timeframe: { type: 'string' },
  mode: { type: 'string' },
  'flatten-on-stop': { type: 'boolean' },
  'i-understand-live': { type: 'boolean' },
  exchange: { type: 'string' },
  'sandbox-url': { type: 'string' },
  seed: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const runCommand: CommandHandler = async (argv, io) => {
  const { values, tokens } = parseArgs({ args: [...argv], options: KNOWN, strict: false, allowPositionals: true, tokens: true });
  if (values.help) {
    io.stdout.write(`${HELP}\n`);
    return 0;
  }
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  requireValues(values, KNOWN, 'run');
  const params = strategyParams(tokens, KNOWN, 'run');
  const mode = (str(values.mode) ?? 'paper') as TradingMode;
  if (!['paper', 'testnet', 'live'].includes(mode)) throw new UserError(`bad --mode "${mode}": use paper, testnet or live`);
  const exchange = checkExchangeId((str(values.exchange) ?? 'sim').toLowerCase());
  if (mode !== 'paper' && exchange === 'sim') throw new UserError(`--mode ${mode} sends real orders and needs a real exchange (--exchange binance); the simulated exchange is paper only`);
  // Paper on a real exchange: its live market data, fills on the local matching engine.
  if (mode === 'live' && !values['i-understand-live']) throw new UserError('--mode live trades real money: add --i-understand-live to confirm');
  const def = await loadStrategy(str(values.strategy) ?? 'sma');
  const resolved = resolveParams(def, params);
  if (!resolved.ok) throw new UserError(resolved.error);
  const sym = parseSymbol(str(values.symbol) ?? 'BTC/USDT');
  if (!sym.ok) throw new UserError(sym.error);
  const tf = str(values.timeframe) ?? '1m';
  if (!isTimeframe(tf)) throw new UserError(`bad --timeframe "${tf}": use one of ${TIMEFRAMES.join(' ')}`);
  const seed = str(values.seed) === undefined ? undefined : Number(values.seed);

  const sandboxUrl = str(values['sandbox-url']);
  const credentials = mode === 'paper' ? undefined : await resolveCredentials(exchange, { env: io.env, dataDir: io.dataDir, passphrase: async () => io.env.ATAPI_PASSPHRASE ?? (await promptSecret('Keystore passphrase: ')) });
  if (mode !== 'paper' && !credentials) throw new UserError(`--mode ${mode} needs API keys: ATAPI_${exchange.toUpperCase()}_API_KEY and _SECRET, or atapi keys add ${exchange}`);
  const session = await createSession({
    exchange,
    mode,
    seed,
    dataDir: io.dataDir,
    tickMs: 250,
    ledgerName: sandboxUrl ? `${exchange}-sandbox${mode === 'paper' ? '-paper' : ''}` : undefined,
    venueConfig: { sandboxUrl, credentials, testnet: mode === 'testnet' && !sandboxUrl, live: mode === 'live', onWarning: (m: string) => io.stderr.write(`${m}\n`) },
  });
  let host;
  try {
    host = startStrategy(session, {
      strategy: def,
      params: resolved.params,
      symbol: sym.symbol,
      timeframe: tf as Timeframe,
      mode,
      onOrder: (text) => io.stdout.write(`${new Date().toISOString().slice(11, 19)} ${text}\n`),
    });
  } catch (err) {
    await session.close();
    if (err instanceof RangeError) throw new UserError(err.message);
    throw err;
  }
  const unobserve = session.store.observe((batch) => {
    for (const e of batch) {
      if (e.event.type === 'strategy/signal') io.stdout.write(`${new Date(e.ts).toISOString().slice(11, 19)} signal ${e.event.data.side}: ${e.event.data.reason}\n`);
    }
  });
  io.stderr.write(`${def.name} running on ${sym.symbol} ${tf} in ${mode.toUpperCase()} mode on ${session.label} (id ${host.id}). Ctrl-C stops it.\n`);
  // The market timers do not hold the process open; the run does, until a signal.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  clearInterval(keepAlive);
  unobserve();
  await host.stop({ flatten: values['flatten-on-stop'] === true });
  io.stderr.write(`stopped ${host.id}${values['flatten-on-stop'] ? ' (position flattened)' : ''}\n`);
  await session.close();
  return 0;
};
