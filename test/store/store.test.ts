import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openLedger } from '../../source/adapters/storage/ledger-files.js';
import { InvalidEventError, type DomainEvent } from '../../source/domain/index.js';
import { createStore } from '../../source/store/index.js';
import { fill } from '../helpers/fixtures.js';
import { MALFORMED_EVENTS } from '../helpers/malformed-events.js';
import { tmpDir } from '../helpers/tmp.js';

test('store.dispatch refuses each malformed event before it is logged; the ledger reopens after each', async () => {
  const dir = tmpDir('atapi-store-schema-');
  let t = 0;
  const bad = [...MALFORMED_EVENTS, { event: { type: 'order/filled', data: {} }, field: 'data.fill' }];
  for (const [i, { event, field }] of bad.entries()) {
    const ledger = openLedger(dir);
    assert.deepEqual(ledger.reports, [], 'opens clean');
    const store = createStore({ initial: ledger.state, log: ledger.log, clock: () => ++t });
    const before = store.getState();
    const good: DomainEvent = { type: 'user/command', data: { line: `line ${i}`, source: 'shell' } };
    // A bad event in a batch refuses the whole batch: nothing stamped, logged or folded.
    assert.throws(() => store.dispatch([good, event as DomainEvent]), (e: unknown) => e instanceof InvalidEventError && e.refusal.code === 'event.invalid' && e.refusal.field === field && e.message.includes(event.type));
    assert.equal(store.getState(), before);
    store.dispatch(good);
    await store.close();
    const again = openLedger(dir);
    assert.equal(again.state.ledger.commandCount, i + 1, `reopens after ${JSON.stringify(event)}`);
    await again.log.close();
  }
  // The log holds only what was accepted.
  const last = openLedger(dir);
  assert.equal(last.state.ledger.commandCount, bad.length);
  assert.equal(last.state.ledger.fillCount, 0);
  await last.log.close();
});

test('store.dispatch checks durable events only; a fill with a NaN quantity never reaches the log', () => {
  let t = 0;
  const store = createStore({ clock: () => ++t });
  assert.throws(() => store.dispatch({ type: 'order/filled', data: { fill: { ...fill('1', 1, 100), qty: Number.NaN } } }), /data\.fill\.qty must be a finite number/);
  assert.equal(store.getState().lastSeq, 0);
});
