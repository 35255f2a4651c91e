import type { BracketOrder, DomainEvent, RefusalCode, Side } from '../../domain/index.js';
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
 *
 * Exits refused for a passing reason that guarantees nothing was sent (the log could not be
 * written, the link is down) are not the end: the bracket keeps waiting, the trader is told
 * once, and the exits are tried again on a later batch, at most every RETRY_MS of the clock,
 * until they are placed or refused for good. A position the trader asked to protect is not
 * left bare because the disk hiccuped.
 */
export function watchBrackets(store: Store, placeExits: PlaceExits, clock: () => number): () => void {
  const busy = new Set<string>();
  /** Entry id -> when its exits were last refused for a passing reason. */
  const retryAfter = new Map<string, number>();
  let stopped = false;
  // A refused exit is also a notice: the trader sees it wherever notices show, not only in the log.
  const end = (events: DomainEvent[]): void => {
    if (events.length === 0 || stopped) return;
    const notices: DomainEvent[] = events.flatMap((e) => (e.type === 'bracket/ended' && e.data.outcome === 'refused' ? [{ type: 'system/notice', data: { level: 'error', message: e.data.reason.text } }] : []));
    store.dispatch([...events, ...notices]);
  };
  const scan = (): void => {
    const state = store.getState();
    const now = clock();
    for (const id of retryAfter.keys()) if (!state.ledger.brackets?.[id]) retryAfter.delete(id);
    const waiting = Object.values(state.ledger.brackets ?? {}).filter((b) => !busy.has(b.entryId) && !(now < (retryAfter.get(b.entryId) ?? 0)));
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
            (r): DomainEvent | undefined => (!r.ok && PASSING.has(r.refusal.code) ? retryLater(b.entryId, r.refusal.text) : { type: 'bracket/ended', data: r.ok ? { entryId: b.entryId, ts: clock(), outcome: 'placed', qty: step.qty, orderIds: r.orders.map((o) => o.id) } : { entryId: b.entryId, ts: clock(), outcome: 'refused', qty: step.qty, reason: { ...r.refusal, text: `bracket of order ${b.entryId}: exits not placed: ${r.refusal.text}` } } }),
            (err: Error): DomainEvent => ({ type: 'bracket/ended', data: { entryId: b.entryId, ts: clock(), outcome: 'refused', qty: step.qty, reason: { code: 'venue.failed', text: `bracket of order ${b.entryId}: exits not placed: ${err.message}` } } }),
          )
          .then((e) => {
            if (e) {
              retryAfter.delete(b.entryId);
              end([e]);
            }
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
  /** Keeps the bracket waiting; the first time, a notice says why and that it will retry. */
  const retryLater = (entryId: string, why: string): undefined => {
    if (!retryAfter.has(entryId) && !stopped) store.dispatch([{ type: 'system/notice', data: { level: 'warn', message: `bracket of order ${entryId}: exits not placed yet: ${why}; atapi will try again` } }]);
    retryAfter.set(entryId, clock() + RETRY_MS);
    return undefined;
  };
  const unobserve = store.observe((batch, state) => {
    if (!state.ledger.brackets || Object.keys(state.ledger.brackets).length === 0) return;
    // A bracket waiting to retry is tried on whatever comes next (ticks arrive every second).
    if (retryAfter.size > 0 || batch.some((e) => e.event.type.startsWith('order/') || e.event.type === 'bracket/set')) queueMicrotask(scan);
  });
  queueMicrotask(scan);
  return () => {
    stopped = true;
    unobserve();
  };
}

/** Refusals that guarantee nothing was sent and may pass: the exits are tried again. */
const PASSING: ReadonlySet<RefusalCode> = new Set<RefusalCode>(['log.write', 'link.down']);
const RETRY_MS = 2_000;
