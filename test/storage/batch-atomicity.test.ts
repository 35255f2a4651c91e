import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { tmpDir } from '../helpers/tmp.js';
import { openLedger, LOG_FILE } from '../../source/adapters/storage/ledger-files.js';
import { applyEvents, createStore, initialState } from '../../source/store/index.js';
import type { DomainEvent, Envelope } from '../../source/domain/index.js';
import { fill, order } from '../helpers/fixtures.js';

/** What one market order's answer looks like: accepted, filled, balances, in one dispatch. */
function lifecycle(id: number): { submit: DomainEvent[]; answer: DomainEvent[] } {
  const { price: _limit, ...o } = order(String(id), { type: 'market', qty: 0.5 });
  return {
    submit: [{ type: 'order/submitted', data: { order: o } }],
    answer: [
      { type: 'order/accepted', data: { id: o.id, exchangeOrderId: `x${id}`, ts: id } },
      { type: 'market/ticker', data: { venue: 'sim', symbol: 'BTC/USDT', bid: 99, ask: 101, last: 100, open24h: 100, high24h: 100, low24h: 100, volume24h: 1, ts: id } },
      { type: 'order/filled', data: { fill: fill(o.id, 0.5, 100, { tradeId: `t${id}` }) } },
      { type: 'account/balances', data: { venue: 'sim', balances: { USDT: { free: 10_000 - 50 * id, locked: 0 }, BTC: { free: 0.5 * id, locked: 0 } }, full: false } },
    ],
  };
}

/**
 * Defect 6: a torn tail cut a dispatched batch in half (an order left open with its fill
 * gone, or balances that disagree with positions). Truncating the log at every byte of its
 * last batches must always give the state after a whole number of dispatches.
 */
test('a torn tail drops the last dispatched batch whole, never half of it', async () => {
  const dir = tmpDir('atapi-batch-');
  let t = 0;
  const ledger = openLedger(dir);
  const store = createStore({ initial: ledger.state, log: ledger.log, clock: () => ++t });
  const dispatched: Envelope[][] = [];
  for (let id = 1; id <= 6; id++) {
    const { submit, answer } = lifecycle(id);
    dispatched.push(store.dispatch(submit).filter((e) => !e.event.type.startsWith('market/')));
    dispatched.push(store.dispatch(answer).filter((e) => !e.event.type.startsWith('market/')));
  }
  await store.close();
  const full = fs.readFileSync(path.join(dir, LOG_FILE));
  // Every state a crash may legally leave: after 0, 1, 2, ... whole dispatches.
  const legal: string[] = [];
  let s = initialState();
  legal.push(JSON.stringify(s.ledger));
  for (const batch of dispatched) {
    s = applyEvents(s, batch);
    legal.push(JSON.stringify(s.ledger));
  }
  const work = tmpDir('atapi-batch-work-');
  const wfile = path.join(work, LOG_FILE);
  const from = Math.floor(full.length / 2);
  let cuts = 0;
  for (let cut = from; cut <= full.length; cut++) {
    fs.writeFileSync(wfile, full.subarray(0, cut));
    for (const f of fs.readdirSync(work)) if (f !== LOG_FILE) fs.rmSync(path.join(work, f));
    const l = openLedger(work);
    const got = JSON.stringify(l.state.ledger);
    assert.ok(legal.includes(got), `cut at byte ${cut} of ${full.length} left a state no whole number of dispatches gives`);
    const o = Object.values(l.state.ledger.orders).find((x) => x.status === 'open');
    assert.equal(o, undefined, `cut at ${cut}: a market order is left open without its fill`);
    await l.log.close();
    cuts++;
  }
  assert.ok(cuts > 200, `checked ${cuts} cut points`);
});
