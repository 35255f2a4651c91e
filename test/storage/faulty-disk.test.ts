import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openLedger } from '../../source/adapters/storage/ledger-files.js';
import { createStore } from '../../source/store/index.js';
import { FaultyFs } from '../../sim/faulty-fs.js';
import { mixedStream } from '../helpers/fixtures.js';

test('the real ledger code runs on the in-memory disk: what was made durable survives a crash', async () => {
  let disk = new FaultyFs({ random: () => 0.5 });
  let t = 0;
  const ledger = openLedger('/data/sim', { fs: disk });
  const store = createStore({ initial: ledger.state, log: ledger.log, clock: () => ++t });
  for (const e of mixedStream(300)) store.dispatch([e]);
  await store.whenDurable();
  const acknowledged = store.getState().ledger;
  store.dispatch({ type: 'user/command', data: { line: 'not yet synced', source: 'shell' } });
  disk = disk.crash();
  const again = openLedger('/data/sim', { fs: disk });
  assert.ok(again.state.ledgerSeq >= ledger.state.ledgerSeq);
  assert.deepEqual(again.state.ledger.orders, acknowledged.orders);
  assert.deepEqual(again.state.ledger.fills, acknowledged.fills);
  await again.log.close();
});
