import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openLedger } from '../../source/adapters/storage/ledger-files.js';
import type { DomainEvent, Envelope } from '../../source/domain/index.js';
import { applyEvents, createStore, initialState } from '../../source/store/index.js';
import { FaultyFs, SimulatedCrash } from '../../sim/faulty-fs.js';
import { fill, order } from '../helpers/fixtures.js';
import { seededRandom as seeded } from '../helpers/seeded.js';


function batchFor(i: number): DomainEvent[] {
  const { price: _limit, ...o } = order(String(i), { type: 'market', qty: 1 });
  if (i % 2 === 1) return [{ type: 'order/submitted', data: { order: o } }];
  return [
    { type: 'order/accepted', data: { id: String(i - 1), exchangeOrderId: `x${i}`, ts: i } },
    { type: 'order/filled', data: { fill: fill(String(i - 1), 1, 100, { tradeId: `t${i}` }) } },
    { type: 'account/balances', data: { venue: 'sim', balances: { BTC: { free: i, locked: 0 } }, full: false } },
  ];
}

/**
 * The machine dies at every byte of the log's writes (a torn write), and what survives of the
 * unsynced bytes is chosen by a seeded disk: each restart must hold every acknowledged batch,
 * and whole batches only.
 */
test('a crash at any byte of a log write keeps every acknowledged batch and only whole batches', async () => {
  const total = 24;
  let checked = 0;
  for (let k = 0; k < 2_400; k += 7) {
    const d = new FaultyFs({ random: seeded(k), zeroTails: true });
    let t = 0;
    const ledger = openLedger('/data/l', { fs: d });
    const store = createStore({ initial: ledger.state, log: ledger.log, clock: () => ++t });
    d.tearAfter(k);
    const sent: Envelope[][] = [];
    let acknowledged = 0;
    try {
      for (let i = 1; i <= total && !d.crashed; i++) {
        sent.push([...store.dispatch(batchFor(i))]);
        // Every third batch is awaited alone; others go out in groups (group commit).
        if (i % 3 === 0 || i === total) {
          await store.whenDurable();
          acknowledged = sent.length;
        }
      }
    } catch (err) {
      if (!(err instanceof SimulatedCrash) && !/simulated crash/.test((err as Error).message)) throw err;
    }
    if (!d.crashed) break; // k is past everything written: done
    const after = d.crash();
    const l = openLedger('/data/l', { fs: after });
    const legal: State[] = [];
    let s = initialState();
    legal.push(s);
    for (const b of sent) legal.push((s = applyEvents(s, b)));
    const i = legal.findIndex((x) => isDeepStrictEqualLedger(x, l.state));
    assert.ok(i >= 0, `tear at ${k}: the state is not a whole number of batches`);
    assert.ok(i >= acknowledged, `tear at ${k}: ${acknowledged} batches were acknowledged, only ${i} survived`);
    assert.ok(l.reports.length <= 1);
    await l.log.close();
    checked++;
  }
  assert.ok(checked > 100, `checked ${checked} crash points`);
});

type State = ReturnType<typeof initialState>;
function isDeepStrictEqualLedger(a: State, b: State): boolean {
  try {
    assert.deepStrictEqual(a.ledger, b.ledger);
    return true;
  } catch {
    return false;
  }
}
