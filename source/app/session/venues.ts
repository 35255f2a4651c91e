import { UserError, type VenueSpec } from '../../domain/index.js';
import type { CcxtFuturesExchange } from '../../adapters/ccxt/ccxt-futures-client.js';
import type { Clock, VenuePort } from '../../engine/ports.js';
import { SimVenue } from '../../adapters/simulated/sim-venue.js';
import { simPricesFile, simVenueFile } from '../../adapters/simulated/sim-state.js';
import { MultiVenue } from './multi-venue.js';
import { isSimExchange, simProfile } from './sim-venues.js';

export interface VenueChoice {
  readonly exchange: string;
  readonly seed: number;
  readonly clock: Clock;
  readonly tickMs?: number;
  readonly extraSymbols?: number;
  /** A directory the venue may keep state in between runs (the ledger's). */
  readonly stateDir?: string;
  readonly testnet?: boolean;
  readonly live?: boolean;
  /** A local Binance-compatible server (atapi sandbox) instead of the real one. */
  readonly sandboxUrl?: string;
  readonly credentials?: Credentials;
  /** Keys by venue id, for a session of several keyed venues (each sandbox, or each exchange under --testnet/--live). */
  readonly keys?: Readonly<Record<string, Credentials>>;
  /** The venue's id and name when they are not the exchange's (a named sandbox `NAME@URL`). */
  readonly venueId?: string;
  readonly venueLabel?: string;
  readonly symbols?: readonly string[];
  readonly onWarning?: (message: string) => void;
  readonly timeoutMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Backoff jitter in [0, 1); Math.random unless a simulation injects its own. */
  readonly random?: () => number;
  /** The simulated exchange's USD-M perpetuals beside spot (`--futures`). */
  readonly perpetuals?: boolean;
  /** The simulated exchange's 1m history is delivered by `warmUp` (the app calls it after its first frame). */
  readonly historyLater?: boolean;
}

export interface Credentials {
  readonly apiKey: string;
  readonly secret: string;
}

/** ccxt's Binance USD-M perpetuals: atapi's futures venue. */
export const USDM_EXCHANGE = 'binanceusdm';

/**
 * Refuses an exchange atapi cannot use before anything (a ledger directory) is made for it,
 * and a combination it cannot trade safely: futures on paper (there is no paper futures
 * account on a real market yet, and they must never go to the exchange instead).
 */
export async function checkVenueExchange(exchange: string, config: Partial<Pick<VenueChoice, 'testnet' | 'live' | 'sandboxUrl' | 'credentials'>> = {}): Promise<void> {
  if (isSimExchange(exchange)) return;
  const { ccxtExchangeClass } = await import('../../adapters/ccxt/ccxt-client.js');
  await ccxtExchangeClass(exchange);
  if (exchange === USDM_EXCHANGE && isPaper(config)) {
    throw new UserError(`${USDM_EXCHANGE} has no paper mode yet: use --testnet (Binance's demo trading keys), --live, or --sandbox URL with keys; or paper-trade perpetuals on the simulated exchange (--exchange sim --futures)`);
  }
}

/** Paper unless told otherwise: neither --testnet nor --live, nor a sandbox with keys. */
function isPaper(c: Partial<Pick<VenueChoice, 'testnet' | 'live' | 'sandboxUrl' | 'credentials'>>): boolean {
  return !c.testnet && !c.live && !(c.sandboxUrl && c.credentials);
}

/**
 * The venues of `--venues A,B,...` as one port (the first is the session's own), or the one
 * venue of `--exchange`. Every simulated one shares the seed, so their prices follow one path.
 */
export async function createVenues(specs: readonly VenueSpec[], choice: VenueChoice): Promise<VenuePort> {
  if (specs.length <= 1) return createVenue(specs[0] ? memberChoice(specs[0], choice) : choice);
  const members: VenuePort[] = [];
  try {
    for (const [i, spec] of specs.entries()) {
      // The first keeps the market's path between runs; the others follow it, each keeping its own candles beside it.
      members.push(await createVenue({ ...memberChoice(spec, choice), ...(i > 0 ? { stateDir: undefined, perpetuals: false } : {}), pricesDir: choice.stateDir }));
    }
  } catch (err) {
    // Nothing was started yet, but a ccxt client holds sockets until closed.
    await Promise.all(members.map((m) => m.stop().catch(() => undefined)));
    throw err;
  }
  return new MultiVenue(members);
}

/**
 * What one venue of a session is made with: its own exchange, and its own keys. A named
 * sandbox is never paper: without its keys it is refused, not downgraded to local fills.
 */
function memberChoice(spec: VenueSpec, choice: VenueChoice): VenueChoice {
  if (spec.sandboxUrl === undefined) return { ...choice, exchange: spec.exchange, credentials: choice.keys?.[spec.id] ?? choice.credentials };
  const credentials = choice.keys?.[spec.id];
  if (!credentials) throw new UserError(`venue ${spec.id} (the sandbox at ${spec.sandboxUrl}) needs its keys: ATAPI_${spec.id.toUpperCase()}_API_KEY and ATAPI_${spec.id.toUpperCase()}_SECRET, or atapi keys add ${spec.id}`);
  return { ...choice, exchange: spec.exchange, sandboxUrl: spec.sandboxUrl, credentials, venueId: spec.id, venueLabel: `${spec.id.toUpperCase()} SANDBOX` };
}

/** Builds the venue for `--exchange`; real exchanges load ccxt lazily so `sim` never pays for it. */
export async function createVenue(choice: VenueChoice & { readonly pricesDir?: string }): Promise<VenuePort> {
  if (isSimExchange(choice.exchange)) {
    const profile = simProfile(choice.exchange, choice.seed);
    const pricesDir = choice.stateDir ?? choice.pricesDir;
    return new SimVenue({
      venue: choice.exchange,
      label: profile.label,
      seed: choice.seed,
      clock: choice.clock,
      tickMs: choice.tickMs,
      extraSymbols: choice.extraSymbols,
      stateFile: choice.stateDir ? simPricesFile(choice.stateDir) : choice.pricesDir ? simVenueFile(choice.pricesDir, choice.exchange) : undefined,
      resumeFile: pricesDir ? simPricesFile(pricesDir) : undefined,
      perpetuals: choice.perpetuals === true,
      skew: profile.skew,
      fees: profile.fees,
      latencyMs: profile.latencyMs,
      historyLater: choice.historyLater,
    });
  }
  // Paper unless told otherwise: with neither --testnet nor --live (nor a sandbox with keys),
  // the exchange gives market data only and orders fill locally.
  const paper = isPaper(choice);
  if (choice.exchange === USDM_EXCHANGE) return createUsdmVenue(choice, paper);
  const { createCcxtExchange } = await import('../../adapters/ccxt/ccxt-client.js');
  const { CcxtVenue } = await import('../../adapters/ccxt/ccxt-venue.js');
  const credentials = paper ? undefined : choice.credentials;
  const exchange = await createCcxtExchange({ exchange: choice.exchange, testnet: choice.testnet, sandboxUrl: choice.sandboxUrl, apiKey: credentials?.apiKey, secret: credentials?.secret, timeoutMs: choice.timeoutMs });
  const where = choice.sandboxUrl ? 'SANDBOX' : choice.testnet ? 'TESTNET' : choice.live ? 'LIVE' : '';
  const venue = new CcxtVenue({
    exchange,
    venue: choice.venueId ?? (choice.sandboxUrl ? `${choice.exchange}-sandbox` : choice.testnet ? `${choice.exchange}-testnet` : choice.exchange),
    label: choice.venueLabel ?? `${choice.exchange.toUpperCase()}${where ? ` ${where}` : ''}`,
    clock: choice.clock,
    trading: credentials !== undefined,
    symbols: choice.symbols,
    onWarning: choice.onWarning,
    sleep: choice.sleep,
    random: choice.random ?? Math.random,
  });
  if (!paper) return venue;
  const { PaperVenue } = await import('../../adapters/simulated/paper-venue.js');
  return new PaperVenue(venue, { clock: choice.clock });
}

/**
 * binanceusdm: perpetuals through ccxt, on the sandbox, Binance's demo trading (`--testnet`:
 * ccxt no longer serves the futures testnet) or live. Never paper: refused, not downgraded.
 */
async function createUsdmVenue(choice: VenueChoice, paper: boolean): Promise<VenuePort> {
  await checkVenueExchange(choice.exchange, choice);
  if (paper || !choice.credentials) throw new UserError(`${USDM_EXCHANGE} needs API keys: set them for ${USDM_EXCHANGE} (atapi keys) before trading futures`);
  const { createCcxtExchange } = await import('../../adapters/ccxt/ccxt-client.js');
  const { CcxtUsdmVenue } = await import('../../adapters/ccxt/ccxt-usdm-venue.js');
  const { credentials } = choice;
  const exchange = (await createCcxtExchange({ exchange: choice.exchange, sandboxUrl: choice.sandboxUrl, apiKey: credentials.apiKey, secret: credentials.secret, timeoutMs: choice.timeoutMs })) as CcxtFuturesExchange;
  if (choice.testnet && !choice.sandboxUrl) (exchange as unknown as { enableDemoTrading(on: boolean): void }).enableDemoTrading(true);
  const where = choice.sandboxUrl ? 'SANDBOX' : choice.testnet ? 'DEMO' : 'LIVE';
  return new CcxtUsdmVenue({
    exchange,
    venue: choice.sandboxUrl ? `${choice.exchange}-sandbox` : choice.testnet ? `${choice.exchange}-testnet` : choice.exchange,
    label: `${choice.exchange.toUpperCase()} ${where}`,
    clock: choice.clock,
    trading: true,
    symbols: choice.symbols,
    onWarning: choice.onWarning,
    sleep: choice.sleep,
    random: choice.random ?? Math.random,
  });
}
