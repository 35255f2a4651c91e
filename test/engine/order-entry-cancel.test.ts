import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LOG_FILE, openLedger } from '../../source/adapters/storage/ledger-files.js';
import { scanLog } from '../../source/adapters/storage/read-log.js';
import type { Order } from '../../source/domain/index.js';
import { OrderEntry } from '../../source/engine/order-entry.js';
import { DEFAULT_LIMITS } from '../../source/engine/risk.js';
import { createStore, type LedgerState } from '../../source/store/index.js';
import { FaultyFs } from '../../sim/faulty-fs.js';
import { withBtcMarket } from '../helpers/entry-store.js';

/*
 * A cancel's ask (`order/cancel-asked`, who asked) is on disk before the cancel goes out, as an
 * order is before it is sent: a process started after a crash that lost the answer knows the
 * cancel was ours (adapters/ccxt seeds it), never an order gone from the exchange.
 */

const DIR = '/data/ledgers/sim';

/** `crashOnCancel`: the machine dies as the cancel goes out; `restarted` is the disk it leaves. */
async function setUp(crashOnCancel = false) {
  const d = new FaultyFs({ random: () => 0.5 });
  let t = 1_000;
  const ledger = openLedger(DIR, { fs: d });
  const store = createStore({ initial: ledger.state, log: ledger.log, clock: () => ++t });
  await withBtcMarket(store);
  const sent: { id: string; reason?: string }[] = [];
  const after: { restarted?: FaultyFs } = {};
  const venue = {
    venue: 'sim', label: 'SIM',
    start: async (_sink: unknown, _ledger: LedgerState) => undefined,
    stop: async () => undefined,
    submit: async (o: Order) => void store.dispatch({ type: 'order/accepted', data: { id: o.id, exchangeOrderId: `x${o.id}`, ts: ++t } }),
    cancel: async (o: Order, reason?: string) => {
      sent.push({ id: o.id, reason });
      if (crashOnCancel) after.restarted = d.crash();
    },
  };
  const entry = new OrderEntry(store, venue, () => DEFAULT_LIMITS, () => ++t, 'at');
  const placed = await entry.place({ venue: 'sim', symbol: 'BTC/USDT', side: 'buy', type: 'limit', qty: 0.1, price: 50 });
  assert.ok(placed.ok);
  return { d, store, entry, sent, after, id: placed.order.id };
}

test('who asked to cancel is on disk before the venue is asked: a crash as it goes out keeps it', async () => {
  const { entry, sent, after, id } = await setUp(true);
  await entry.cancel(id, { by: 'strategy', id: 'grid-1', stopping: true });
  assert.deepEqual(sent, [{ id, reason: 'cancelled by strategy grid-1 as it stopped' }]);
  // The next process reads the ledger the dead machine left: the order open, who asked on it.
  const back = openLedger(DIR, { fs: after.restarted! });
  const o = back.state.ledger.orders[id];
  assert.equal(o.status, 'open');
  assert.deepEqual(o.cancelAsked, { by: 'strategy', id: 'grid-1', stopping: true });
  await back.log.close();
});

test('a cancel whose ask cannot be written is not sent, and says why', async () => {
  const { d, store, entry, sent, id } = await setUp();
  d.diskFullAfter(0);
  const r = await entry.cancel(id);
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.error : '', new RegExp(`^disk full: cancel ${id} not sent; cannot write the event log `));
  assert.equal(!r.ok ? r.refusal.code : '', 'log.write');
  assert.deepEqual(sent, [], 'the venue never heard of it');
  assert.equal(store.getState().ledger.orders[id].cancelAsked, undefined, 'the ask is taken back');
  d.freeSpace();
  assert.ok((await entry.cancel(id)).ok, 'cancels go out again once there is space');
  assert.equal(sent.length, 1);
  await store.close();
  // The refused ask and its taking back landed once there was room, then the second ask.
  const asks: string[] = [];
  scanLog(`${DIR}/${LOG_FILE}`, 0, (batch) => {
    for (const { event: e } of batch) if (e.type === 'order/cancel-asked') asks.push(e.data.notSent ? 'taken back' : 'asked');
  }, { fs: d });
  assert.deepEqual(asks, ['asked', 'taken back', 'asked']);
});

test('an order the exchange ends while its ask is written is not cancelled, and the ask is taken back', async () => {
  const { d, store, entry, sent, id } = await setUp();
  // The exchange drops the order between the ask and its reaching the disk (fault simulator
  // seed 1793): the drop is rightly told as gone, for no cancel of ours went out.
  const asked = entry.cancel(id);
  store.dispatch({ type: 'order/cancelled', data: { id, reason: 'not by a cancel of this atapi run', ts: 5_000, code: 'order.gone' } });
  const r = await asked;
  assert.equal(!r.ok ? r.refusal.code : '', 'order.not-open');
  assert.deepEqual(sent, [], 'the venue was not asked');
  await store.close();
  const asks: string[] = [];
  scanLog(`${DIR}/${LOG_FILE}`, 0, (batch) => {
    for (const { event: e } of batch) if (e.type === 'order/cancel-asked') asks.push(e.data.notSent ? 'taken back' : 'asked');
  }, { fs: d });
  assert.deepEqual(asks, ['asked', 'taken back'], 'a later process must not read an exchange\'s end of it as ours');
});
