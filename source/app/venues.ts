import path from 'node:path';
import type { Clock, VenuePort } from '../engine/ports.js';
import { SimVenue } from '../adapters/simulated/sim-venue.js';

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
  readonly credentials?: { readonly apiKey: string; readonly secret: string };
  readonly symbols?: readonly string[];
  readonly onWarning?: (message: string) => void;
  readonly timeoutMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Backoff jitter in [0, 1); Math.random unless a simulation injects its own. */
  readonly random?: () => number;
  /** The simulated exchange's USD-M perpetuals beside spot (`--futures`). */
  readonly perpetuals?: boolean;
}

/** Refuses an exchange atapi cannot use before anything (a ledger directory) is made for it. */
export async function checkVenueExchange(exchange: string): Promise<void> {
  if (exchange === 'sim') return;
  const { ccxtExchangeClass } = await import('../adapters/ccxt/ccxt-client.js');
  await ccxtExchangeClass(exchange);
}

/** Builds the venue for `--exchange`; real exchanges load ccxt lazily so `sim` never pays for it. */
export async function createVenue(choice: VenueChoice): Promise<VenuePort> {
  if (choice.exchange === 'sim') {
    return new SimVenue({
      seed: choice.seed,
      clock: choice.clock,
      tickMs: choice.tickMs,
      extraSymbols: choice.extraSymbols,
      stateFile: choice.stateDir ? path.join(choice.stateDir, 'sim-market.json') : undefined,
      perpetuals: choice.perpetuals === true,
    });
  }
  // Paper unless told otherwise: with neither --testnet nor --live (nor a sandbox with keys),
  // the exchange gives market data only and orders fill locally.
  const paper = !choice.testnet && !choice.live && !(choice.sandboxUrl && choice.credentials);
  const { createCcxtExchange } = await import('../adapters/ccxt/ccxt-client.js');
  const { CcxtVenue } = await import('../adapters/ccxt/ccxt-venue.js');
  const credentials = paper ? undefined : choice.credentials;
  const exchange = await createCcxtExchange({ exchange: choice.exchange, testnet: choice.testnet, sandboxUrl: choice.sandboxUrl, apiKey: credentials?.apiKey, secret: credentials?.secret, timeoutMs: choice.timeoutMs });
  const where = choice.sandboxUrl ? 'SANDBOX' : choice.testnet ? 'TESTNET' : choice.live ? 'LIVE' : '';
  const venue = new CcxtVenue({
    exchange,
    venue: choice.sandboxUrl ? `${choice.exchange}-sandbox` : choice.testnet ? `${choice.exchange}-testnet` : choice.exchange,
    label: `${choice.exchange.toUpperCase()}${where ? ` ${where}` : ''}`,
    clock: choice.clock,
    trading: credentials !== undefined,
    symbols: choice.symbols,
    onWarning: choice.onWarning,
    sleep: choice.sleep,
    random: choice.random ?? Math.random,
  });
  if (!paper) return venue;
  const { PaperVenue } = await import('../adapters/simulated/paper-venue.js');
  return new PaperVenue(venue, { clock: choice.clock });
}
