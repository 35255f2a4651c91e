import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DomainEvent } from '../../source/domain/index.js';
import { applyEvents, initialState } from '../../source/store/index.js';
import { envelopes, order } from '../helpers/fixtures.js';

/*
 * `order/cancel-asked` keeps who asked on the open order (what a process started after a crash
 * reads); one taken back (`notSent`: its ask could not be written, the cancel never went) stands
 * no more, and the earlier ask it names (`stands`) stands again. A settled order is left alone.
 */

const asked = (events: DomainEvent[]) => applyEvents(initialState(), envelopes([{ type: 'order/submitted', data: { order: order('1', { status: 'open' }) } }, ...events])).ledger.orders['1'].cancelAsked;

test('who asked stands on the open order; a taken-back ask restores the one before it, or none', () => {
  assert.deepEqual(asked([{ type: 'order/cancel-asked', data: { id: '1', by: { by: 'trader' }, ts: 2 } }]), { by: 'trader' });
  assert.equal(asked([
    { type: 'order/cancel-asked', data: { id: '1', by: { by: 'trader' }, ts: 2 } },
    { type: 'order/cancel-asked', data: { id: '1', by: { by: 'trader' }, ts: 2, notSent: true } },
  ]), undefined);
  assert.deepEqual(asked([
    { type: 'order/cancel-asked', data: { id: '1', by: { by: 'trader' }, ts: 2 } },
    { type: 'order/cancel-asked', data: { id: '1', by: { by: 'halt' }, ts: 3 } },
    { type: 'order/cancel-asked', data: { id: '1', by: { by: 'halt' }, ts: 3, notSent: true, stands: { by: 'trader' } } },
  ]), { by: 'trader' });
});

test('a settled order takes no ask', () => {
  assert.equal(asked([
    { type: 'order/cancelled', data: { id: '1', reason: 'cancelled by the trader', ts: 2 } },
    { type: 'order/cancel-asked', data: { id: '1', by: { by: 'trader' }, ts: 3 } },
  ]), undefined);
});
