import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSession } from '../../source/index.js';
import { futuresTicket } from '../../source/engine/futures-ticket.js';

const PERP = 'BTC/USDT:USDT';

test('futuresTicket: settings, initial margin and the liquidation price the position will have; nothing for spot', async () => {
  const s = await createSession({ persist: false, tickMs: 0, seed: 5, venueConfig: { perpetuals: true } });
  try {
    await s.futures.setLeverage(PERP, 2);
    await s.futures.setMarginMode(PERP, 'isolated');
    const req = { venue: s.venue, symbol: PERP, side: 'buy' as const, type: 'market' as const, qty: 0.05 };
    assert.equal(futuresTicket(s.state(), { ...req, symbol: 'BTC/USDT' }, 100_000), undefined, 'spot has no ticket');
    const before = futuresTicket(s.state(), req, 100_000)!;
    assert.deepEqual([before.leverage, before.marginMode, before.positionMode, before.positionSide], [2, 'isolated', 'one-way', 'BOTH']);
    assert.ok(Math.abs(before.initialMargin - 2_500) < 1e-6, 'notional 5,000 at 2x');
    assert.equal(before.qtyAfter, 0.05);

    // Adding the same size at the entry price at the same leverage keeps an isolated position's
    // liquidation price: the ticket's estimate must be the one the position shows.
    const fill = await s.order({ symbol: PERP, side: 'buy', type: 'market', qty: 0.05 });
    assert.ok(fill.ok && fill.order.status === 'filled');
    const [row] = s.futures.positions();
    const atEntry = futuresTicket(s.state(), { ...req, qty: 0.05 }, row.entryPrice)!;
    assert.ok(row.liquidationPrice !== undefined && Math.abs(atEntry.liquidationPrice! - row.liquidationPrice) < 1e-6 * row.entryPrice, `${atEntry.liquidationPrice} vs ${row.liquidationPrice}`);
    assert.ok(atEntry.liquidationPrice! > row.entryPrice * 0.5 && atEntry.liquidationPrice! < row.entryPrice * 0.6);
    const fresh = futuresTicket(s.state(), { ...req, side: 'sell', qty: 0.05, reduceOnly: true }, row.markPrice)!;
    assert.deepEqual([fresh.initialMargin, fresh.qtyAfter, fresh.liquidationPrice], [0, 0, undefined], 'a close needs no margin and leaves nothing to liquidate');
    const opened = futuresTicket(s.state(), { ...req, qty: 0 }, row.entryPrice)!;
    assert.equal(opened.qtyAfter, undefined, 'no quantity: settings only');

    const flat = await s.order({ symbol: PERP, side: 'sell', type: 'market', qty: 0.05, reduceOnly: true });
    assert.ok(flat.ok);
    await s.futures.setPositionMode('hedge');
    const hedge = futuresTicket(s.state(), { ...req, side: 'sell', positionSide: 'SHORT' }, 100_000)!;
    assert.deepEqual([hedge.positionMode, hedge.positionSide, hedge.qtyAfter], ['hedge', 'SHORT', -0.05]);
    assert.ok(hedge.liquidationPrice! > 100_000, 'a short liquidates above');
    const bare = futuresTicket(s.state(), req, 100_000)!;
    assert.equal(bare.positionSide, undefined, 'hedge mode without a side: no side to show');
  } finally {
    await s.close();
  }
});
