import type { CancelBy, Envelope, Order } from '../../domain/index.js';
import { isOpenStatus, resentCancelText } from '../../domain/index.js';
import { cancelToResend } from '../../engine/cancel-resend.js';
import type { EntryResult } from '../../engine/order-entry.js';
import type { State, Store } from '../../store/index.js';

/** Sends a cancel through the one order path, recorded as resent (OrderEntry.cancel with `resent`). */
export type ResendCancel = (id: string, by: CancelBy) => Promise<EntryResult>;

export interface CancelResends {
  /** Stops watching; resolves once the resends in flight have their answer (a closing session waits for them). */
  stop(): Promise<void>;
}

/**
 * Sends again the cancels an earlier process asked for and never heard the answer to, once the
 * venue's reconcile has found the order still resting (engine/cancel-resend.ts says which). The
 * process died after the ask was on disk and before (or while) the cancel went out: whoever
 * asked (the trader, a strategy, flatten on a halt) still wants the order gone, and left alone it
 * would rest, able to fill, forever.
 *
 * Call it once the venue has started (its start reconciles the orders). `asked`: the ids of the
 * open orders whose ask stood in the ledger as read at start; only those are resent, never an
 * ask of this process (its cancel is on its way, or failed and was told so). Each is sent when
 * its venue is connected and the order is known to rest: at once, or when a later reconcile
 * finds an `unknown` one resting. The trader is told with a notice ("resending cancel of order 7
 * BTC/USDT asked before the restart (by the trader)": the Log, the shell's news, and the recap a
 * terminal attaching to the daemon later reads), and the resend is the ask again, marked `resent`
 * in history. The venue's answer settles the order as any cancel's does: one the exchange
 * refuses because the order already ended is recorded ended by the exchange's report.
 *
 * A resend that fails again (the order still rests) is not retried at once: a venue down or
 * refusing would make that a tight loop of cancels. The ask stands, the trader is told, and it
 * is sent again after the venue's next reconcile: the link coming back up (`market/connection`
 * connected again, which the ccxt venue says once its resync has reconciled), or the next start.
 */
export function watchCancelResends(store: Store, asked: Iterable<string>, resend: ResendCancel): CancelResends {
  const pending = new Set(asked);
  const busy = new Map<string, Promise<void>>();
  /** Ids whose resend failed, by venue: sent again once that venue reconnects. */
  const failed = new Set<string>();
  let stopped = false;
  const connected = (s: State, venue: string): boolean => (s.market.connections[venue]?.state ?? 'connected') === 'connected';

  const scan = (): void => {
    if (stopped) return;
    const s = store.getState();
    for (const id of pending) {
      if (busy.has(id) || failed.has(id)) continue;
      const o: Order | undefined = s.ledger.orders[id];
      // Settled (filled, cancelled by the exchange's report) or its ask taken back: nothing to resend.
      if (!o || !isOpenStatus(o.status) || o.cancelAsked === undefined) {
        pending.delete(id);
        continue;
      }
      const by = cancelToResend(o);
      if (by === undefined || !connected(s, o.venue)) continue;
      // Marked busy before the send begins: its ask, dispatched at once, brings this scan back.
      let done!: () => void;
      busy.set(id, new Promise<void>((r) => (done = r)));
      store.dispatch({ type: 'system/notice', data: { level: 'warn', message: resentCancelText(id, by, o.symbol) } });
      void send(id, by).finally(done);
    }
  };

  const send = async (id: string, by: CancelBy): Promise<void> => {
    await Promise.resolve();
    const r = await resend(id, by).catch((err: Error): EntryResult => ({ ok: false, error: err.message, refusal: { code: 'venue.failed', text: err.message } }));
    busy.delete(id);
    const now = store.getState().ledger.orders[id];
    if (!now || !isOpenStatus(now.status) || now.cancelAsked === undefined) pending.delete(id);
    else if (cancelToResend(now) !== undefined) {
      failed.add(id);
      if (!stopped) store.dispatch({ type: 'system/notice', data: { level: 'warn', message: `order ${id} still rests: the cancel asked before the restart ${r.ok ? 'has not taken yet' : `failed again (${r.error})`}; it is sent again after the next reconcile (see: orders)` } });
    }
    // Otherwise unknown now (the answer lost again): a reconcile settles it, and it is looked at then.
    scan();
  };

  const connections = new Map<string, string>(Object.entries(store.getState().market.connections).map(([v, c]) => [v, c.state]));
  const stopObserving = store.observe((batch: readonly Envelope[]) => {
    for (const { event: e } of batch) {
      if (e.type !== 'market/connection') continue;
      const was = connections.get(e.data.venue);
      connections.set(e.data.venue, e.data.state);
      // Back up after a break: the venue has reconciled, so the failed ones on it go again.
      if (e.data.state !== 'connected' || was === 'connected') continue;
      for (const id of failed) if (store.getState().ledger.orders[id]?.venue === e.data.venue) failed.delete(id);
    }
    if (pending.size > 0) scan();
  });
  scan();
  return {
    async stop() {
      stopped = true;
      stopObserving();
      await Promise.all(busy.values());
    },
  };
}

/** The open orders whose cancel ask stands in `state` (the ledger as read at start): what an earlier process asked to cancel. */
export function standingAsks(state: State): string[] {
  return Object.values(state.ledger.orders).filter((o) => o.cancelAsked !== undefined && isOpenStatus(o.status)).map((o) => o.id);
}
