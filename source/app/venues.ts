import path from 'node:path';
import type { Clock, VenuePort } from '../engine/ports.js';
import { UserError } from '../domain/index.js';
import { SimVenue } from '../adapters/simulated/sim-venue.js';

export interface VenueChoice {
  readonly exchange: string;
  readonly seed: number;
  readonly clock: Clock;
  readonly tickMs?: number;
  readonly extraSymbols?: number;
  /** A directory the venue may keep state in between runs (the ledger's). */
  readonly stateDir?: string;
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
    });
  }
  throw new UserError(`exchange "${choice.exchange}" is not available yet: use --exchange sim`);
}
