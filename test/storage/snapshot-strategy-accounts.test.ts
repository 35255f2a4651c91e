import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { tmpDir } from '../helpers/tmp.js';
import { openLedger, LOG_FILE, SNAPSHOT_FILE } from '../../source/adapters/storage/ledger-files.js';
import { writeSnapshot } from '../../source/adapters/storage/snapshot-file.js';
import { nodeFs } from '../../source/adapters/storage/storage-fs.js';
import { encodeRecord } from '../../source/adapters/storage/record-codec.js';
import type { DomainEvent, Envelope } from '../../source/domain/index.js';
import { applyEvents, initialState, selectStrategyAccount, toSnapshot } from '../../source/store/index.js';
import { fill, order } from '../helpers/fixtures.js';

const id = 'sma-BTCUSDT-1m-1';

/**
 * A ledger of one instance's buy whose snapshot, as an older atapi wrote it, lacks `field`
 * (a per-instance map added later); returns it opened.
 */
function openWithOldSnapshot(field: 'strategyAccounts' | 'strategyTrades') {
  const dir = tmpDir('atapi-snap-');
  const events: DomainEvent[] = [
    { type: 'strategy/status', data: { strategyId: id, name: 'sma', symbol: 'BTC/USDT', venue: 'sim', mode: 'paper', status: 'running', params: {} } },
    { type: 'order/submitted', data: { order: order('1', { strategyId: id, type: 'market' }) } },
    { type: 'order/filled', data: { fill: fill('1', 1, 100) } },
  ];
  const envs: Envelope[] = events.map((event, i) => ({ seq: i + 1, ts: 1_000 + i, event }));
  fs.writeFileSync(path.join(dir, LOG_FILE), envs.map(encodeRecord).join(''));
  const state = applyEvents(initialState(), envs);
  assert.equal(selectStrategyAccount(state, id).qty, 1);
  const { [field]: _, ...old } = state.ledger;
  writeSnapshot(path.join(dir, SNAPSHOT_FILE), { ...toSnapshot(state), ledger: old }, nodeFs);
  return openLedger(dir);
}

test('a snapshot written before instance accounts existed is not trusted for them: the log is replayed whole', async () => {
  const opened = openWithOldSnapshot('strategyAccounts');
  try {
    assert.equal(opened.replayed, 3, 'replayed from the start');
    assert.equal(selectStrategyAccount(opened.state, id).qty, 1, 'the instance still owns what it bought');
  } finally {
    await opened.log.close();
  }
});

test('a snapshot written before instances kept their trades is replayed whole: status has every trade', async () => {
  const opened = openWithOldSnapshot('strategyTrades');
  try {
    assert.equal(opened.replayed, 3, 'replayed from the start');
    assert.deepEqual(opened.state.ledger.strategyTrades?.[id]?.map((f) => f.orderId), ['1']);
  } finally {
    await opened.log.close();
  }
});
