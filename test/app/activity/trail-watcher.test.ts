import assert from 'node:assert/strict';
import { test } from 'node:test';
import { watchEstimatedTrails } from '../../../source/app/activity/trail-watcher.js';
import { selectOrderViews, createStore } from '../../../source/store/index.js';
import { triggerText } from '../../../source/format/format.js';
import { order, ticker } from '../../helpers/fixtures.js';

const turns = async (): Promise<void> => { for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r)); };
// A trailing sell 1% under the best, placed at 100 (trigger 99), as the venue holds it.
const trailing = order('1', { side: 'sell', type: 'market', price: undefined, qty: 0.5, status: 'open', stopPrice: 99, stopTrigger: 'below', trailing: { distance: 1, unit: 'percent' } });

test('a trailing stop the venue does not report: its trigger followed from the last prices, marked estimated; nothing recorded in the ledger', async () => {
  const store = createStore({ clock: () => 5 });
  store.dispatch({ type: 'order/submitted', data: { order: trailing } });
  const stop = watchEstimatedTrails(store, (v) => v === 'sim', () => 7);
  const trailOf = () => selectOrderViews(store.getState(), { open: true })[0].trail;
  store.dispatch(ticker('BTC/USDT', 99.5));
  await turns();
  assert.equal(trailOf(), undefined, 'a price under the best moves nothing');
  store.dispatch(ticker('BTC/USDT', 110));
  await turns();
  assert.deepEqual(trailOf(), { id: '1', best: 110, trigger: 108.9, ts: 7, estimated: true });
  assert.equal(triggerText(selectOrderViews(store.getState())[0], undefined), '<=~108.90 trail 1%');
  store.dispatch(ticker('BTC/USDT', 105));
  await turns();
  assert.equal(trailOf()?.trigger, 108.9, 'it only moves in the trader\'s favour');
  assert.equal(store.getState().ledger.orders['1'].stopPrice, 99, 'the order as placed is the ledger\'s; the estimate is the read model\'s');
  stop();
  await store.close();
});

test('a venue that reports its own moves is left alone, and a stop no longer waiting is not followed', async () => {
  const store = createStore({ clock: () => 5 });
  store.dispatch([{ type: 'order/submitted', data: { order: trailing } }, { type: 'order/submitted', data: { order: { ...trailing, id: '2', venue: 'other' } } }]);
  const stop = watchEstimatedTrails(store, (v) => v === 'sim', () => 7);
  store.dispatch({ type: 'order/cancelled', data: { id: '1', reason: 'by user', ts: 6 } });
  const t = ticker('BTC/USDT', 120);
  store.dispatch([t, ...(t.type === 'market/ticker' ? [{ ...t, data: { ...t.data, venue: 'other' } }] : [])]);
  await turns();
  assert.equal(store.getState().runtime.trails, undefined);
  stop();
  await store.close();
});
