import type { ArbTx, DomainEvent } from '../domain/index.js';
import { addCarryOrders, carryOpen } from '../domain/index.js';
import type { Draft } from './draft.js';

type CarryEvent = Extract<DomainEvent, { type: `carry/${string}` }>;

/** The fold of a funding carry's own events (domain/carry.ts). */
export function evolveCarry(d: Draft, e: CarryEvent): void {
  if (e.type === 'carry/started') {
    d.carryInstances()[e.data.instance.id] = e.data.instance;
    return;
  }
  const i = d.readLedger.carryInstances?.[e.data.id];
  if (!i) return;
  switch (e.type) {
    case 'carry/stopped':
      d.carryInstances()[i.id] = { ...i, status: 'stopped', reason: e.data.reason };
      return;
    case 'carry/funding':
      // Keyed by the funding mark: a payment reported again (after a restart) counts once.
      if (e.data.fundingTime > i.lastFundingTime) d.carryInstances()[i.id] = { ...i, funding: i.funding + e.data.amount, fundingCount: i.fundingCount + 1, lastFundingTime: e.data.fundingTime };
      return;
    case 'carry/derisked':
      d.carryInstances()[i.id] = { ...i, derisks: i.derisks + 1 };
      return;
  }
}

/**
 * A settled transaction of a carry: its legs' fills join the carry's trades here, in the same
 * fold as the outcome, so they count once and survive the transaction being trimmed later.
 */
export function bookCarryTx(d: Draft, tx: ArbTx): void {
  const carry = d.readLedger.carryInstances?.[tx.instanceId];
  if (!carry) return;
  const orders = (tx.orders ?? []).flatMap((o) => d.order(o.orderId) ?? []);
  const trades = addCarryOrders(carry.trades, carry.symbol, orders);
  const opened = carryOpen(carry.trades).perp <= 0 && carryOpen(trades).perp > 0;
  d.carryInstances()[carry.id] = { ...carry, trades, openedAt: opened ? tx.plannedAt : carry.openedAt };
}
