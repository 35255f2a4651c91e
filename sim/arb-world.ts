import type { DomainEvent, Order } from '../source/domain/index.js';
import type { EventSink, VenuePort } from '../source/engine/ports.js';
import type { LedgerState } from '../source/store/index.js';
import { SimVenue } from '../source/adapters/simulated/sim-venue.js';
import { simProfile } from '../source/app/session/sim-venues.js';

/** How a venue treats orders this step: trades them, rejects them, or never answers (a venue gone quiet). */
export type VenueMood = 'ok' | 'reject' | 'silent';

/**
 * A simulated exchange whose answers the simulator spoils: `reject` refuses every order,
 * `silent` swallows it (the leg times out; its cancel is answered). What it swallowed never
 * reached the matching engine, so nothing of it ever trades: an exchange that lost a request.
 */
export class MoodyVenue implements VenuePort {
  readonly venue: string;
  readonly label: string;
  readonly stopOrders = true;
  mood: VenueMood = 'ok';
  private sink?: EventSink;
  private readonly swallowed = new Set<string>();

  constructor(readonly inner: SimVenue, private readonly clock: () => number) {
    this.venue = inner.venue;
    this.label = inner.label;
  }

  start(sink: EventSink, ledger: LedgerState): Promise<void> {
    this.sink = sink;
    return this.inner.start(sink, ledger);
  }

  stop(): Promise<void> {
    return this.inner.stop();
  }

  async submit(order: Order): Promise<void> {
    if (this.mood === 'reject') return this.emit([{ type: 'order/rejected', data: { id: order.id, reason: `${this.venue} refused: simulated outage`, ts: this.clock() } }]);
    if (this.mood === 'silent') {
      this.swallowed.add(order.id);
      return;
    }
    return this.inner.submit(order);
  }

  async cancel(order: Order): Promise<void> {
    if (this.swallowed.delete(order.id)) return this.emit([{ type: 'order/cancelled', data: { id: order.id, reason: 'cancelled: never reached the book', ts: this.clock() } }]);
    return this.inner.cancel(order);
  }

  private emit(events: DomainEvent[]): void {
    this.sink?.(events);
  }
}

/** The two simulated exchanges of one run: `sim` and `sim2` on one seed, each with its moods. */
export function arbVenues(seed: number, clock: () => number, start: Readonly<Record<string, number>>): MoodyVenue[] {
  return ['sim', 'sim2'].map((id) => {
    const p = simProfile(id, seed);
    // sim has perpetuals too: the funding carry's venue (spot and its perpetual), under the same moods.
    const inner = new SimVenue({ venue: id, label: p.label, seed, clock, tickMs: 0, backfillMinutes: 1, startingBalances: start, skew: p.skew, fees: p.fees, perpetuals: id === 'sim' });
    return new MoodyVenue(inner, clock);
  });
}
