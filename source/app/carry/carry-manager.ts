import type { ArbPolicy, CarryInstance } from '../../domain/index.js';
import { carryOpen, floorToStep, NO_CARRY_TRADES, parseSymbol, perpetualSymbol, UserError } from '../../domain/index.js';
import type { SettingValues } from '../../domain/settings.js';
import { accountOf } from '../../engine/futures-account.js';
import { FUNDING_INTERVAL_MS } from '../../engine/funding.js';
import { carryDecision, defaultExitApr, deRiskMove, netCarryApr, type CarryWatch, type DeRisk, type PerpRisk } from '../../engine/carry/carry-math.js';
import { selectAccountView, selectBalance, selectHalt, selectInstrument, selectMark, selectOpenOrderMargin, selectSymbolSettings, type State } from '../../store/index.js';
import { arbRules } from '../arb/arb-settings.js';
import { finishTx, runTx, type TxContext } from '../arb/arb-transaction.js';
import { carryFees, carryQuotes, carryTx } from './carry-plan.js';

/** `start carry BTC/USDT --size 1000USDT --min-apr 10% [--exit-apr 5%]` as typed, checked by `start`. */
export interface CarrySpec {
  readonly symbol: string;
  /** Quote notional of the entry (both legs this much). */
  readonly quoteSize: number;
  readonly minApr: number;
  /** Absent: half of `minApr`. */
  readonly exitApr?: number;
  readonly policy: ArbPolicy;
}

export interface CarryManagerContext extends TxContext {
  /** The venue with spot and perpetuals (the session's first). */
  readonly venue: string;
  /** Moves quote from spot to the futures wallet, where the venue can (a de-risk adds margin so). */
  readonly transferToFutures?: (amount: number) => Promise<void>;
  readonly settings: () => SettingValues;
  readonly onNote?: (text: string) => void;
}

const INTERVAL_HOURS = FUNDING_INTERVAL_MS / 3_600_000;
/** How many exits a stop tries before it says what is still open. */
const STOP_EXIT_ATTEMPTS = 3;

/**
 * Funding carries of a session: each holds spot long and the same quantity of the perpetual
 * short while the funding rate, net of both legs' fees over its holding period, pays above its
 * entry threshold, and closes both below its exit threshold, on stop, or in part when the
 * short's margin ratio reaches the de-risk ratio. Every entry, exit and reduction is an
 * arbitrage transaction (app/arb/arb-transaction.ts): durable plan, one order path, the
 * single-leg policy, finished after a restart.
 */
export function createCarryManager(ctx: CarryManagerContext) {
  const { store, clock } = ctx;
  const live = new Map<string, () => void>();
  const busy = new Set<string>();
  const running = new Set<Promise<unknown>>();
  const said = new Map<string, string>();
  // Since when each carry's exit condition has held (carryDecision): memory only, so a restart
  // starts the wait again, the side that does not trade.
  const watches = new Map<string, CarryWatch>();
  let seq = 0;
  const track = <T>(p: Promise<T>): Promise<T> => {
    running.add(p);
    void p.finally(() => running.delete(p)).catch(() => undefined);
    return p;
  };
  const carry = (id: string): CarryInstance | undefined => store.getState().ledger.carryInstances?.[id];
  const unsettled = (id: string) => Object.values(store.getState().ledger.arbTxs ?? {}).find((t) => t.instanceId === id && !t.outcome);
  // A reason not to trade, told once until it changes (a stale book must not flood the log).
  const tell = (id: string, text: string): void => {
    if (said.get(id) === text) return;
    said.set(id, text);
    ctx.onNote?.(`${id}: ${text}`);
  };

  /** Runs one transaction of `c` for `qty`, one at a time per carry. */
  const trade = async (c: CarryInstance, way: 'enter' | 'exit', qty: number, why: string): Promise<boolean> => {
    const state = store.getState();
    const q = carryQuotes(state, c);
    if (!q) return false;
    const plan = carryTx(`${c.id}-${way}-${clock().toString(36)}-${++seq}`, c, way, qty, q, clock(), arbRules(ctx.settings()));
    if (!plan.ok) {
      tell(c.id, `${way} waits: ${plan.why}`);
      return false;
    }
    const o = await runTx(ctx, plan.tx);
    if (o) ctx.onNote?.(`${c.id}: ${way} ${qty} (${why}): ${o.kind}${o.kind === 'both' ? '' : ` (${o.text})`}`);
    // A carry is only a carry hedged: legs left apart (the policy ran out, or was cancel) stop it, said why.
    const left = carryOpen(carry(c.id)!.trades);
    if (o && Math.abs(left.spot - left.perp) >= lotOf(c)) await stopped(c.id, `its legs differ after ${way} (${o.kind}): spot ${left.spot}, perpetual short ${left.perp}; ${o.text}`);
    return o !== undefined;
  };

  const stopped = async (id: string, reason: string): Promise<void> => {
    live.get(id)?.();
    live.delete(id);
    watches.delete(id);
    if (carry(id)?.status !== 'running') return;
    store.dispatch({ type: 'carry/stopped', data: { id, reason, ts: clock() } });
    ctx.onNote?.(`${id} stopped: ${reason}`);
    await store.whenDurable();
  };

  const consider = (c: CarryInstance): void => {
    if (busy.has(c.id) || !live.has(c.id) || selectHalt(store.getState())) return;
    const tx = unsettled(c.id);
    if (tx) return run(c.id, () => finishTx(ctx, tx.id).then(() => undefined));
    const now = carry(c.id)!;
    const state = store.getState();
    const mark = selectMark(state, now.venue, now.perp);
    if (!mark) return;
    const open = carryOpen(now.trades);
    const lot = lotOf(now);
    const held = Math.min(open.spot, open.perp);
    if (held >= lot) {
      const risk = perpRisk(state, now);
      const quote = selectInstrument(state, now.venue, now.symbol)?.quote ?? 'USDT';
      const d = deRiskMove(risk, now.deriskRatio, selectBalance(state, now.venue, quote).free, ctx.transferToFutures !== undefined);
      if (d.kind !== 'none') return run(c.id, () => deRisk(now, d, risk, held, lot));
    }
    const apr = netCarryApr(mark.fundingRate, INTERVAL_HOURS, carryFees(state, now), now.holdDays);
    const minutes = ctx.settings()['carry.exitMinutes'];
    const { move, watch } = carryDecision(held >= lot, apr, now, watches.get(c.id) ?? {}, clock(), minutes * 60_000);
    watches.set(c.id, watch);
    if (watch.belowSince !== undefined) tell(c.id, `exit waits: net APR below its exit ${now.exitApr}% since ${hhmm(watch.belowSince)} UTC; it exits if it stays below for ${minutes} min (carry.exitMinutes)`);
    const why = `net APR ${apr.toFixed(2)}%`;
    if (move === 'exit') return run(c.id, () => trade(now, 'exit', held, why).then(() => undefined));
    if (move !== 'enter') return;
    const q = carryQuotes(state, now);
    const qty = q ? floorToStep(now.quoteSize / q.spot.asks[0][0], lot) : 0;
    if (qty >= lot) run(c.id, () => trade(now, 'enter', qty, why).then(() => undefined));
  };

  const lotOf = (c: CarryInstance): number => selectInstrument(store.getState(), c.venue, c.perp)?.lotSize ?? 1e-8;

  /**
   * Brings the short's margin ratio back down: margin moved over from the spot quote balance
   * when the venue can and spot holds it, else (or when the transfer is refused) both legs
   * reduced alike by one exit transaction. Each is recorded with the ratio that caused it.
   */
  const deRisk = async (c: CarryInstance, d: Exclude<DeRisk, { kind: 'none' }>, risk: PerpRisk, held: number, lot: number): Promise<void> => {
    const why = `de-risk: margin ratio ${risk.marginRatio.toFixed(3)} at ${c.deriskRatio}`;
    let reduce = d;
    if (d.kind === 'add-margin' && ctx.transferToFutures) {
      const amount = Math.ceil(d.amount * 100) / 100;
      try {
        await ctx.transferToFutures(amount);
        store.dispatch({ type: 'carry/derisked', data: { id: c.id, action: 'add-margin', amount, marginRatio: risk.marginRatio, ts: clock() } });
        ctx.onNote?.(`${c.id}: ${why}: added ${amount} of margin from spot`);
        return void (await store.whenDurable());
      } catch (err) {
        ctx.onNote?.(`${c.id}: ${why}: the transfer of ${amount} was refused (${(err as Error).message}); reducing both legs instead`);
        const r = deRiskMove(risk, c.deriskRatio, 0, false);
        if (r.kind !== 'none') reduce = r;
      }
    }
    const fraction = reduce.kind === 'reduce' ? reduce.fraction : 1;
    const qty = Math.min(held, Math.max(lot, floorToStep(held * fraction, lot)));
    store.dispatch({ type: 'carry/derisked', data: { id: c.id, action: 'reduce', amount: qty, marginRatio: risk.marginRatio, ts: clock() } });
    await store.whenDurable();
    await trade(c, 'exit', qty, why);
  };

  /**
   * The funding its short received since it last looked: its share of each payment on the
   * position, once per mark. Booked on every batch, even with a transaction in flight: its
   * trades are then still those before it, which is what the payment was made on.
   */
  const bookFunding = (c: CarryInstance): void => {
    const perp = carryOpen(c.trades).perp;
    if (perp <= 0) return;
    const since = Math.max(c.lastFundingTime, c.openedAt);
    const paid = store.getState().ledger.futures.funding.filter((p) => p.venue === c.venue && p.symbol === c.perp && p.fundingTime > since).sort((a, b) => a.fundingTime - b.fundingTime);
    for (const p of paid) {
      // The trader may hold more of the perpetual than the carry does: the carry's share only.
      const share = p.qty === 0 ? 0 : Math.min(1, perp / Math.abs(p.qty));
      store.dispatch({ type: 'carry/funding', data: { id: c.id, fundingTime: p.fundingTime, rate: p.rate, qty: -perp, amount: p.amount * share, ts: clock() } });
    }
  };

  const run = (id: string, work: () => Promise<unknown>): void => {
    busy.add(id);
    // Tracked whole, so `idle()` returning means the carry is no longer busy.
    void track(
      Promise.resolve()
        .then(work)
        .catch((err: unknown) => stopped(id, `transaction failed: ${(err as Error).message}`))
        .catch((err: unknown) => ctx.onNote?.(`${id}: ${(err as Error).message}`))
        .finally(() => busy.delete(id)),
    );
  };

  const scheduled = new Set<string>();
  const watch = (c: CarryInstance): void => {
    if (live.has(c.id)) return;
    const off = store.observe(() => {
      if (scheduled.has(c.id)) return;
      scheduled.add(c.id);
      // Once per turn of the event loop: spot and perpetual books that moved together are read together.
      queueMicrotask(() => {
        scheduled.delete(c.id);
        const now = carry(c.id);
        if (now?.status !== 'running') return;
        bookFunding(now);
        consider(carry(c.id)!);
      });
    });
    live.set(c.id, off);
  };

  return {
    async start(spec: CarrySpec): Promise<CarryInstance> {
      const instance = checkSpec(spec, ctx, store.getState(), clock(), Object.keys(store.getState().ledger.carryInstances ?? {}).length + 1);
      store.dispatch({ type: 'carry/started', data: { instance } });
      await store.whenDurable();
      watch(instance);
      return instance;
    },
    /** Closes both legs (a transaction), then stops it; a leg left open is said in the reason. */
    async stop(id: string, reason = 'stopped by the trader'): Promise<void> {
      const c = carry(id);
      if (!c) throw new UserError(`no carry ${id.slice(0, 60)}`);
      live.get(id)?.();
      live.delete(id);
      while (running.size > 0) await Promise.allSettled([...running]);
      const tx = unsettled(id);
      if (tx) await finishTx(ctx, tx.id);
      const wasRunning = carry(id)!.status === 'running';
      let traded = false;
      // A book that moved past an IOC leg's limit leaves both legs (the policy evens them): tried
      // again on the book as it is then, a few times, before the stop says what is still open.
      // A carry already stopped with both legs open (so) closes them on a second stop.
      for (let attempt = 0; attempt < STOP_EXIT_ATTEMPTS; attempt++) {
        const c = carry(id)!;
        const open = carryOpen(c.trades);
        const qty = Math.min(open.spot, open.perp);
        if (qty < lotOf(c) || Math.abs(open.spot - open.perp) >= lotOf(c) || (wasRunning && c.status !== 'running')) break;
        if (!(await trade(c, 'exit', qty, reason))) break;
        traded = true;
      }
      const left = carryOpen(carry(id)!.trades);
      const why = left.spot > 0 || left.perp > 0 ? `${reason}; still open: spot ${left.spot}, perpetual short ${left.perp}` : reason;
      // Recorded unless the exit itself stopped it (legs apart: its reason says so already).
      if (carry(id)!.status === 'running' || (!wasRunning && traded)) {
        store.dispatch({ type: 'carry/stopped', data: { id, reason: why, ts: clock() } });
        await store.whenDurable();
      }
    },
    /** Finishes what a crash left unfinished, then resumes running carries. */
    async resume(): Promise<void> {
      for (const c of Object.values(store.getState().ledger.carryInstances ?? {})) {
        const tx = unsettled(c.id);
        if (tx) run(c.id, () => finishTx(ctx, tx.id, ['finished after a restart']));
        if (c.status === 'running') watch(c);
      }
    },
    async idle(): Promise<void> {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    detachAll(): void {
      for (const off of live.values()) off();
      live.clear();
    },
  };
}

export type CarryManager = ReturnType<typeof createCarryManager>;

const hhmm = (t: number): string => new Date(t).toISOString().slice(11, 16);

/**
 * The short's risk as the de-risk rule reads it: the cross account's margin ratio (a carry's
 * short is cross: reducing an isolated one releases its margin in the same share, which leaves
 * its ratio where it was).
 */
export function perpRisk(state: State, c: Pick<CarryInstance, 'venue'>): PerpRisk {
  const a = accountOf(selectAccountView(state, c.venue), selectOpenOrderMargin(state, c.venue));
  const balance = a.marginRatio > 0 && Number.isFinite(a.marginRatio) ? a.maintenanceMargin / a.marginRatio : a.marginRatio === Infinity ? 0 : a.marginBalance;
  return { marginRatio: a.marginRatio, maintenance: a.maintenanceMargin, marginBalance: balance };
}

function checkSpec(spec: CarrySpec, ctx: CarryManagerContext, state: State, now: number, n: number): CarryInstance {
  const p = parseSymbol(spec.symbol);
  if (!p.ok) throw new UserError(p.error);
  const spot = selectInstrument(state, ctx.venue, p.symbol);
  if (!spot || spot.kind !== 'spot') throw new UserError(`${p.symbol} is not a spot market on ${ctx.venue}: a carry buys spot and shorts its perpetual`);
  const perp = perpetualSymbol(spot.base, spot.quote);
  const perpInst = selectInstrument(state, ctx.venue, perp);
  if (!perpInst?.perpetual) throw new UserError(`${ctx.venue} has no perpetual ${perp} beside ${p.symbol} (the simulated exchange has them with --futures)`);
  if (selectSymbolSettings(state, ctx.venue, perp).marginMode !== 'cross') throw new UserError(`a carry holds its short in cross margin (an isolated one cannot be de-risked by reducing it); switch with: margin ${perp} cross`);
  if (!(spec.quoteSize >= Math.max(spot.minNotional ?? 0, perpInst.minNotional ?? 0, 1))) throw new UserError(`--size ${spec.quoteSize} ${spot.quote} is below the smallest order of ${p.symbol} or ${perp}`);
  if (!(spec.minApr > 0)) throw new UserError('--min-apr must be above 0%: a carry that pays nothing net of fees is not worth its risk');
  const exitApr = spec.exitApr ?? defaultExitApr(spec.minApr);
  if (!(exitApr < spec.minApr)) throw new UserError(`--exit-apr ${exitApr}% must be below --min-apr ${spec.minApr}%, or the carry would trade in and out at one rate`);
  const s = ctx.settings();
  return {
    id: `carry-${p.symbol.replace('/', '')}-${ctx.venue}-${n}`, venue: ctx.venue, symbol: p.symbol, perp, quoteSize: spec.quoteSize, minApr: spec.minApr, exitApr,
    holdDays: s['carry.holdDays'], deriskRatio: s['carry.deriskRatio'], policy: spec.policy, startedAt: now, status: 'running',
    trades: NO_CARRY_TRADES, funding: 0, fundingCount: 0, lastFundingTime: 0, openedAt: 0, derisks: 0,
  };
}
