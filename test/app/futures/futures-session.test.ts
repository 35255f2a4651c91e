import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSession } from '../../../source/index.js';
import { tmpDir } from '../../helpers/tmp.js';

const PERP = 'BTC/USDT:USDT';

test('futures through the session: leverage cap before sending, a 2x long with its liquidation price, mode switch refused while open, reduce-only close', async () => {
  const s = await createSession({ persist: false, tickMs: 0, seed: 5, venueConfig: { perpetuals: true } });
  try {
    assert.equal(s.futures.available, true);
    assert.equal(s.symbol('btc/usdt:usdt'), PERP);
    const marks = s.state().market.marks ?? {};
    assert.ok(marks[`sim:${PERP}`]!.markPrice > 0);
    await assert.rejects(s.futures.setLeverage(PERP, 3), /above atapi's limit of 2x \(risk\.maxLeverage\)/);
    assert.equal(s.history({ type: 'futures/leverage' }).length, 0, 'nothing was sent');
    await assert.rejects(s.futures.setLeverage('BTC/USDT', 2), /BTC\/USDT is a spot market/);
    await s.futures.setLeverage(PERP, 2);
    assert.deepEqual(s.futures.symbolSettings(PERP), { leverage: 2, marginMode: 'cross' });

    const long = await s.order({ symbol: PERP, side: 'buy', type: 'market', qty: 0.05 });
    assert.ok(long.ok && long.order.status === 'filled', long.ok ? '' : long.error);
    const [row] = s.futures.positions();
    assert.deepEqual([row.symbol, row.side, row.qty, row.leverage], [PERP, 'BOTH', 0.05, 2]);
    assert.ok(row.liquidationPrice === undefined || row.liquidationPrice < row.entryPrice, 'a cross long liquidates below its entry, if at all');
    assert.equal(s.positions().filter((p) => p.symbol === PERP).length, 0, 'a perpetual is not a spot holding');
    const acct = s.futures.account();
    assert.ok(acct.walletBalance < 10_000 && acct.walletBalance > 9_990, `fee paid: ${acct.walletBalance}`);

    await assert.rejects(s.futures.setPositionMode('hedge'), /cannot change while positions are open \(BTC\/USDT:USDT\); close them first \(Binance -4068\)/);
    const flip = await s.order({ symbol: PERP, side: 'sell', type: 'market', qty: 0.06, reduceOnly: true });
    assert.ok(!flip.ok && /would flip the long position of 0.05/.test(flip.error));
    const close = await s.order({ symbol: PERP, side: 'sell', type: 'market', qty: 0.05, reduceOnly: true });
    assert.ok(close.ok && close.order.status === 'filled');
    assert.equal(s.futures.positions().length, 0);
    await s.futures.setPositionMode('hedge');
    assert.equal(s.futures.account().positionMode, 'hedge');
    const bare = await s.order({ symbol: PERP, side: 'buy', type: 'market', qty: 0.01 });
    assert.ok(!bare.ok && /hedge mode; say which position/.test(bare.error));
  } finally {
    await s.close();
  }
});

test('futures state survives a restart: position, leverage, mode and wallet; the starting wallet is given once', async () => {
  const dir = tmpDir();
  const a = await createSession({ dataDir: dir, tickMs: 0, seed: 8, venueConfig: { perpetuals: true } });
  await a.futures.setLeverage('ETH/USDT:USDT', 2);
  const r = await a.order({ symbol: 'ETH/USDT:USDT', side: 'sell', type: 'market', qty: 0.5 });
  assert.ok(r.ok, r.ok ? '' : r.error);
  const before = { positions: a.futures.positions().map((p) => [p.symbol, p.qty, p.entryPrice, p.leverage]), wallet: a.futures.account().walletBalance };
  await a.close();
  const b = await createSession({ dataDir: dir, tickMs: 0, seed: 8, venueConfig: { perpetuals: true } });
  try {
    assert.deepEqual(b.futures.positions().map((p) => [p.symbol, p.qty, p.entryPrice, p.leverage]), before.positions);
    assert.equal(b.futures.account().walletBalance, before.wallet);
    assert.equal(b.history({ type: 'futures/wallet' }).length, 1);
    // The exchange remembers the position: a reduce-only buy closes it, a second is refused.
    assert.ok((await b.order({ symbol: 'ETH/USDT:USDT', side: 'buy', type: 'market', qty: 0.5, reduceOnly: true })).ok);
    const again = await b.order({ symbol: 'ETH/USDT:USDT', side: 'buy', type: 'market', qty: 0.5, reduceOnly: true });
    assert.ok(!again.ok && /no position to reduce/.test(again.error));
  } finally {
    await b.close();
  }
});
