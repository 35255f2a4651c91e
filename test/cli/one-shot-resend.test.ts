import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { openSession } from '../../source/app/session/open-session.js';
import { tmpDir } from '../helpers/tmp.js';
import { atapiInProcess } from '../helpers/atapi-in-process.js';

/*
 * A one-shot command without a daemon opens the ledger, so it sends the cancels a crash cut off
 * (app/session/cancel-resend.ts) and waits for their answers: even `atapi orders`. It did so
 * without a word, and listed the order as still open while its cancel was on its way. It says
 * so on stderr (stdout, and --json, stay the command's own), and waits before the command runs,
 * so what the command shows is after the cancel.
 */

const env = { ...process.env, NO_COLOR: '1' };

/** A data directory whose last process asked to cancel a resting order and died before sending it. */
async function diedAsking(dir: string): Promise<string> {
  const s = await openSession({ exchange: 'sim', dataDir: dir }, { env: {}, stderr: new PassThrough() }, { tickMs: 0 });
  try {
    const r = await s.buy('BTC/USDT', 0.001, Math.round(s.ticker('BTC/USDT').last * 0.5));
    assert.ok(r.ok && r.order.status === 'open', JSON.stringify(r));
    s.dispatch([{ type: 'order/cancel-asked', data: { id: r.order.id, by: { by: 'trader' }, ts: Date.now() } }]);
    await s.store.whenDurable();
    return r.order.id;
  } finally {
    await s.close();
  }
}

test('atapi orders on a directory owing a cancel says on stderr it resends it, and lists the order after it', async () => {
  const dir = tmpDir();
  const id = await diedAsking(dir);
  const r = await atapiInProcess(['orders', '--data-dir', dir], { env });
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, new RegExp(`^atapi: resending cancel of order ${id} BTC/USDT by the trader, asked before the restart$`, 'm'));
  assert.doesNotMatch(r.out, /resending/, 'stdout is the command\'s own');
  assert.doesNotMatch(r.out, new RegExp(`^\\s*${id}\\s.*open`, 'm'), `the order is not listed open: ${r.out}`);
  // The next command owes nothing and says nothing.
  const again = await atapiInProcess(['orders', '--data-dir', dir], { env });
  assert.equal(again.err, '');
});

test('--json: stdout stays the JSON alone; the resend is said on stderr', async () => {
  const dir = tmpDir();
  const id = await diedAsking(dir);
  const r = await atapiInProcess(['orders', '--all', '--json', '--data-dir', dir], { env });
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, new RegExp(`resending cancel of order ${id}`));
  const orders = JSON.parse(r.out) as { id: string; status: string }[];
  assert.equal(orders.find((o) => o.id === id)?.status, 'cancelled', r.out);
});

test('the shell and the app without a daemon say the resends their start sent (before their news began)', async () => {
  const dir = tmpDir();
  const id = await diedAsking(dir);
  const r = await atapiInProcess(['shell', '--data-dir', dir], { env, input: 'orders --all\n' });
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, new RegExp(`resending cancel of order ${id} BTC/USDT by the trader, asked before the restart`));
  assert.doesNotMatch(r.out, /resending/);
});

// Walk (round 6): with the daemon stopped, `atapi strategies` listed three instances "not live" and said nothing more.
test('atapi strategies without a daemon says nothing runs the instances it lists not live, and what would', async () => {
  const dir = tmpDir();
  const started = await atapiInProcess(['start', 'sma', 'BTC/USDT', '--data-dir', dir], { env });
  assert.equal(started.code, 0, started.err);
  const r = await atapiInProcess(['strategies', '--data-dir', dir], { env });
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /sma-BTCUSDT-1m-1 .* not live/);
  assert.match(r.out, new RegExp(`^not live: recorded running, but no daemon runs this ledger, so nothing trades them now; atapi daemon start --data-dir ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} resumes them$`, 'm'));
  const json = await atapiInProcess(['strategies', '--json', '--data-dir', dir], { env });
  assert.equal((JSON.parse(json.out) as unknown[]).length, 1, 'the JSON is the list alone');
});
