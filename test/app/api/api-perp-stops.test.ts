import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { startApiServer } from '../../../source/app/api/api-server.js';
import { readToken } from '../../../source/app/api/api-token.js';
import { createSession } from '../../../source/app/session/session.js';

test('api: POST orders takes a perpetual stop ("stopPrice") and "reduceOnly", through the same checks; a reduce-only that would add is refused, nothing placed', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'api-perp-stops-'));
  const s = await createSession({ dataDir: dir, tickMs: 0, seed: 4, venueConfig: { perpetuals: true }, notifyIntervalMs: 0 });
  const api = await startApiServer(s, { port: 0, dataDir: dir, status: () => ({}) as never });
  const token = readToken(dir, 'api')!;
  const post = async (body: unknown) => {
    const res = await fetch(`${api.url}/api/v1/orders`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  try {
    const sym = 'BTC/USDT:USDT';
    const p = s.ticker(sym).last;
    assert.equal((await post({ symbol: sym, side: 'buy', quantity: 0.01 })).status, 201);
    const wrong = await post({ symbol: sym, side: 'buy', quantity: 0.01, stopPrice: Math.round(p * 1.02), reduceOnly: true });
    assert.equal(wrong.status, 422, JSON.stringify(wrong.body));
    assert.equal(wrong.body.code, 'futures.reduce-only');
    const both = await post({ symbol: sym, side: 'sell', quantity: 0.01, stopPrice: Math.round(p * 0.98), trailing: '1%' });
    assert.deepEqual([both.status, both.body.field], [400, 'stopPrice']);
    assert.equal(s.orders().length, 0, 'nothing placed');
    const stop = await post({ symbol: sym, side: 'sell', quantity: 0.01, stopPrice: Math.round(p * 0.98), reduceOnly: true });
    assert.equal(stop.status, 201, JSON.stringify(stop.body));
    assert.deepEqual([stop.body.status, stop.body.stopPrice, stop.body.stopTrigger, stop.body.reduceOnly], ['open', Math.round(p * 0.98), 'below', true]);
    const trail = await post({ symbol: sym, side: 'sell', quantity: 0.01, trailing: '1%', reduceOnly: true });
    assert.equal(trail.status, 201, JSON.stringify(trail.body));
    await s.store.whenDurable();
    const lines = s.history({ type: 'user/command' }).map((e) => (e.event as { data: { line: string } }).data.line);
    assert.ok(lines.includes(`sell ${sym} 0.01 --stop ${Math.round(p * 0.98)} --reduce-only`), lines.join('\n'));
  } finally {
    await api.close('test over');
    await s.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
