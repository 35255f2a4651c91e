import { createHash } from 'node:crypto';
import type { Envelope, Fill } from '../source/domain/index.js';
import { isOpenStatus, UserError } from '../source/domain/index.js';
import type { LedgerState } from '../source/store/index.js';
import { createSession, type Session } from '../source/app/session/session.js';
import { selectEquity, selectTicker } from '../source/store/index.js';
import { FaultyFs, SimulatedCrash } from './faulty-fs.js';
import {
  acknowledgedFillsOnce, balancesMatchExchange, balancesMatchFills, fillsAddUp, filledWithinQuantity, nothingPendingAfterReconcile, notFilledAndRejected,
  ocoOneLegFills, oneExchangeOrderPerClientId, pruneKeepsMoneyFacts, sameLedger, stopTriggeredOnce, strategyWithinSize, type Check,
} from './invariants.js';
import { SimClock } from './sim-clock.js';
import { SimRandom } from './sim-random.js';
import { turn } from './sim-timers.js';
import { LogReplica } from './log-replica.js';
import { CcxtWorld, SimWorld, type VenueWorld } from './venue-worlds.js';
import { realisedOneDefinition, viewsWithinAccount, writtenOffWithinAccount } from './held-invariants.js';
import { enteredWhileProtected, flatAfterFlatten, flattenFinished, flattenToldRight, nothingOpenedWhileHalted, opensWhileHalted, protectRulesFor, type HaltData } from './halt-invariants.js';
import type { ProtectRules } from '../source/engine/protections.js';
import { bracketExitsWithinEntry } from './bracket-invariants.js';
import { TrailWatch } from './trailing-invariants.js';
import { gridWithinLevels } from './grid-invariants.js';
import { describeAction, describeAsk, nextAction, withBrackets, withDaemonFaults, withHalts, withStopsAndAmends, withPrunes, withStrategies, withTrailing, type Action, type Capabilities, type FaultKind, type OrderAsk } from './workload.js';
import { SimDaemon } from './daemon-faults.js';
import { withWriteOffs } from './write-offs.js';
import { askedCancelsEnded, goneToldRight, withFlattenCrashes, withGoneOrders } from './gone-invariants.js';
import { NotifyWorld } from './notify-world.js';

export type VenueKind = 'sim' | 'ccxt';

export interface RunOptions {
  readonly seed: number;
  readonly venue: VenueKind;
  readonly steps: number;
  /**
   * Disk faults beyond crashes: a full disk, a failed fsync, a write torn at a byte (the
   * machine dying mid-write). On by default; `--no-disk-faults` turns them off.
   */
  readonly diskFaults?: boolean;
  /** Clients of the daemon's socket that misbehave (sim/daemon-faults.ts); on by default. */
  readonly daemonFaults?: boolean;
  /**
   * Among them, events of allowed types with data that is not theirs. Off by default until the
   * store validates events before logging them (issue 19 item 1): until then one bricks the ledger.
   */
  readonly badEvents?: boolean;
  /** Sees every trace line (the run's byte-for-byte record) as it is written. */
  readonly onTrace?: (line: string) => void;
}

export interface Violation {
  readonly invariant: string;
  readonly step: number;
  readonly action: string;
  readonly message: string;
}

export interface RunResult {
  readonly seed: number;
  readonly venue: VenueKind;
  readonly diskFaults: boolean;
  readonly daemonFaults: boolean;
  readonly badEvents: boolean;
  /** Steps run (fewer than asked when a violation stopped the run). */
  readonly steps: number;
  /** sha256 of the trace: the same seed must give the same hash. */
  readonly hash: string;
  readonly faults: Readonly<Record<string, number>>;
  readonly violation?: Violation;
}

const SYMBOLS = ['BTC/USDT', 'ETH/USDT', 'LTC/USDT', 'ADA/USDT', 'TRX/USDT'];
const EPOCH = 1_750_000_000_000;
const DATA_DIR = '/sim-data';
/** Where createSession keeps the simulated venue's ledger under DATA_DIR (exchange `sim`, paper). */
const LEDGER_DIR = `${DATA_DIR}/ledgers/sim`;

/** The exact command that replays a run (the steps cut to where it failed). */
export function replayCommand(r: { seed: number; venue: VenueKind; steps: number; diskFaults?: boolean; daemonFaults?: boolean; badEvents?: boolean }): string {
  return `npm run sim -- --seed ${r.seed} --venue ${r.venue} --steps ${r.steps}${r.diskFaults === false ? ' --no-disk-faults' : ''}${r.daemonFaults === false ? ' --no-daemon-faults' : ''}${r.badEvents === false && r.daemonFaults !== false ? ' --no-daemon-bad-events' : ''}`;
}

/**
 * One seed, one run: the seed gives the clock, market, workload and faults; the real session,
 * order entry, store, log (on a simulated disk) and venue adapter run inside, and the
 * invariants are checked after every step and every restart. Stops at the first violation.
 */
export async function runSeed(o: RunOptions): Promise<RunResult> {
  return new Run(o).go();
}

class Run {
  private readonly work: SimRandom;
  private readonly faultRng: SimRandom;
  private readonly clock: SimClock;
  private readonly start: Record<string, number>;
  private readonly hash = createHash('sha256');
  private readonly counts: Record<string, number> = {};
  private readonly acknowledged = new Map<string, Fill>();
  private readonly caps: Capabilities;
  /** Turns some orders into stops, OCOs and amends (see withStopsAndAmends). */
  private readonly stopsRng: SimRandom;
  /** Draws the daemon's misbehaving clients (see withDaemonFaults). */
  private readonly daemonRng: SimRandom;
  /** The daemon's protocol core on this process's session, driven by simulated clients. */
  private daemon?: SimDaemon;
  private readonly world: VenueWorld;
  private disk: FaultyFs;
  private session?: Session;
  private generation = 0;
  private step = 0;
  private action = 'open';
  /** Steps until a full disk has room again. */
  private fullFor = 0;
  private readonly strategy: boolean;
  /** When the running process started, on its own clock. */
  private processStart = 0;
  /** Starts and stops of strategy instances (withStrategies), on a stream of their own. */
  private readonly strategyRng: SimRandom;
  /** The largest equity (USDT) any strategy order was sized against: the bound of a `%` size. */
  private maxEquity = 0;
  /** The log replayed as the disk holds it; a new process starts a new one. */
  private replica?: LogReplica;
  /** Whether the log had caught up with the state at the last settle (a full disk holds it back). */
  private durable = true;
  /** Flattens and resumes (withHalts), on a stream of their own. */
  private readonly haltRng: SimRandom;
  /** Turns some orders into brackets (see withBrackets); split last, so the other streams draw as before. */
  private readonly bracketRng: SimRandom;
  /** Turns some orders into trailing stops (see withTrailing); split after the others, so they draw as before. */
  private readonly trailRng: SimRandom;
  /** Prunes of stopped instances (withPrunes), on a stream of their own. */
  private readonly pruneRng: SimRandom;
  /** Every instance id pruned in this run: none is ever given to a new instance. */
  private readonly pruned = new Set<string>();
  /** A pruned id a new instance was given (checked with the other invariants). */
  private reusedId: string | undefined;
  /** Each trailing stop's trigger as last checked, this process (trailing-invariants.ts). */
  private readonly trails = new TrailWatch();
  /** The last halt recorded (`trading/halted`), for what a flatten recorded (cleared before each). */
  private lastHalt: HaltData | undefined;
  /** Orders recorded while halted that would open or add: each must have been refused. */
  private readonly openedWhileHalted = new Set<string>();
  /** The account rules of this run (protect.*), drawn once per seed. */
  private readonly protect: ProtectRules;
  /** Entries recorded while an account rule refused them (cooldown, open positions): each must have been refused. */
  private readonly enteredWhileProtected = new Set<string>();
  /** The daemon's notifications to services that fail and recover (notify-world.ts), on a stream of their own. */
  private readonly notify: NotifyWorld;
  /** Orders the exchange drops by itself and crashes inside a cancel (gone-invariants.ts), on a stream of their own. */
  private readonly goneRng: SimRandom;
  /** Crashes inside a flatten (gone-invariants.ts withFlattenCrashes), on a stream of their own. */
  private readonly flattenCrashRng: SimRandom;
  /** Write-offs of claims gone from the account (withWriteOffs), on a stream of their own. */
  private readonly writeOffRng: SimRandom;
  /** Whether the run has come to its end (the final restart and reconcile): the strictest checks apply. */
  private final = false;

  constructor(private readonly o: RunOptions) {
    const root = new SimRandom(o.seed);
    this.work = root.split();
    this.faultRng = root.split();
    const diskRng = root.split();
    const exchangeRng = root.split();
    this.clock = new SimClock(EPOCH + root.int(0, 86_400_000));
    const marketSeed = root.int(1, 2_000_000_000);
    this.start = { USDT: 20_000, BTC: root.int(0, 10) / 100, ETH: root.int(0, 20) / 10, LTC: root.int(0, 50), ADA: root.int(0, 5_000) };
    this.disk = new FaultyFs({ random: () => diskRng.next(), zeroTails: true });
    this.world = o.venue === 'sim' ? new SimWorld({ seed: marketSeed, clock: this.clock.now, start: this.start }) : new CcxtWorld({ seed: marketSeed, clock: this.clock.now, exchangeClock: this.clock.trueNow, rng: exchangeRng });
    // Half the runs also run a strategy (an SMA cross on 1m candles) beside the user's orders.
    this.strategy = root.split().chance(0.5);
    // Split last, so the streams above draw as they did before stops were in the workload.
    this.stopsRng = root.split();
    this.daemonRng = root.split();
    this.strategyRng = root.split();
    this.haltRng = root.split();
    this.protect = protectRulesFor(root.split());
    this.bracketRng = root.split();
    this.trailRng = root.split();
    this.pruneRng = root.split();
    this.notify = new NotifyWorld(root.split(), (line) => this.trace(line));
    this.goneRng = root.split();
    this.flattenCrashRng = root.split();
    this.writeOffRng = root.split();
    this.caps = { restarts: true, diskFaults: o.diskFaults ?? true, exchangeFaults: this.world.exchangeFaults, symbols: SYMBOLS };
  }

  async go(): Promise<RunResult> {
    let violation: Violation | undefined;
    try {
      await this.open();
      violation = await this.settle();
      violation ??= this.check(true);
      for (this.step = 1; !violation && this.step <= this.o.steps; this.step++) {
        const drawn = withStopsAndAmends(this.stopsRng, nextAction(this.work, this.session!.state(), this.session!.venue, this.caps), this.session!.state(), this.session!.venue);
        const faulted = this.o.daemonFaults === false ? drawn : withDaemonFaults(this.daemonRng, drawn, this.session!.state(), this.session!.venue, { ...this.caps, badEvents: this.o.badEvents !== false });
        const planned = this.strategy ? withStrategies(this.strategyRng, faulted, this.session!.state(), this.session!.venue) : faulted;
        const bracketed = withBrackets(this.bracketRng, withHalts(this.haltRng, planned, this.session!.state()), this.session!.state(), this.session!.venue);
        const trailed = withTrailing(this.trailRng, bracketed, this.session!.state(), this.session!.venue);
        const pruned = this.strategy ? withPrunes(this.pruneRng, trailed, this.session!.state(), this.session!.venue) : trailed;
        const flattened = withFlattenCrashes(this.flattenCrashRng, withGoneOrders(this.goneRng, pruned, this.session!.state(), this.session!.venue, this.caps), this.session!.state(), this.session!.venue);
        const action = this.strategy ? withWriteOffs(this.writeOffRng, flattened, this.session!.state(), this.session!.venue) : flattened;
        this.action = describeAction(action);
        this.trace(`${this.step} ${this.action}`);
        this.notify.step();
        violation = await this.perform(action);
        if (!violation && this.disk.crashed) {
          // A torn write killed the machine part-way through the step.
          this.trace('  machine died mid-write');
          violation = await this.crashAndRestart();
        }
        violation ??= await this.settle();
        violation ??= this.check(action.kind === 'restart' || action.kind === 'crash' || this.generationChanged(action));
        this.trace(`${this.step} = ${digest(this.session!.state().ledger)}`);
        this.lastGeneration = this.generation;
      }
      if (violation) this.step--;
      else {
        this.step = this.o.steps;
        this.action = 'final restart';
        // Quiet, restart, quiet again: the new process's reconciles then have had their time.
        violation = await this.quiesce();
        violation ??= await this.restart();
        violation ??= await this.quiesce();
        violation ??= await this.settle();
        this.final = true;
        violation ??= this.check(true);
        violation ??= await this.toldEverything();
      }
    } catch (err) {
      violation = this.violation('no internal error', `${(err as Error).stack ?? String(err)}`);
    } finally {
      if (!this.disk.crashed) await this.closeQuietly();
    }
    const faults: Record<string, number> = { ...this.counts };
    const d = this.disk.faults;
    const add = (k: string, n: number): void => void (n > 0 && (faults[k] = (faults[k] ?? 0) + n));
    add('diskFull', d.diskFull);
    add('fsyncFailed', d.syncFailed);
    add('tornWrite', d.tornWrite);
    add('lostUnsyncedBytes', d.lostBytes > 0 ? 1 : 0);
    add('zeroTail', d.zeroTail);
    for (const [k, n] of Object.entries(this.world.faults())) add(k, n);
    for (const [k, n] of Object.entries(this.notify.faults())) add(k, n);
    return { seed: this.o.seed, venue: this.o.venue, diskFaults: this.o.diskFaults ?? true, daemonFaults: this.o.daemonFaults ?? true, badEvents: this.o.badEvents !== false, steps: this.step, hash: this.hash.digest('hex'), faults, violation };
  }

  /**
   * The end of a run: faults healed, then time passes (past the exchange's arrival window, in
   * steps, so the venue's own reconciles run), so that a restart's reconcile can settle every
   * order and the strictest checks apply.
   */
  private async quiesce(): Promise<Violation | undefined> {
    this.disk.freeSpace();
    this.fullFor = 0;
    await this.world.heal();
    if (this.world.arrivalWindowMs === 0) return undefined;
    for (let t = 0; t < 4; t++) {
      this.clock.advance(this.world.arrivalWindowMs / 2);
      try {
        await this.world.step(this.clock.trueNow());
        await this.world.heal();
      } catch (err) {
        if (!(err instanceof UserError)) return this.violation('no internal error', (err as Error).stack ?? String(err));
      }
    }
    return this.settle();
  }

  private lastGeneration = 1;
  private generationChanged(_a: Action): boolean {
    return this.generation !== this.lastGeneration;
  }

  private trace(line: string): void {
    this.hash.update(`${line}\n`);
    this.o.onTrace?.(line);
  }

  private count(kind: string): void {
    this.counts[kind] = (this.counts[kind] ?? 0) + 1;
  }

  private violation(invariant: string, message: string): Violation {
    return { invariant, step: this.step, action: this.action, message };
  }

  private async open(): Promise<void> {
    this.generation++;
    this.trails.reset();
    this.processStart = this.clock.now();
    this.replica = undefined;
    const venue = this.world.open(this.generation);
    // Strategy instances the ledger has as running resume in the new process, as a trader's do.
    this.session = await createSession({ venue, dataDir: DATA_DIR, fs: this.disk, clock: this.clock.now, tickMs: 0, notifyIntervalMs: 0, limits: { protect: this.protect }, protectIntervalMs: 0, onStrategyOrder: (t) => this.trace(`  strategy ${t}`) });
    this.daemon = this.o.daemonFaults === false ? undefined : new SimDaemon(this.session);
    // The daemon's notifications start on the new session, as run-daemon starts them.
    await this.notify.open(this.session, DATA_DIR, this.clock.now);
    // Partial fills come from the market (orders that walk the book, resting orders the
    // market trades through), not from a switch: counted as they happen.
    this.session.store.observe((batch) => {
      for (const e of batch) {
        if (e.event.type === 'order/submitted' && opensWhileHalted(this.session!.state(), e.event.data.order)) this.openedWhileHalted.add(e.event.data.order.id);
        else if (e.event.type === 'order/submitted' && enteredWhileProtected(this.session!.state(), e.event.data.order, this.protect)) this.enteredWhileProtected.add(e.event.data.order.id);
        if (e.event.type === 'trading/halted') {
          this.lastHalt = e.event.data;
          if (e.event.data.rule) this.count('protectTripped');
        }
        if (e.event.type === 'order/partiallyFilled') this.count('partialFill');
        else if (e.event.type === 'strategy/signal') this.count('strategySignal');
        else if (e.event.type === 'bracket/ended') this.count(`bracket-${e.event.data.outcome}${e.event.data.outcome === 'refused' ? `:${e.event.data.reason.code}` : ''}`);
        else if (e.event.type === 'strategy/held') this.count('strategyHeld');
        else if (e.event.type === 'strategy/refused') this.count('strategyRefused');
        else if (e.event.type === 'order/submitted' && e.event.data.order.strategyId !== undefined) {
          const s = this.session!.state();
          this.maxEquity = Math.max(this.maxEquity, selectEquity(s, this.session!.venue, 'USDT'));
        }
        else if (e.event.type === 'order/triggered') this.count('stopTriggered');
        else if (e.event.type === 'runtime/trail') this.count('trailMoved');
      }
    });
    // Half the runs keep an SMA cross on ETH running: started once, resumed by every restart.
    if (this.strategy && !Object.values(this.session.state().ledger.strategies).some((x) => x.status === 'running')) await this.startStrategy('ETH/USDT', '100USDT');
    for (const r of this.session.reports) this.trace(`  report: ${r}`);
    await this.world.settle();
  }

  /**
   * `start sma SYMBOL --size SIZE`, or a grid 3% either side of the last price in 7 levels; a
   * refusal (a size over a limit, no price yet) is traced, not a fault.
   */
  private async startStrategy(symbol: string, size: string, strategy: 'sma' | 'grid' = 'sma'): Promise<void> {
    try {
      const last = selectTicker(this.session!.state(), this.session!.venue, symbol)?.last ?? 0;
      const params: Record<string, number> = strategy === 'grid' ? { lower: Math.round(last * 0.97), upper: Math.round(last * 1.03), levels: 7 } : { fast: 2, slow: 3 };
      const v = await this.session!.startStrategy({ strategy, symbol, size, params });
      this.count('strategyStart');
      this.trace(`  started ${v.id} size ${v.size}`);
      if (this.pruned.has(v.id)) this.reusedId ??= v.id;
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      this.count('strategySizeRefused');
      this.trace(`  start refused: ${err.message}`);
    }
  }

  private async closeQuietly(): Promise<void> {
    await this.close().catch(() => undefined);
  }

  /** Closes the session; the venue's loops asleep in a backoff are woken to see it. */
  private async close(): Promise<void> {
    await this.daemon?.close();
    this.daemon = undefined;
    // Before the session, as the daemon stops them.
    await this.notify.close(this.session!.state().lastSeq);
    // Settled into a result at once: a rejection must not sit unhandled while the loop turns.
    const closing = this.session!.close().then(() => undefined, (err: unknown) => err as Error);
    await turn();
    this.world.stopping();
    const err = await closing;
    if (err) throw err;
  }

  /** A clean stop and start: close, open a new session on what was left. */
  private async restart(): Promise<Violation | undefined> {
    try {
      await this.close();
    } catch (err) {
      if (!(err instanceof UserError) && !this.disk.crashed) return this.violation('no internal error', `close: ${(err as Error).stack ?? String(err)}`);
      this.trace(`  close failed: ${(err as Error).message}`);
    }
    this.count('restart');
    if (this.disk.crashed) return this.crashAndRestart();
    return this.reopen();
  }

  /** The process dies: its session is dropped unclosed, the disk keeps what a real one would. */
  private async crashAndRestart(): Promise<Violation | undefined> {
    this.count('crash');
    this.daemon = undefined;
    this.notify.kill();
    this.world.kill();
    this.disk = this.disk.crash();
    this.fullFor = 0;
    return this.reopen();
  }

  /**
   * Starts the next process. Opening on a disk that is failing may be refused with a clear
   * error (the user frees space and tries again): then the disk heals and it tries again. A
   * machine that dies while opening restarts once more.
   */
  private async reopen(): Promise<Violation | undefined> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.open();
        return undefined;
      } catch (err) {
        if (this.disk.crashed && attempt < 5) {
          this.trace('  machine died while opening');
          this.count('crash');
          this.notify.kill();
          this.world.kill();
          this.disk = this.disk.crash();
          continue;
        }
        if (err instanceof UserError && this.caps.diskFaults && attempt < 3) {
          this.trace(`  open refused: ${err.message}`);
          // Healed whole: fsync failures armed while the disk was full are still waiting.
          this.disk.heal();
          this.fullFor = 0;
          continue;
        }
        if (err instanceof UserError) return this.violation('restart opens the ledger', err.message);
        return this.violation('no internal error', `open: ${(err as Error).stack ?? String(err)}`);
      }
    }
  }

  private async perform(a: Action): Promise<Violation | undefined> {
    const s = this.session!;
    try {
      switch (a.kind) {
        case 'tick':
          this.clock.advance(a.ms);
          await this.world.step(this.clock.trueNow());
          this.healDisk();
          return undefined;
        case 'jump':
          this.count(a.ms < 0 ? 'clockJumpBack' : 'clockJumpForward');
          this.clock.jump(a.ms);
          await this.world.step(this.clock.trueNow());
          return undefined;
        case 'order':
          await this.place(a.order);
          await this.world.settle();
          return undefined;
        case 'burst':
          this.count('concurrentOrders');
          await Promise.all(a.orders.map((x) => this.place(x)));
          await this.world.settle();
          return undefined;
        case 'cancel': {
          const r = await s.cancel(a.id);
          this.trace(r.ok ? `  cancel ${a.id}: ${r.order.status}` : `  cancel ${a.id}: ${r.error}`);
          await this.world.settle();
          return undefined;
        }
        case 'oco': {
          this.count('oco');
          const r = await s.oco(a.oco);
          this.trace(r.ok ? `  oco ${r.orders.map((o) => `${o.id} ${o.status}`).join(', ')}` : `  oco refused: ${r.error}`);
          await this.world.settle();
          return undefined;
        }
        case 'bracket': {
          this.count('bracket');
          const r = await s.bracket({ ...a.order, tp: a.tp, sl: a.sl });
          this.trace(r.ok ? `  bracket entry ${r.order.id} ${r.order.status}` : `  bracket refused: ${r.error}`);
          await this.world.settle();
          return undefined;
        }
        case 'amend': {
          this.count('amend');
          const r = await s.amend(a.id, { ...(a.price !== undefined ? { price: a.price } : {}), ...(a.qty !== undefined ? { qty: a.qty } : {}) });
          this.trace(r.ok ? `  amend ${a.id}: ${r.order.id} ${r.order.status}` : `  amend ${a.id}: ${r.error}`);
          await this.world.settle();
          return undefined;
        }
        case 'restart':
          return await this.restart();
        // A strategy action takes the place of a tick (withStrategies), and heals the disk as the tick would have.
        case 'strategyStart':
          this.healDisk();
          await this.startStrategy(a.symbol, a.size, a.strategy);
          await this.world.settle();
          return undefined;
        case 'strategyStop': {
          this.healDisk();
          this.count(a.close ? 'strategyStopClose' : 'strategyStop');
          const r = await s.stopStrategy(a.id, { close: a.close });
          this.trace(`  ${r.text}`);
          await this.world.settle();
          return undefined;
        }
        case 'strategyPrune': {
          this.healDisk();
          this.count('strategyPrune');
          const before = s.state().ledger;
          const plan = await s.pruneStrategies();
          this.trace(`  pruned ${plan.ids.join(',') || '-'} kept ${plan.kept.map((k) => k.id).join(',') || '-'}`);
          for (const id of plan.ids) {
            this.pruned.add(id);
            this.count('strategyPruned');
          }
          const bad = pruneKeepsMoneyFacts(before, s.state().ledger, plan.ids);
          if (bad) return this.violation('a prune takes only stopped instances holding nothing (flat, or their position gone from the account) off the list and keeps their money facts', bad);
          return undefined;
        }
        case 'strategyWriteOff': {
          this.healDisk();
          this.count('strategyWriteOff');
          const before = s.state().ledger;
          const plan = await s.writeOffStrategies('all', 'shell');
          this.trace(`  wrote off ${plan.items.map((i) => `${i.id} ${i.qty}@${i.price}`).join(',') || '-'} kept ${plan.kept.map((k) => k.id).join(',') || '-'}`);
          plan.items.forEach(() => this.count('strategyWrittenOff'));
          const after = s.state().ledger;
          for (const i of plan.items) {
            const a = before.strategyAccounts?.[i.id];
            const b = after.strategyAccounts?.[i.id];
            // At its own entry, for no fee: its realised, fees and fill count are what its trades made.
            if (!a || !b || Math.abs(a.realizedPnl - b.realizedPnl) > 1e-7 * (1 + Math.abs(a.realizedPnl)) || a.fees !== b.fees || a.fills !== b.fills) return this.violation('a write-off moves no realised PnL, fee or fill of the instance', `${i.id}: ${JSON.stringify(a)} -> ${JSON.stringify(b)}`);
            if (Math.abs(b.qty - i.held) > 1e-9) return this.violation("a write-off leaves the instance's own position at what the account held of it", `${i.id}: own ${b.qty}, the account held ${i.held} of it`);
          }
          const bad = writtenOffWithinAccount(s.state(), plan.items.map((i) => i.id));
          if (bad) return this.violation("after a write-off the instances' claims on its market are no more than the account holds", bad);
          return undefined;
        }
        // Like a strategy action, a halt takes the place of a tick and heals the disk as it would have.
        case 'flatten': {
          this.healDisk();
          this.count('flatten');
          this.lastHalt = undefined;
          const openBefore = Object.values(s.state().ledger.orders).filter((o) => o.venue === s.venue && isOpenStatus(o.status)).map((o) => o.id);
          const r = await s.flatten({ reason: `sim step ${this.step}`, source: 'shell' });
          this.trace(`  flatten: stopped ${r.stopped.join(',') || '-'} cancelled ${r.cancelled.join(',') || '-'} closed ${r.closed.join(',') || '-'}${r.problems.map((p) => `; problem ${p.code}: ${p.text}`).join('')}`);
          const left = flatAfterFlatten(s.state(), s.venue, r);
          if (left) return this.violation('flatten leaves no strategy running and no order open', left);
          const told = flattenToldRight(s.state().ledger, r, this.lastHalt, openBefore);
          if (told) return this.violation('what flatten recorded says what it did: its cancels by the halt, its halt naming the strategies it stopped', told);
          await this.world.settle();
          return undefined;
        }
        case 'resume':
          this.healDisk();
          this.count('resume');
          await s.resume({ source: 'shell' });
          this.trace('  resumed');
          return undefined;
        case 'crash':
          return await this.crashDuring(a.turns, a.during, a.cancelling, a.flattening);
        // Like a strategy action, a drop takes the place of a tick and heals the disk as it would have.
        case 'exchangeDrop': {
          this.healDisk();
          const client = this.world.dropResting((n) => this.goneRng.int(0, n - 1));
          if (client !== undefined) this.count('exchangeDrop');
          this.trace(`  dropped ${client ?? '-'}`);
          await this.world.settle();
          return undefined;
        }
        case 'fault':
          this.inject(a.fault);
          return undefined;
        case 'reconcile':
          await this.world.heal();
          return undefined;
        case 'daemon': {
          this.count(`daemon${a.fault.kind[0].toUpperCase()}${a.fault.kind.slice(1)}`);
          const said = this.daemon!.act(a.fault);
          this.trace(`  daemon: ${said}`);
          await this.world.settle();
          for (const late of this.daemon!.settle()) this.trace(`  daemon, later: ${late}`);
          const bug = this.daemon!.internalErrors.shift();
          return bug ? this.violation('the daemon refuses a bad request as the client\'s mistake', bug) : undefined;
        }
        default: {
          const never: never = a;
          return never;
        }
      }
    } catch (err) {
      if (err instanceof UserError) {
        this.trace(`  refused: ${err.message}`);
        return undefined;
      }
      // Whatever a dying machine's calls throw is the crash, not a bug.
      if (this.disk.crashed || err instanceof SimulatedCrash) return undefined;
      return this.violation('no internal error', (err as Error).stack ?? String(err));
    }
  }

  /** Crash at an event boundary: `turns` turns of the event loop into an order, a cancel of order `cancelling` (or idle). */
  private async crashDuring(turns: number, ask: OrderAsk | undefined, cancelling?: string, flattening?: boolean): Promise<Violation | undefined> {
    if (flattening) {
      this.count('crashInFlatten');
      this.session!.flatten({ reason: `sim step ${this.step}`, source: 'shell' }).then(
        (r) => this.trace(`  (before the crash) flatten: cancelled ${r.cancelled.join(',') || '-'}`),
        () => undefined,
      );
    }
    if (cancelling !== undefined) {
      this.count('crashInCancel');
      this.session!.cancel(cancelling).then(
        (r) => this.trace(`  (before the crash) cancel ${cancelling}: ${r.ok ? r.order.status : r.error}`),
        () => undefined,
      );
    }
    if (ask) {
      // The dead process's promise settles however it settles; nobody is left to hear it.
      this.session!.order(ask).then(
        (r) => this.trace(`  (before the crash) ${r.ok ? `order ${r.order.id} ${r.order.status}` : `refused: ${r.error}`}`),
        () => undefined,
      );
    }
    for (let i = 0; i < turns; i++) await turn();
    return this.crashAndRestart();
  }

  /** Arms a fault; what actually fires is counted where it fires (the disk, the exchange). */
  private inject(fault: FaultKind): void {
    const rng = this.faultRng;
    switch (fault) {
      case 'diskFull':
        this.disk.diskFullAfter(rng.int(0, 600));
        this.fullFor = rng.int(1, 4);
        return;
      case 'fsyncFail':
        this.disk.failSyncs(1);
        return;
      case 'tornWrite':
        this.disk.tearAfter(rng.int(0, 800));
        return;
      default:
        this.world.inject(fault);
    }
  }

  private healDisk(): void {
    if (this.fullFor > 0 && --this.fullFor === 0) this.disk.freeSpace();
  }

  private async place(ask: OrderAsk): Promise<void> {
    if (ask.stopPrice !== undefined) this.count('stopOrder');
    if (ask.trailing !== undefined) this.count('trailingStop');
    const r = await this.session!.order(ask);
    if (r.ok) {
      const o = r.order;
      this.trace(`  order ${o.id} ${describeAsk(ask)}: ${o.status} ${o.filledQty}${o.reason ? ` (${o.reason})` : ''}`);
    } else {
      if (r.refusal.code === 'trading.halted') this.count('refusedWhileHalted');
      else if (r.refusal.code === 'protect.cooldown' || r.refusal.code === 'protect.max-positions') this.count(r.refusal.code === 'protect.cooldown' ? 'refusedCooldown' : 'refusedMaxPositions');
      this.trace(`  refused ${describeAsk(ask)}: ${r.error}`);
    }
  }

  /**
   * Waits until everything dispatched is durable and nothing more is moving (a strategy's
   * order may still be on its way). A fill counts as acknowledged only if it was in the state
   * when the wait began: `whenDurable` covers what was dispatched before it was called.
   */
  private async settle(): Promise<Violation | undefined> {
    this.durable = false;
    for (let round = 0; round < 8; round++) {
      const before = this.session!.state();
      try {
        await this.session!.store.whenDurable();
      } catch (err) {
        this.trace(`  not durable: ${(err as Error).message}`);
        return undefined;
      }
      if (this.disk.crashed) return undefined;
      for (const f of before.ledger.fills) this.acknowledged.set(f.tradeId, f);
      await turn();
      if (this.session!.state().ledgerSeq === before.ledgerSeq) {
        this.durable = true;
        return undefined;
      }
    }
    return undefined;
  }

  /**
   * The end of a run: every notification service up and each queue emptied, every ledger fact
   * the notifiers owed has been taken by every channel at least once.
   */
  private async toldEverything(): Promise<Violation | undefined> {
    await this.notify.drain();
    // A write torn while the queues drained killed the machine: nothing to read back (as check()).
    if (this.disk.crashed) return undefined;
    const missing = this.notify.owed(this.session!.history({}));
    return missing ? this.violation('every ledger fact with a notification is told to every channel at least once', missing) : undefined;
  }

  /** Every invariant over the ledger now; `reconciled` adds those that hold only after a reconcile. */
  private check(reconciled: boolean): Violation | undefined {
    if (this.disk.crashed) return undefined;
    const s = this.session!;
    const ledger = s.state().ledger;
    // The log as the disk holds it, replayed (incrementally: only new records are read).
    // While the disk refuses writes the state runs ahead of the log (the records wait for
    // space): the log is compared only once it has caught up. Comparing whole ledgers is the
    // costly part: every 8th step, after every restart and at the end.
    let replayed: LedgerState | undefined;
    if (this.durable) {
      try {
        this.replica ??= new LogReplica(LEDGER_DIR, this.disk);
        replayed = this.replica.catchUp();
      } catch (err) {
        return this.violation('the log can be read', (err as Error).message);
      }
    }
    const log = this.replica?.envelopes;
    const venueFills = ledger.fills.filter((f) => f.venue === s.venue);
    const complete = ledger.fills.length === ledger.fillCount;
    const checks: [string, () => Check][] = [
      ['acknowledged fills exactly once', () => acknowledgedFillsOnce(ledger, this.acknowledged)],
      ['filled <= quantity', () => filledWithinQuantity(ledger)],
      ['fills add up to filled quantity', () => fillsAddUp(ledger)],
      ['never both filled and rejected', () => notFilledAndRejected(ledger, log)],
      ['an OCO fills on one leg only', () => ocoOneLegFills(ledger)],
      ['a bracket places its exits once, as one OCO, for no more than its entry filled', () => (log ? bracketExitsWithinEntry(ledger, log) : undefined)],
      ['a grid never rests more orders than its levels', () => gridWithinLevels(ledger)],
      ['a stop is set off at most once', () => (log ? stopTriggeredOnce(log) : undefined)],
      ['a trailing stop\'s trigger only ratchets in the trader\'s favour, and it trades only once set off', () => this.trails.check(s.state())],
      ['no strategy instance holds more than its size allows', () => strategyWithinSize(s.state(), s.venue, this.maxEquity)],
      ['no strategy view shows instances holding more than the account has', () => viewsWithinAccount(s.state(), s.venue, this.clock.now())],
      ["an instance's realised PnL and fees are its fills' (net of fees, one definition)", () => realisedOneDefinition(s.state())],
      ['a pruned instance\'s id is never given to a new one', () => (this.reusedId ? `${this.reusedId} was pruned, then given to a new instance` : undefined)],
      ['while halted, no order that opens or adds is placed', () => nothingOpenedWhileHalted(ledger, this.openedWhileHalted)],
      ['no new entry is placed while a protection holds', () => nothingOpenedWhileHalted(ledger, this.enteredWhileProtected, 'while an account rule (protect.cooldownMinutes, protect.maxOpenPositions) refused it')],
      ['each channel is told the ledger in order, and a later process tells again only what was not marked delivered on disk', () => this.notify.problem()],
      ['a channel is told only events on disk: a crash never loses one it was told', () => this.notify.toldLost()],
    ];
    const gone = this.world.goneFacts();
    if (gone) checks.push(['an order the exchange dropped is recorded order.gone once, never filled, its funds released; one this run asked to cancel never is', () => goneToldRight(ledger, replayed ? log : undefined, gone, this.final)]);
    if (this.world.kind === 'sim') checks.push(['balances = start + fills - fees', () => (complete ? balancesMatchFills(ledger.balances[s.venue] ?? {}, this.start, venueFills) : undefined)]);
    const exchangeOrders = this.world.exchangeOrders();
    if (exchangeOrders) checks.push(['one exchange order per client order id', () => oneExchangeOrderPerClientId(exchangeOrders)]);
    if (this.final) {
      // The exchange's own open orders where there is one; the simulated exchange's memory is the ledger.
      const open = new Set(exchangeOrders?.flatMap((x) => (x.open && x.clientOrderId ? [x.clientOrderId] : [])) ?? []);
      const resting = exchangeOrders ? (_id: string, client: string | undefined) => client !== undefined && open.has(client) : (id: string) => ['open', 'partially_filled'].includes(ledger.orders[id]?.status ?? '');
      checks.push(['after the final restart and reconcile, no order this run asked to cancel still rests at the exchange', () => askedCancelsEnded(replayed ? log : undefined, resting)]);
      checks.push(['after the final restart and reconcile, a flatten whose halt stands has left nothing it set out to cancel resting', () => flattenFinished(replayed ? log : undefined, s.venue, resting)]);
    }
    if (replayed) {
      const logEnd = this.replica!.seq;
      const stateEnd = s.state().ledgerSeq;
      checks.push(['the log holds what was made durable', () => (logEnd === stateEnd ? undefined : `the log ends at seq ${logEnd}, the state has folded up to seq ${stateEnd}`)]);
    }
    if (replayed && (reconciled || this.step % 8 === 0)) {
      const other = replayed;
      checks.push(['the log replays to the same ledger', () => sameLedger(ledger, other)]);
    }
    if (reconciled) {
      const sentBy = this.clock.now() - this.world.arrivalWindowMs;
      const started = this.processStart;
      checks.push(['nothing pending after a reconcile', () => nothingPendingAfterReconcile(ledger, sentBy, started)]);
      const theirs = this.world.exchangeBalances();
      if (theirs) checks.push(['balances = the exchange\'s after a reconcile', () => balancesMatchExchange(ledger.balances[s.venue] ?? {}, theirs)]);
    }
    for (const [name, fn] of checks) {
      const problem = fn();
      if (problem) return this.violation(name, problem);
    }
    return undefined;
  }
}

/** A short fingerprint of the ledger for the trace: its counters, balances and newest fill. */
function digest(ledger: LedgerState): string {
  const last = ledger.fills[ledger.fills.length - 1];
  const text = JSON.stringify([ledger.orderCount, ledger.fillCount, ledger.commandCount, last?.tradeId, last?.qty, ledger.balances]);
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
