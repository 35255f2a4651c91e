import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Session } from '../../../source/app/session/session.js';
import { attachDaemon } from '../../../source/app/daemon/remote-session.js';
import { runLine } from '../../../source/shell/run-line.js';
import { inProcessDaemon, until } from '../../helpers/daemon.js';
import { apiFixture } from './api-fixture.js';

/** Instance `id` bought 0.001 BTC of its own; then the exchange's account reads no BTC (a reset sandbox, a sale on its site). */
async function gone(s: Session, id: string): Promise<void> {
  s.dispatch([{ type: 'strategy/status', data: { strategyId: id, name: 'sma', symbol: 'BTC/USDT', venue: s.venue, mode: 'paper', status: 'stopped', params: {}, timeframe: '1m', size: '100USDT' } }]);
  const r = await s.order({ symbol: 'BTC/USDT', side: 'buy', type: 'market', qty: 0.001, strategyId: id });
  assert.ok(r.ok, r.ok ? '' : r.error);
  const usdt = s.state().ledger.balances[s.venue]!.USDT!;
  s.dispatch([{ type: 'account/balances', data: { venue: s.venue, balances: { USDT: usdt }, full: true } }]);
  assert.equal(s.strategies().find((v) => v.id === id)?.notHeld?.cover, 'none');
}

test('attached to the daemon: strategies write-off previews from the replica and is done by the daemon, recorded once, seen by both', async () => {
  const d = await inProcessDaemon(5);
  try {
    await gone(d.session, 'X');
    const a = await attachDaemon(d.socketPath, { notifyIntervalMs: 0 });
    const run = (line: string) => runLine(a, line, { source: 'shell', color: false });
    const preview = await run('strategies write-off X');
    assert.equal((preview.json as { code: string }).code, 'confirm.yes', preview.text);
    const done = await run('strategies write-off X --yes');
    assert.ok(done.ok, done.text);
    assert.match(done.text, /wrote off what the account no longer holds:\n {2}X: 0\.001 of its own 0\.001 BTC at its entry/);
    assert.equal(d.session.state().ledger.strategyAccounts?.X?.qty, 0, "the daemon's ledger");
    await until(() => a.state().ledger.strategyAccounts?.X?.qty === 0, 'the replica has it');
    assert.equal(a.strategies().find((v) => v.id === 'X')?.notHeld, undefined);
    assert.equal(d.session.state().ledger.strategyWriteOffs?.X?.length, 1, 'recorded once');
    await a.close();
  } finally {
    await d.server.close('test over');
    await d.session.close();
  }
});

test('api: POST /strategies/:id/write-off writes off the gone part (the POST is the confirmation); nothing gone is a refusal with its code; unknown is 404', async () => {
  const f = await apiFixture();
  try {
    await gone(f.session, 'X');
    const r = await f.call('POST', '/api/v1/strategies/X/write-off', { body: {} });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.items.map((i: { id: string; qty: number; held: number }) => [i.id, i.qty, i.held]), [['X', 0.001, 0]]);
    assert.equal(f.session.state().ledger.strategyWriteOffs?.X?.[0]?.source, 'api');
    const again = await f.call('POST', '/api/v1/strategies/X/write-off', { body: {} });
    assert.equal(again.body.code, 'strategy.write-off');
    assert.ok(again.status >= 400 && again.status < 500, String(again.status));
    assert.match(again.body.error ?? again.body.message ?? JSON.stringify(again.body), /it holds nothing of its own/);
    assert.equal((await f.call('POST', '/api/v1/strategies/nope/write-off', { body: {} })).status, 404);
    assert.equal(f.session.state().ledger.strategyWriteOffs?.X?.length, 1);
  } finally {
    await f.close();
  }
});
