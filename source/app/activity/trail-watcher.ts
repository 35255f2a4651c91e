import type { Order, TrailPoint, VenueId } from '../../domain/index.js';
import { isOpenStatus } from '../../domain/index.js';
import { trailResume, trailStep, type TrailState } from '../../engine/trailing-stop.js';
import type { State, Store } from '../../store/index.js';

/**
 * Follows the trailing stops a venue holds but does not report the moves of (Binance spot's
 * trailingDelta, USD-M's TRAILING_STOP_MARKET: the exchange trails it and says nothing until it
 * fires). After each batch with a ticker, each such stop is stepped by the one trailing rule
 * (engine/trailing-stop.ts) over the last price, and a move is shown as an estimated point
 * (`runtime/trail` with `estimated`), never recorded in the ledger: the order's fate is still
 * the venue's. It starts from the trigger as placed, as a venue resuming it would.
 * `estimates(venue)`: whether that venue's trailing stops need following here.
 * Returns the function that stops watching.
 */
export function watchEstimatedTrails(store: Store, estimates: (venue: VenueId) => boolean, clock: () => number): () => void {
  const trails = new Map<string, TrailState>();
  // The orders are looked through again only when they changed (the state is immutable): most batches are tickers.
  let seen: State['ledger']['orders'] | undefined;
  let waiting = false;
  return store.observe((batch, state) => {
    if (state.ledger.orders !== seen) {
      seen = state.ledger.orders;
      waiting = Object.values(seen).some((o) => o.trailing !== undefined && o.triggeredAt === undefined && isOpenStatus(o.status) && estimates(o.venue));
      if (!waiting) trails.clear();
    }
    if (!waiting) return;
    const symbols = new Set<string>();
    for (const e of batch) if (e.event.type === 'market/ticker') symbols.add(`${e.event.data.venue}:${e.event.data.symbol}`);
    if (symbols.size === 0) return;
    const points = estimatedTrailMoves(state, trails, (o) => estimates(o.venue) && symbols.has(`${o.venue}:${o.symbol}`), clock());
    if (points.length) queueMicrotask(() => store.dispatch(points.map((data) => ({ type: 'runtime/trail' as const, data }))));
  });
}

/**
 * The moves the last prices make to the open, untriggered trailing stops `follow` picks, each
 * stop's state kept in `trails` (and dropped once the stop is no longer waiting).
 */
export function estimatedTrailMoves(state: State, trails: Map<string, TrailState>, follow: (o: Order) => boolean, now: number): TrailPoint[] {
  const out: TrailPoint[] = [];
  for (const id of trails.keys()) {
    const o = state.ledger.orders[id];
    if (!o || !isOpenStatus(o.status) || o.triggeredAt !== undefined) trails.delete(id);
  }
  for (const o of Object.values(state.ledger.orders)) {
    if (!o.trailing || o.stopPrice === undefined || o.triggeredAt !== undefined || !isOpenStatus(o.status) || !follow(o)) continue;
    const last = state.market.tickers[`${o.venue}:${o.symbol}`]?.last;
    if (last === undefined) continue;
    const step = trailStep(o.side, o.trailing, trails.get(o.id) ?? trailResume(o.side, o.trailing, o.stopPrice), last);
    trails.set(o.id, step.state);
    if (step.moved && step.state.best !== undefined) out.push({ id: o.id, best: step.state.best, trigger: step.state.trigger, ts: now, estimated: true });
  }
  return out;
}
