import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkClockSkew, clockOffsetMs, skewWarning } from '../../source/adapters/ccxt/clock-skew.js';
import { createSession } from '../../source/app/session/session.js';
import { startSandbox } from '../../source/sandbox/sandbox-server.js';

test('clock offset: the server read half way through the round trip; past 1 s a warning that says what to do', () => {
  assert.equal(clockOffsetMs(10_000, 10_050, 10_100), 0);
  assert.equal(clockOffsetMs(10_000, 7_050, 10_100), 3_000);
  assert.equal(skewWarning('binance', 999), undefined);
  assert.equal(skewWarning('binance', -1_000), undefined);
  assert.equal(skewWarning('binance', 2_500), "the local clock is 2.5 s ahead of binance's server: signed requests (orders) fail past about 1 s ahead or the receive window behind; sync the clock (timedatectl set-ntp true, or chrony)");
  assert.match(skewWarning('binance', -4_000)!, /^the local clock is 4\.0 s behind binance's server/);
});

test('checkClockSkew never throws and gives no verdict without an answer or on a slow one', async () => {
  let t = 0;
  const clock = (): number => t;
  assert.equal(await checkClockSkew('x', undefined, clock), undefined);
  assert.equal(await checkClockSkew('x', () => Promise.reject(new Error('ECONNREFUSED')), clock), undefined);
  assert.equal(await checkClockSkew('x', () => Promise.resolve(undefined), clock), undefined);
  // 5 s round trip: the server's moment is uncertain by 2.5 s, more than the limit.
  assert.equal(await checkClockSkew('x', async () => ((t += 5_000), 0), clock), undefined);
  t = 0;
  assert.match((await checkClockSkew('x', async () => ((t += 10), -3_000), clock))!, /3\.0 s ahead of x's server/);
});

test('at start on a real exchange (the sandbox, its clock 3 s ahead) the venue warns that the local clock is behind; it does not wait for it', async () => {
  const sbx = await startSandbox({ seed: 3, tickMs: 50, clock: () => Date.now() + 3_000 });
  const warnings: string[] = [];
  const session = await createSession({ exchange: 'binance', mode: 'paper', persist: false, venueConfig: { sandboxUrl: sbx.url, symbols: ['BTC/USDT'], onWarning: (m) => warnings.push(m) } });
  try {
    const end = Date.now() + 20_000;
    while (!warnings.some((w) => w.includes('clock')) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    const said = warnings.filter((w) => w.includes('clock'));
    assert.equal(said.length, 1, warnings.join('\n'));
    assert.match(said[0], /^the local clock is (2\.\d|3\.\d) s behind binance-sandbox's server/);
  } finally {
    await session.close();
    await sbx.close();
  }
});
