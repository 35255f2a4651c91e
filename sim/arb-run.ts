import { createHash } from 'node:crypto';
import type { ArbPolicy, SingleLegPolicy } from '../source/domain/index.js';
import { SINGLE_LEG_POLICIES, UserError } from '../source/domain/index.js';
import { SETTINGS } from '../source/domain/settings.js';
import { createSession, type Session } from '../source/app/session/session.js';
import { MultiVenue } from '../source/app/session/multi-venue.js';
import type { State } from '../source/store/index.js';
import { FaultyFs } from './faulty-fs.js';
import { SimClock } from './sim-clock.js';
import { SimRandom } from './sim-random.js';
import { turn } from './sim-timers.js';
import { arbVenues, type MoodyVenue, type VenueMood } from './arb-world.js';
import { carryProblem } from './carry-invariants.js';
import { instanceImbalance } from '../source/engine/arb/arb-decide.js';

/*
 * Arbitrage under faults (issue 23): one seed, one run of a real session over two simulated
 * exchanges with one arb-cross instance, while the venues refuse or swallow orders, time
 * passes beyond the legs' limits, and the process restarts cleanly or crashes (losing what was
 * not synced). After every step: each fill counted once; the net exposure across the venues
 * within the instance's limit whenever no transaction is still within its policy time; and
 * after a restart has had its time, no transaction without an outcome.
 */

export interface ArbRunResult {
  readonly seed: number;
  readonly steps: number;
  readonly hash: string;
  readonly faults: Readonly<Record<string, number>>;
  readonly violation?: { readonly invariant: string; readonly step: number; readonly message: string };
}

const EPOCH = 1_760_000_000_000;
const DATA_DIR = '/sim-arb';
const START = { USDT: 20_000, BTC: 0.2 };
const SYMBOL = 'BTC/USDT';
const PERP = 'BTC/USDT:USDT';
/** Exposure is priced at the plan; the market may move this much further before it is checked. */
const PRICE_SLACK = 1.1;

export async function runArbSeed(seed: number, steps: number, onTrace?: (line: string) => void): Promise<ArbRunResult> {
  const root = new SimRandom(seed);
  const work = root.split();
  const diskRng = root.split();
  const clock = new SimClock(EPOCH + root.int(0, 86_400_000));
  const marketSeed = root.int(1, 2_000_000_000);
  const policy: ArbPolicy = { onSingleLeg: root.pick<SingleLegPolicy>(SINGLE_LEG_POLICIES), priceLimitPercent: root.pick([0.2, 0.5, 1]), timeLimitMs: root.pick([2_000, 5_000, 10_000]) };
  const qty = root.pick([0.005, 0.01, 0.02]);
  const limits = { maxNotional: 5_000, maxExposure: root.pick([1_500, 3_000, 6_000]), maxPerMinute: root.pick([3, 10, 30]) };
  const minEdgePercent = root.pick([0.01, 0.05, 0.1]);
  // The funding carry beside it, on sim's spot and perpetual: its thresholds low enough that it
  // trades in and out as the simulated rate wanders (0.01% per 8 h is 7.3% a year net).
  const carry = { symbol: SYMBOL, quoteSize: root.pick([300, 1_000]), minApr: root.pick([2, 5, 7]), exitApr: root.pick([0.5, 5]), policy: { ...policy, onSingleLeg: root.pick<SingleLegPolicy>(['reverse', 'proceed', 'cancel']) } };
  const hash = createHash('sha256');
  const faults: Record<string, number> = {};
  const count = (k: string): void => void (faults[k] = (faults[k] ?? 0) + 1);
  let finished = false;
  // A crashed process's promises may still run (nothing kills them here): they never trace.
  let generation = 0;
  const trace = (line: string): void => {
    if (finished) return;
    hash.update(`${line}\n`);
    onTrace?.(line);
  };
  let disk = new FaultyFs({ random: () => diskRng.next(), zeroTails: true });
  let venues: MoodyVenue[] = [];
  let session: Session | undefined;
  let step = 0;

  const open = async (): Promise<void> => {
    venues = arbVenues(marketSeed, clock.now, START);
    const gen = ++generation;
    session = await createSession({ venue: new MultiVenue(venues), dataDir: DATA_DIR, fs: disk, clock: clock.now, tickMs: 0, notifyIntervalMs: 0, onStrategyOrder: (t) => void (gen === generation && trace(`  arb ${t}`)) });
    if (!session.arbInstances().some((i) => i.status === 'running') && session.arbInstances().length === 0) {
      const i = await session.startArb({ symbol: SYMBOL, venues: ['sim', 'sim2'], qty, minEdgePercent, policy, limits });
      trace(`  started ${i.id} ${policy.onSingleLeg} ${policy.priceLimitPercent}% ${policy.timeLimitMs}ms`);
    }
    if (session.carryInstances().length === 0) {
      const c = await session.startCarry({ ...carry, exitApr: Math.min(carry.exitApr, carry.minApr / 2) });
      trace(`  started ${c.id} ${c.quoteSize} at ${c.minApr}%/${c.exitApr}% ${c.policy.onSingleLeg}`);
    }
  };
  /** Time passes for the world: both markets step, then the session's promises get their turns. */
  const pass = async (ms: number): Promise<void> => {
    clock.advance(ms);
    for (const v of venues) v.inner.tick();
    for (let t = 0; t < 30; t++) await turn();
  };
  const heal = (): void => {
    for (const v of venues) v.mood = 'ok';
  };
  /** After faults heal, time enough for every leg and policy to run out, twice over. */
  const quiesce = async (): Promise<void> => {
    heal();
    for (let t = 0; t < 12; t++) await pass(policy.timeLimitMs / 2 + 1_000);
  };
  const restart = async (crash: boolean): Promise<void> => {
    if (crash) {
      count('crash');
      disk = disk.crash();
    } else {
      count('restart');
      await session!.close();
    }
    await open();
  };

  const check = (afterRestart: boolean): ArbRunResult['violation'] => {
    const s = session!.state();
    const bad = (invariant: string, message: string): ArbRunResult['violation'] => ({ invariant, step, message });
    const once = fillsCountedOnce(s);
    if (once) return bad('every fill counted once', once);
    const inFlight = Object.values(s.ledger.arbTxs ?? {}).some((t) => !t.outcome);
    if (afterRestart && inFlight) return bad('no transaction unfinished after a restart', Object.values(s.ledger.arbTxs ?? {}).filter((t) => !t.outcome).map((t) => t.id).join(', '));
    const carried = carryProblem(s, 'sim', s.market.instruments[`sim:${PERP}`]?.lotSize ?? 1e-8, SETTINGS['carry.exitMinutes'].default * 60_000);
    if (carried) return bad('a carry\'s legs together once the policy time has passed, each funding payment counted once, no exit on the rate sooner than carry.exitMinutes after its entry', carried);
    if (!inFlight) {
      // The carry's short offsets its spot: exposure is spot across the venues plus the perpetual.
      // What a carry left unhedged by its own policy (cancel keeps the imbalance, then the carry
      // stops saying why: the carry invariant above) is the carry's, not the arb-cross
      // instance's, whose limit this checks: taken out by the carry's recorded legs.
      const held = netBase(s) + perpQty(s) - START.BTC * 2 - carryImbalance(s);
      const price = s.market.tickers[`sim:${SYMBOL}`]?.last ?? 0;
      if (Math.abs(held) * price > limits.maxExposure * PRICE_SLACK) return bad('net exposure within the limit once the policy time has passed', `${held} BTC across the venues (${(Math.abs(held) * price).toFixed(2)} USDT) above ${limits.maxExposure}`);
    }
    return undefined;
  };

  let violation: ArbRunResult['violation'];
  try {
    await open();
    for (step = 1; step <= steps && !violation; step++) {
      const roll = work.weighted({ tick: 70, mood: 12, wait: 6, restart: 5, crash: 7, hours: 3 });
      trace(`${step} ${roll}`);
      let restarted = false;
      if (roll === 'mood') {
        const v = work.pick(venues);
        v.mood = work.pick<VenueMood>(['ok', 'reject', 'silent']);
        count(`mood-${v.mood}`);
        trace(`  ${v.venue} ${v.mood}`);
      } else if (roll === 'wait') await pass(policy.timeLimitMs + 1_000);
      else if (roll === 'hours') {
        // Hours pass at once (a funding mark every 8 h): the carry's short is paid or pays.
        const hours = work.int(1, 5);
        await pass(hours * 3_600_000);
        trace(`  ${hours} h`);
      }
      else if (roll === 'restart' || roll === 'crash') {
        await restart(roll === 'crash');
        await quiesce();
        restarted = true;
      }
      await pass(work.int(200, 2_000));
      violation = check(restarted);
      trace(`${step} = ${Object.keys(session!.state().ledger.arbTxs ?? {}).length} txs ${netBase(session!.state()).toFixed(8)} BTC`);
    }
    if (!violation) {
      step = steps;
      await quiesce();
      await restart(false);
      await quiesce();
      violation = check(true);
    }
  } catch (err) {
    if (!(err instanceof UserError)) violation = { invariant: 'no internal error', step, message: (err as Error).stack ?? String(err) };
    else violation = { invariant: 'no refusal of the run itself', step, message: err.message };
  } finally {
    if (!disk.crashed) await session?.close().catch(() => undefined);
  }
  for (const t of Object.values(session?.state().ledger.arbTxs ?? {})) if (t.outcome) count(`${t.instanceId.startsWith('carry-') ? 'carry' : 'tx'}-${t.outcome.kind}`);
  for (const c of session?.carryInstances() ?? []) {
    if (c.fundingCount > 0) faults['carry-funding'] = (faults['carry-funding'] ?? 0) + c.fundingCount;
    if (c.status === 'stopped') count('carry-stopped');
  }
  const digest = hash.digest('hex');
  finished = true;
  generation++;
  return { seed, steps: violation ? violation.step : steps, hash: digest, faults, violation };
}

/** The perpetual's position on sim (signed): the carry's short. */
/** Base the carries' transactions left unbalanced (spot bought less perpetual sold, and back). */
function carryImbalance(s: State): number {
  const carries = new Set(Object.keys(s.ledger.carryInstances ?? {}));
  return instanceImbalance(Object.values(s.ledger.arbTxs ?? {}).filter((t) => carries.has(t.instanceId)));
}

function perpQty(s: State): number {
  return Object.values(s.ledger.futures.positions).filter((p) => p.venue === 'sim' && p.symbol === PERP).reduce((n, p) => n + p.qty, 0);
}

/** BTC held across both venues, free and locked. */
function netBase(s: State): number {
  let sum = 0;
  for (const v of ['sim', 'sim2']) {
    const b = s.ledger.balances[v]?.BTC;
    if (b) sum += b.free + b.locked;
  }
  return Math.round(sum * 1e8) / 1e8;
}

/**
 * Each fill once: trade ids unique per venue, an order's filled quantity the sum of its
 * fills, and the base across the venues the start plus every fill, signed.
 */
function fillsCountedOnce(s: State): string | undefined {
  const seen = new Set<string>();
  const byOrder = new Map<string, number>();
  let signed = 0;
  for (const f of s.ledger.fills) {
    const key = `${f.venue}:${f.symbol}:${f.tradeId}`;
    if (seen.has(key)) return `fill ${key} counted twice`;
    seen.add(key);
    byOrder.set(f.orderId, (byOrder.get(f.orderId) ?? 0) + f.qty);
    // A perpetual's fill moves the position, not the BTC balance.
    if (f.symbol === SYMBOL) signed += f.side === 'buy' ? f.qty : -f.qty;
  }
  for (const o of Object.values(s.ledger.orders)) {
    const filled = Math.round((byOrder.get(o.id) ?? 0) * 1e8) / 1e8;
    if (Math.abs(filled - o.filledQty) > 1e-8) return `order ${o.id} filled ${o.filledQty}, its fills say ${filled}`;
  }
  const expect = Math.round((START.BTC * 2 + signed) * 1e8) / 1e8;
  if (Math.abs(expect - netBase(s)) > 1e-8) return `BTC across the venues ${netBase(s)}, the start and the fills say ${expect}`;
  return undefined;
}
