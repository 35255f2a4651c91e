import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimVenue } from '../../../source/adapters/simulated/sim-venue.js';
import { createSession } from '../../../source/app/session/session.js';
import { runLine } from '../../../source/shell/run-line.js';
import { fromSnapshot, toSnapshot } from '../../../source/store/index.js';
import { tmpDir } from '../../helpers/tmp.js';

const settle = () => new Promise((r) => setImmediate(r));

test('alerts: set in the shell, go off once when the price reaches the level, survive a restart, and can be removed', async () => {
  const dir = tmpDir();
  let t = Date.UTC(2026, 0, 1);
  const clock = () => (t += 1000);
  const venue = new SimVenue({ seed: 4, clock, tickMs: 0 });
  const s = await createSession({ dataDir: dir, venue, clock, fsync: false });
  const last = s.ticker('BTC/USDT').last;
  let out = await runLine(s, `alert BTC/USDT above ${Math.floor(last - 1000)}`, { source: 'shell', color: false });
  assert.equal(out.ok, true, out.text);
  // Prices at the market's tick size, as everywhere (was 'BTC/USDT > 93,000 (last 94,065)': walk,
  // round 5; changed deliberately).
  assert.match(out.text, /^alert 1: BTC\/USDT > [\d,]+\.00 \(last [\d,]+\.\d\d\)$/);
  out = await runLine(s, `alert btc-usdt < ${Math.floor(last / 2)}`, { source: 'shell', color: false });
  assert.match(out.text, /^alert 2: BTC\/USDT < /);
  assert.match((await runLine(s, 'alert BTC/USDT sideways 5', { source: 'shell', color: false })).text, /bad direction "sideways": use > \(or above\) or < \(or below\)/);
  assert.match((await runLine(s, 'alert rm 9', { source: 'shell', color: false })).text, /no waiting alert 9/);
  venue.tick();
  await settle();
  venue.tick();
  await settle();
  const fired = s.state().ledger.triggeredAlerts;
  assert.equal(fired.length, 1, 'alert 1 went off, once, though two ticks were above it');
  assert.equal(fired[0].id, '1');
  assert.deepEqual(s.alerts().map((a) => a.id), ['2']);
  out = await runLine(s, 'alerts', { source: 'shell', color: false });
  assert.match(out.text, /2\s+BTC\/USDT\s+< [\d,]+\.00\s+waiting/);
  assert.match(out.text, /1\s+BTC\/USDT\s+> [\d,.]+\s+went off at [\d,.]+/);
  await s.close();

  const again = await createSession({ dataDir: dir, venue: new SimVenue({ seed: 4, clock, tickMs: 0 }), clock, fsync: false });
  assert.deepEqual(again.alerts().map((a) => a.id), ['2'], 'a waiting alert outlives a restart');
  assert.equal(again.state().ledger.triggeredAlerts.length, 1);
  out = await runLine(again, 'alert rm 2', { source: 'shell', color: false });
  assert.equal(out.text, 'alert 2 removed');
  assert.deepEqual(again.alerts(), []);
  await again.close();
});

test('a snapshot from before alerts existed opens with none', () => {
  const s = fromSnapshot({ ...toSnapshot(fromSnapshot({ version: 1, seq: 3, ts: 1, ledger: { orders: {}, closedOrderIds: [], orderCount: 0, fills: [], fillCount: 0, balances: {}, positions: {}, strategies: {}, commandCount: 0, notices: [] } as never })) });
  assert.deepEqual(s.ledger.alerts, {});
  assert.equal(s.ledger.alertCount, 0);
});
