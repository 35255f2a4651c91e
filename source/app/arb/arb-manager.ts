import type { ArbInstance, ArbPolicy, ArbTx } from '../../domain/index.js';
import { floorToStep, parseSymbol, UserError } from '../../domain/index.js';
import type { SettingValues } from '../../domain/settings.js';
import { pairEdge } from '../../engine/arb/arb-scan.js';
import { arbLimitProblem } from '../../engine/arb/arb-decide.js';
import { selectHalt, selectInstrument } from '../../store/index.js';
import { arbRules } from './arb-settings.js';
import { finishTx, planTx, runTx, type TxContext } from './arb-transaction.js';

/** `start arb-cross SYMBOL --venues A,B --size 0.01BTC --min-edge 0.2% ...` as typed, checked by `start`. */
export interface ArbSpec {
  readonly symbol: string;
  /** Two of the session's venues; empty: its first two. */
  readonly venues: readonly string[];
  /** Base quantity per transaction. */
  readonly qty: number;
  readonly minEdgePercent: number;
  readonly policy: ArbPolicy;
  /** Absent: the settings' arb.maxNotional, arb.maxExposure, arb.maxPerMinute. */
  readonly limits?: Partial<ArbInstance['limits']>;
}

export interface ArbManagerContext extends TxContext {
  readonly venueIds: readonly string[];
  readonly settings: () => SettingValues;
  /** Progress lines (a transaction settled, an instance stopped). */
  readonly onNote?: (text: string) => void;
}

/**
 * Arbitrage instances of a session: each watches its market on its two venues and, when the
 * edge net of both fees reaches its minimum and nothing is flagged, runs one transaction at a
 * time. Its limits stop it with the reason. On start, every transaction the ledger has without
 * an outcome is finished by its policy first, then running instances resume.
 */
export function createArbManager(ctx: ArbManagerContext) {
  const { store, clock } = ctx;
  const live = new Map<string, () => void>();
  const busy = new Set<string>();
  const running = new Set<Promise<unknown>>();
  let seq = 0;
  const track = <T>(p: Promise<T>): Promise<T> => {
    running.add(p);
    void p.finally(() => running.delete(p)).catch(() => undefined);
    return p;
  };
  const instances = (): ArbInstance[] => Object.values(store.getState().ledger.arbInstances ?? {});
  const txsOf = (id: string): ArbTx[] => Object.values(store.getState().ledger.arbTxs ?? {}).filter((t) => t.instanceId === id);

  const stop = async (id: string, reason: string): Promise<void> => {
    live.get(id)?.();
    live.delete(id);
    const i = store.getState().ledger.arbInstances?.[id];
    if (!i || i.status === 'stopped') return;
    store.dispatch({ type: 'arb/stopped', data: { id, reason, ts: clock() } });
    ctx.onNote?.(`${id} stopped: ${reason}`);
    await store.whenDurable();
  };

  const scheduled = new Set<string>();
  // Once per turn of the event loop, not per batch: batches folded together (two venues' books
  // moving at once) are looked at together, never one venue's new book against the other's old.
  const schedule = (id: string): void => {
    if (scheduled.has(id)) return;
    scheduled.add(id);
    queueMicrotask(() => {
      scheduled.delete(id);
      const now = store.getState().ledger.arbInstances?.[id];
      if (now?.status === 'running') consider(now);
    });
  };

  const consider = (i: ArbInstance): void => {
    if (busy.has(i.id) || !live.has(i.id) || selectHalt(store.getState())) return;
    const unsettled = txsOf(i.id).find((t) => !t.outcome);
    if (unsettled) {
      // An order of it was in doubt: finish it (its policy) before anything new is traded.
      busy.add(i.id);
      void track(finishTx(ctx, unsettled.id)).catch(() => undefined).finally(() => busy.delete(i.id));
      return;
    }
    const now = clock();
    const edge = pairEdge(store.getState(), i.venues[0], i.venues[1], i.symbol, i.qty, now, arbRules(ctx.settings()));
    if (!edge || edge.problems.length > 0 || edge.netPercent < i.minEdgePercent) return;
    const limit = arbLimitProblem(i, edge, txsOf(i.id), now);
    busy.add(i.id);
    const work = limit
      ? stop(i.id, limit.text)
      : Promise.resolve().then(() => runTx(ctx, planTx(`${i.id}-${now.toString(36)}-${++seq}`, i, edge, now)).then((o) => {
          if (o) ctx.onNote?.(`${i.id}: ${o.kind}, expected ${edge.net.toFixed(2)}, realised ${o.realisedNet.toFixed(2)}${o.kind === 'both' || o.kind === 'none' ? '' : ` (${o.text})`}`);
          if (o?.kind === 'unhedged') return stop(i.id, `a single leg is left unhedged: ${o.text}`);
          return undefined;
        }));
    void track(work)
      // A failure (the disk refused the record) stops the instance; if even that cannot be recorded, the next start resumes it and finishes the transaction.
      .catch((err: unknown) => stop(i.id, `transaction failed: ${(err as Error).message}`))
      .catch((err: unknown) => ctx.onNote?.(`${i.id}: ${(err as Error).message}`))
      .finally(() => busy.delete(i.id));
  };

  const watch = (i: ArbInstance): void => {
    if (live.has(i.id)) return;
    // Every batch (a book moved, an order answered): the edge is looked at on the state it made.
    const off = store.observe(() => schedule(i.id));
    live.set(i.id, off);
  };

  return {
    async start(spec: ArbSpec): Promise<ArbInstance> {
      const instance = checkSpec(spec, ctx, clock(), instances().length + 1);
      store.dispatch({ type: 'arb/started', data: { instance } });
      await store.whenDurable();
      watch(instance);
      return instance;
    },
    stop: (id: string, reason = 'stopped by the trader') => {
      if (!store.getState().ledger.arbInstances?.[id]) throw new UserError(`no arbitrage instance ${id.slice(0, 60)}`);
      return stop(id, reason);
    },
    has: (id: string): boolean => store.getState().ledger.arbInstances?.[id] !== undefined,
    /** Finishes what a crash left unfinished (by each transaction's policy), then resumes running instances. */
    async resume(): Promise<void> {
      // Not awaited: opening the session must not wait out a leg's time limit. Its instance stays
      // busy meanwhile, so no new transaction starts before the old one is counted.
      for (const t of Object.values(store.getState().ledger.arbTxs ?? {}).filter((x) => !x.outcome)) {
        busy.add(t.instanceId);
        void track(finishTx(ctx, t.id, ['finished after a restart']))
          .catch((err: unknown) => ctx.onNote?.(`${t.id} not finished: ${(err as Error).message}`))
          .finally(() => busy.delete(t.instanceId));
      }
      for (const i of instances()) if (i.status === 'running') watch(i);
    },
    /** Resolves when no transaction is in flight (tests, scripts, a clean close). */
    async idle(): Promise<void> {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    detachAll(): void {
      for (const off of live.values()) off();
      live.clear();
    },
  };
}

export type ArbManager = ReturnType<typeof createArbManager>;

function checkSpec(spec: ArbSpec, ctx: ArbManagerContext, now: number, n: number): ArbInstance {
  const p = parseSymbol(spec.symbol);
  if (!p.ok) throw new UserError(p.error);
  const venues = spec.venues.length === 0 ? ctx.venueIds.slice(0, 2) : spec.venues;
  if (venues.length !== 2 || venues[0] === venues[1]) throw new UserError('arb-cross trades between two venues: --venues A,B (two of the session\'s; start atapi with --venues sim,sim2)');
  for (const v of venues) {
    if (!ctx.venueIds.includes(v)) throw new UserError(`venue ${v.slice(0, 40)} is not in this session (it trades on ${ctx.venueIds.join(', ')}; start atapi with --venues)`);
  }
  const insts = venues.map((v) => selectInstrument(ctx.store.getState(), v, p.symbol));
  if (insts.some((i) => !i || i.kind !== 'spot')) throw new UserError(`${p.symbol} is not a spot market on both ${venues.join(' and ')}`);
  const lot = Math.max(...insts.map((i) => i!.lotSize));
  const qty = floorToStep(spec.qty, lot);
  if (!(qty > 0) || qty < Math.max(...insts.map((i) => i!.minQty))) throw new UserError(`--size ${spec.qty} is below ${p.symbol}'s minimum quantity on ${venues.join(' or ')}`);
  if (!(spec.minEdgePercent > 0)) throw new UserError('--min-edge must be above 0%: an edge of nothing net of fees is no edge');
  const s = ctx.settings();
  const limits = { maxNotional: s['arb.maxNotional'], maxExposure: s['arb.maxExposure'], maxPerMinute: s['arb.maxPerMinute'], ...spec.limits };
  const [a, b] = venues;
  return { id: `arb-${p.symbol.replace('/', '')}-${a}-${b}-${n}`, symbol: p.symbol, venues: [a, b], qty, minEdgePercent: spec.minEdgePercent, policy: spec.policy, limits, startedAt: now, status: 'running' };
}
