import type { BracketOrder, DomainEvent, Side } from '../../domain/index.js';
import { bracketStep } from '../../engine/brackets.js';
import type { OcoResult } from '../../engine/order-entry.js';
import { selectOrder, type Store } from '../../store/index.js';

/** Places one bracket's exits: the session's OCO, so the legs pass the same checks as any order. */
export type PlaceExits = (b: BracketOrder, side: Side, qty: number) => Promise<OcoResult>;

/**
 * Places brackets' exits as their entries finish (engine/brackets.ts decides which, for what
 * fill): after each batch that touches an order or sets a bracket, and once at start, so a
 * bracket whose entry filled before a restart still gets its exits. How each ended is
 * recorded as `bracket/ended`: placed (the OCO's ids), refused (the refusal, which the
 * trader sees in the log), or void. Returns the function that stops watching.
 */
export function watchBrackets(store: Store, placeExits: PlaceExits, clock: () => number): () => void {
  const busy = new Set<string>();
  let stopped = false;
  // A refused exit is also a notice: the trader sees it wherever notices show, not only in the log.
  const end = (events: DomainEvent[]): void => {
    if (events.length === 0 || stopped) return;
    const notices: DomainEvent[] = events.flatMap((e) => (e.type === 'bracket/ended' && e.data.outcome === 'refused' ? [{ type: 'system/notice', data: { level: 'error', message: e.data.reason.text } }] : []));
    store.dispatch([...events, ...notices]);
  };
  const scan = (): void => {
    const state = store.getState();
    const waiting = Object.values(state.ledger.brackets ?? {}).filter((b) => !busy.has(b.entryId));
    const done: DomainEvent[] = [];
    for (const b of waiting) {
      const step = bracketStep(b, selectOrder(state, b.entryId), state.ledger.fills, state.market.instruments[`${b.venue}:${b.symbol}`]);
      if (step.kind === 'wait') continue;
      const ts = clock();
      busy.add(b.entryId);
      // Flatten cancelled what was open and means nothing new rests until resume: a bracket
      // whose entry it cut short does not put exits back (the trader sees why).
      if (step.kind === 'place' && state.ledger.halt) {
        done.push({ type: 'bracket/ended', data: { entryId: b.entryId, ts, outcome: 'refused', qty: step.qty, reason: { code: 'trading.halted', text: `bracket of order ${b.entryId}: exits not placed: trading is halted (flatten); protect the ${step.qty} it filled by hand if you want them` } } });
      } else if (step.kind === 'void') done.push({ type: 'bracket/ended', data: { entryId: b.entryId, ts, outcome: 'void' } });
      else if (step.kind === 'refuse') done.push({ type: 'bracket/ended', data: { entryId: b.entryId, ts, outcome: 'refused', qty: step.qty, reason: step.reason } });
      else {
        void placeExits(b, step.side, step.qty)
          .then(
            (r): DomainEvent => ({ type: 'bracket/ended', data: r.ok ? { entryId: b.entryId, ts: clock(), outcome: 'placed', qty: step.qty, orderIds: r.orders.map((o) => o.id) } : { entryId: b.entryId, ts: clock(), outcome: 'refused', qty: step.qty, reason: { ...r.refusal, text: `bracket of order ${b.entryId}: exits not placed: ${r.refusal.text}` } } }),
            (err: Error): DomainEvent => ({ type: 'bracket/ended', data: { entryId: b.entryId, ts: clock(), outcome: 'refused', qty: step.qty, reason: { code: 'venue.failed', text: `bracket of order ${b.entryId}: exits not placed: ${err.message}` } } }),
          )
          .then((e) => {
            end([e]);
            busy.delete(b.entryId);
          });
      }
    }
    // Dispatched after the batch, not inside the store's own dispatch.
    if (done.length > 0) {
      queueMicrotask(() => {
        end(done);
        for (const e of done) if (e.type === 'bracket/ended') busy.delete(e.data.entryId);
      });
    }
  };
  const unobserve = store.observe((batch, state) => {
    if (!state.ledger.brackets || Object.keys(state.ledger.brackets).length === 0) return;
    if (batch.some((e) => e.event.type.startsWith('order/') || e.event.type === 'bracket/set')) queueMicrotask(scan);
  });
  queueMicrotask(scan);
  return () => {
    stopped = true;
    unobserve();
  };
}
