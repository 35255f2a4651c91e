import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSandbox, type Sandbox } from '../../../source/sandbox/sandbox-server.js';
import { createSession, type Session } from '../../../source/app/session/session.js';
import { tmpDir } from '../../helpers/tmp.js';
import { waitUntil } from '../../helpers/tmux.js';

/*
 * The ccxt path against the sandbox's Binance: a process recorded the trader's cancel ask and
 * died before sending it. The sandbox keeps the order resting; the next process's reconcile
 * finds it open and sends the cancel again, recorded in the asker's words. Before, the
 * reconcile left it open (its ask only worded the reason of a cancel found done).
 */

let sbx: Sandbox;
/** The market never ticks: the resting buy far below it stays resting. */
const FROZEN = 1_000_000_000;
before(async () => {
  sbx = await startSandbox({ seed: 7, tickMs: FROZEN });
});
after(async () => {
  await sbx.close();
});

function open(dir: string): Promise<Session> {
  return createSession({
    venues: [`sbx@${sbx.url}`],
    mode: 'testnet',
    dataDir: dir,
    fsync: false,
    venueConfig: { keys: { sbx: { apiKey: sbx.apiKey, secret: sbx.secret } }, symbols: ['BTC/USDT'], sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 50))) },
  });
}

test('ccxt: the cancel an earlier process asked for and never sent goes after the restart; the sandbox no longer holds the order', async () => {
  const dir = tmpDir('atapi-resend-sbx-');
  const first = await open(dir);
  let id: string;
  let client: string;
  try {
    await waitUntil(() => first.ticker('BTC/USDT').last > 0, 'a BTC/USDT price');
    const r = await first.buy('BTC/USDT', 0.001, Math.round(first.ticker('BTC/USDT').last * 0.5));
    assert.ok(r.ok, JSON.stringify(r));
    await waitUntil(() => first.state().ledger.orders[r.order.id].status === 'open', 'the buy to rest');
    id = r.order.id;
    client = r.order.clientOrderId;
    // What a process killed between the ask and the send leaves: the ask on disk, no cancel.
    first.dispatch([{ type: 'order/cancel-asked', data: { id, by: { by: 'trader' }, ts: Date.now() } }]);
    await first.store.whenDurable();
  } finally {
    await first.close();
  }

  const again = await open(dir);
  try {
    await waitUntil(() => again.state().ledger.orders[id].status !== 'open', `order ${id} to be cancelled again`);
    const o = again.state().ledger.orders[id];
    assert.equal(o.status, 'cancelled');
    assert.equal(o.reason, 'cancelled by the trader');
    const resent = again.history({}).filter((e) => e.event.type === 'order/cancel-asked' && e.event.data.id === id && e.event.data.resent);
    assert.equal(resent.length, 1);
    // The sandbox's own book of the account: the order is cancelled there, not only in the ledger.
    const there = [...sbx.exchange.account(sbx.apiKey).orders.values()].find((x) => x.wire.clientOrderId === client);
    assert.equal(there?.wire.status, 'CANCELED');
  } finally {
    await again.close();
  }
});
