import type { CancelBy, CommandSource, Refusal, VenueId } from '../../domain/index.js';
import { COMMAND_SOURCES, isOpenStatus, plainText, refusal, RefusedError, UserError } from '../../domain/index.js';
import type { EntryResult } from '../../engine/order-entry.js';
import { haltText } from '../../engine/halt.js';
import type { ProtectAction, Trip } from '../../engine/protections.js';
import { selectHalt, type Store } from '../../store/index.js';
import { cancelOpenOrders } from './cancel-all.js';
import type { StopResult } from '../strategy-runtime/strategy-manager.js';
import type { FlattenResult, HaltPort } from './session-types.js';

/** What the kill switch needs of the session it belongs to. */
export interface HaltDeps {
  readonly store: Store;
  readonly venue: VenueId;
  readonly clock: () => number;
  /** The session's cancel: the one path every cancel takes. */
  readonly cancel: (id: string, by: CancelBy) => Promise<EntryResult>;
  /** The strategy manager's stop (with `close`, the instance's own position only; `by`, who its orders are cancelled by). */
  readonly stop: (id: string, o?: { close?: boolean; by?: CancelBy }) => Promise<StopResult>;
}

/** What a recorded halt does beside refusing new entries (see `trading/halted`). */
type HaltAction = { readonly action: 'flatten'; readonly strategies: readonly string[] } | { readonly action: 'block-entries' };

/** Longest reason kept: one line on the status bar and in the log. */
const MAX_REASON = 200;

/**
 * The kill switch of one session. `flatten` records the halt first (from that event on the
 * pre-trade check refuses every order that opens or adds: engine/halt.ts), stops every
 * running strategy, cancels every open order of the venue (OCO legs and stops included), then
 * closes what the stopped strategies held, each with its own reduce-only or sell order. One
 * failed step is a problem in the answer, never a throw: the rest still runs. Again while
 * halted it runs the same steps (an order that slipped through, a cancel that failed) and
 * keeps the first halt's reason. `resume` records the end of the halt.
 */
export function createHaltPort(d: HaltDeps): HaltPort & { readonly trip: (t: Trip, action: ProtectAction) => Promise<FlattenResult> } {
  const { store, venue, clock } = d;
  /** Records the halt (once: a second while halted keeps the first); a problem if it is not saved. */
  const record = async (reason: string, source: CommandSource, problems: Refusal[], does: HaltAction, rule?: string): Promise<void> => {
    if (selectHalt(store.getState())) return;
    store.dispatch({ type: 'trading/halted', data: { reason, source, ts: clock(), ...(rule === undefined ? {} : { rule }), ...does } });
    try {
      await store.whenDurable();
    } catch (err) {
      // In force all the same (the state has it): the trader must know it may not survive a restart.
      problems.push(refusal('log.unsaved', `trading is halted, but the halt is not saved yet: ${(err as Error).message}`));
    }
  };
  const flatten = async (reason: string, source: CommandSource, rule?: string): Promise<FlattenResult> => {
    const problems: Refusal[] = [];
    // The halt names the strategies it stops: a trader away is told what it did from that fact.
    const running = Object.values(store.getState().ledger.strategies).filter((s) => s.venue === venue && s.status === 'running').map((s) => s.strategyId);
    await record(reason, source, problems, { action: 'flatten', strategies: running }, rule);
    // Stopped first, so no strategy places anything while its orders are cancelled; closed
    // last, once the cancels have freed what resting orders held.
    const stopped: string[] = [];
    // Every order this flatten takes off the book says so, those a stopping strategy cancels too.
    const by: CancelBy = rule === undefined ? { by: 'halt' } : { by: 'halt', rule };
    const theirs = Object.values(store.getState().ledger.orders).filter((o) => o.strategyId !== undefined && running.includes(o.strategyId) && isOpenStatus(o.status)).map((o) => o.id);
    for (const id of running) {
      try {
        await d.stop(id, { by });
        stopped.push(id);
      } catch (err) {
        problems.push(refusal('strategy.refused', `strategy ${id} did not stop: ${(err as Error).message}`));
      }
    }
    // What the stopping strategies cancelled (a grid's book) is in the answer as this flatten's.
    const byStops = theirs.filter((id) => store.getState().ledger.orders[id]?.status === 'cancelled');
    const { cancelled: rest, problems: unCancelled } = await cancelOpenOrders(store, venue, (id) => d.cancel(id, by));
    const cancelled = [...byStops, ...rest];
    problems.push(...unCancelled);
    const closed: string[] = [];
    for (const id of stopped) {
      const r = await d.stop(id, { close: true }).catch((err: Error) => ({ sold: null, refusal: refusal('strategy.hold.close', `strategy ${id}: ${err.message}`) }));
      if (r.sold) closed.push(r.sold.id);
      if (r.refusal) problems.push({ ...r.refusal, text: `strategy ${id}: its position was not closed: ${r.refusal.text}` });
    }
    return { stopped, cancelled, closed, problems };
  };
  return {
    // async: a bad reason or source is a rejected promise, as before, never a throw.
    flatten: async (o) => flatten(checkReason(o?.reason), checkSource(o?.source)),
    /**
     * A protection tripped (app/protect/): `halt` flattens with the rule named; `block-entries`
     * records the halted event alone, so new entries are refused and nothing is closed.
     */
    async trip(t, action) {
      if (action === 'halt') return flatten(t.reason, 'protect', t.rule);
      const problems: Refusal[] = [];
      await record(t.reason, 'protect', problems, { action: 'block-entries' }, t.rule);
      return { stopped: [], cancelled: [], closed: [], problems };
    },
    async resume(o) {
      const source = checkSource(o?.source);
      if (!selectHalt(store.getState())) throw new RefusedError(refusal('trading.not-halted', 'trading is not halted: nothing to resume (flatten halts it)'));
      store.dispatch({ type: 'trading/resumed', data: { source, ts: clock() } });
      try {
        await store.whenDurable();
      } catch (err) {
        // In force (the state has it), but the trader must know a restart now would still be halted.
        throw new UserError(`trading resumed, but the resume is not saved yet: ${(err as Error).message} (a restart now would find trading halted)`);
      }
    },
  };
}

/** A source from outside (the daemon's socket, the API) is checked, never trusted. */
function checkSource(source: unknown): CommandSource {
  if (typeof source === 'string' && (COMMAND_SOURCES as readonly string[]).includes(source)) return source as CommandSource;
  throw new UserError(`bad source ${JSON.stringify(String(source).slice(0, 20))}: use one of ${COMMAND_SOURCES.join(', ')}`);
}

/** The reason as one plain line (it is shown on every screen): control characters removed, at most MAX_REASON characters. */
function checkReason(reason: unknown): string {
  if (reason === undefined) return 'flatten';
  if (typeof reason !== 'string') throw new UserError('bad reason: a flatten reason is text');
  const line = plainText(reason).trim();
  if (line.length > MAX_REASON) throw new UserError(`reason too long: ${line.length} characters, at most ${MAX_REASON}`);
  return line || 'flatten';
}

/** A start refused while halted: a new instance would only place orders that are refused. */
export function refuseWhileHalted(store: Store): void {
  const halt = selectHalt(store.getState());
  if (halt) throw new UserError(`not started: ${haltText(halt)}; resume first (resume)`);
}
