import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createActivityLog } from '../../source/app/activity-log.js';
import { createStore } from '../../source/store/index.js';

test('the activity log keeps fills, refusals, reconnects and notes; repeats are counted, not piled up; it stays bounded', () => {
  const store = createStore({ clock: () => 1_000, notifyIntervalMs: 0 });
  const log = createActivityLog(store, 'sim', 5);
  store.dispatch({ type: 'market/ticker', data: { venue: 'sim', symbol: 'BTC/USDT', bid: 1, ask: 2, last: 1, open24h: 1, high24h: 1, low24h: 1, volume24h: 1, ts: 1 } });
  assert.equal(log.entries().length, 0, 'ticks are not activity');
  for (let i = 0; i < 3; i++) store.dispatch({ type: 'market/connection', data: { venue: 'sim', state: 'reconnecting', detail: 'down' } });
  assert.deepEqual(log.entries().map((e) => e.text), ['link reconnecting: down (x3)']);
  store.dispatch({ type: 'market/connection', data: { venue: 'other', state: 'reconnecting' } });
  assert.equal(log.entries().length, 1, 'another venue\'s link is not this session\'s');
  log.note('hello');
  store.dispatch({ type: 'order/rejected', data: { id: '7', reason: 'not sent: too big', ts: 2 } });
  assert.deepEqual(log.entries().slice(1).map((e) => [e.level, e.text]), [['info', 'hello'], ['error', 'rejected: order 7 not sent: too big']]);
  for (let i = 0; i < 10; i++) log.note(`n${i}`);
  assert.equal(log.entries().length, 5);
  assert.equal(log.entries().at(-1)!.text, 'n9');
  const before = log.entries();
  assert.equal(log.entries(), before, 'the same array until something changes');
  log.stop();
});
