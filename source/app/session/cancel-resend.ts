import type { Envelope } from '../../domain/index.js';
import { resentCancelText } from '../../domain/index.js';
import { restartCancelNow, type RestartCancel } from '../../engine/cancel-resend.js';
import type { EntryResult } from '../../engine/order-entry.js';
import type { Store } from '../../store/index.js';

/** Sends a cancel through the one order path, recorded as resent (OrderEntry.cancel with `resent`). */
export type ResendCancel = (c: RestartCancel) => Promise<EntryResult>;

/** What a session's front end reads of the resends (a one-shot command says them on stderr). */
export interface ResendsSeen {
  /** The notices told so far, in order ("resending cancel of order 7 BTC/USDT ..."). */
  told(): readonly string[];
  /** Resolves once the cancels in flight have their answer (nothing stops). */
  settled(): Promise<void>;
}

export interface CancelResends extends ResendsSeen {
  /** Stops watching; resolves once the cancels in flight have their answer (a closing session waits for them). */
  stop(): Promise<void>;
}

/**
 * Sends the cancels a crash cut off (engine/cancel-resend.ts says which: `owed`, computed from
 * the ledger as read at start) once the venue has found the order still resting: an earlier
 * process's ask it never heard the answer to, or a flatten it died part-way through. Left
 * alone, the order would rest on, able to fill, though whoever asked (the trader, a strategy,
 * flatten on a halt) wanted it gone.
 *
 * Call it once the venue has started (its start reconciles the orders). Only `owed` is sent,
 * never an ask of this process (its cancel is on its way, or failed and was told so). Each goes
 * when its venue is connected and the order is known to rest: at once, or when a later
 * reconcile finds an `unknown` one resting. The trader is told with a notice ("resending cancel
 * of order 7 BTC/USDT asked before the restart (by the trader)": the Log, the shell's news, and
 * the recap a terminal attaching to the daemon later reads); the cancel records its ask marked
 * `resent` (history). The venue's answer settles the order as any cancel's does: one the
 * exchange refuses because the order already ended is recorded ended by the exchange's report.
 *
 * A cancel that fails again (the order still rests) is not retried at once: a venue down or
 * refusing would make that a tight loop. The ask stands, the trader is told, and it is sent again
 * after the venue's next reconcile: the link coming back up (`market/connection` connected again,
 * which the ccxt venue says once its resync has reconciled), or the next start.
 */
export function watchCancelResends(store: Store, owed: readonly RestartCancel[], resend: ResendCancel): CancelResends {
  const pending = new Map(owed.map((c) => [c.id, c]));
  const busy = new Map<string, Promise<void>>();
  /** Ids whose cancel failed again: sent once more when their venue reconnects. */
  const failed = new Set<string>();
  let stopped = false;
  const told: string[] = [];
  const tell = (message: string): void => {
    told.push(message);
    store.dispatch({ type: 'system/notice', data: { level: 'warn', message } });
  };

  const scan = (): void => {
    if (stopped) return;
    const s = store.getState();
    for (const [id, c] of pending) {
      if (busy.has(id) || failed.has(id)) continue;
      const now = restartCancelNow(s.ledger, c);
      if (now === 'drop') pending.delete(id);
      if (now !== 'send') continue;
      const o = s.ledger.orders[id];
      if ((s.market.connections[o.venue]?.state ?? 'connected') !== 'connected') continue;
      // Marked busy before the send begins: its notice and ask, dispatched at once, bring this scan back.
      let done!: () => void;
      busy.set(id, new Promise<void>((r) => (done = r)));
      tell(resentCancelText(id, c.by, o.symbol, c.asked));
      void send(c).finally(done);
    }
  };

  const send = async (c: RestartCancel): Promise<void> => {
    await Promise.resolve();
    const r = await resend(c).catch((err: Error): EntryResult => ({ ok: false, error: err.message, refusal: { code: 'venue.failed', text: err.message } }));
    busy.delete(c.id);
    // Its ask is on the order now (recorded before the send), whoever's it was.
    const again: RestartCancel = { ...c, asked: true };
    const now = restartCancelNow(store.getState().ledger, again);
    if (now === 'drop') pending.delete(c.id);
    else {
      pending.set(c.id, again);
      if (now === 'send') {
        failed.add(c.id);
        if (!stopped) tell(`order ${c.id} still rests: its cancel after the restart ${r.ok ? 'has not taken yet' : `failed again (${r.error})`}; it is sent again after the next reconcile (see: orders)`);
      }
      // `wait`: unknown now (the answer lost again): a reconcile settles it, and it is looked at then.
    }
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
    told: () => told,
    async settled() {
      // A send's answer scans again, which may send another (an order found resting meanwhile).
      while (busy.size > 0) await Promise.all(busy.values());
    },
    async stop() {
      stopped = true;
      stopObserving();
      await Promise.all(busy.values());
    },
  };
}
