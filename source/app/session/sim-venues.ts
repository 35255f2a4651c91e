import type { FeeModel } from '../../engine/fees.js';
import { SPOT_FEES } from '../../engine/fees.js';
import type { PriceSkew } from '../../adapters/simulated/sim-market.js';

/** `sim`, and the further simulated exchanges `sim2` ... `sim9` a session may open beside it. */
const SIM_ID = /^sim([2-9])?$/;

export function isSimExchange(id: string): boolean {
  return SIM_ID.test(id);
}

/** What makes one simulated exchange unlike another: its prices' skew, fees and latency. */
export interface SimProfile {
  readonly label: string;
  readonly skew?: PriceSkew;
  readonly fees?: FeeModel;
  readonly latencyMs: number;
}

/**
 * The profile of simulated exchange `id`, drawn from the session's seed so one seed is one set
 * of markets. `sim` is the plain simulated exchange (no skew, the spot model's fees, no
 * latency: every single-venue session is as it was). `simN` shares sim's price path with an
 * offset of up to ±0.2% and a wander of 0.15-0.35% reverting in about a minute: enough that an
 * edge beyond both fees opens now and then, as between real exchanges, and closes again.
 */
export function simProfile(id: string, seed: number): SimProfile {
  const m = SIM_ID.exec(id);
  if (!m) throw new Error(`not a simulated exchange: ${id}`);
  if (m[1] === undefined) return { label: 'SIM', latencyMs: 0 };
  const n = Number(m[1]);
  // Fixed per venue (not per seed): a trader learns that sim2 is cheaper and slower than sim.
  const taker = [0.00075, 0.0005, 0.0009, 0.0006, 0.001, 0.0004, 0.0008, 0.0007][n - 2];
  return {
    label: `SIM${n}`,
    skew: { offset: (((n * 7) % 9) - 4) * 0.0005, noise: 0.0015 + ((n * 3) % 5) * 0.0005, revertSeconds: 60, seed: (seed ^ Math.imul(n, 0x9e3779b1)) >>> 0 },
    fees: { maker: Math.min(taker, SPOT_FEES.maker) / 2, taker },
    latencyMs: 30 * n,
  };
}
