import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSession, type Session } from '../../../source/app/session/session.js';
import type { FuturesApi, FuturesPositionRow } from '../../../source/app/futures/futures-session.js';
import { dailySummary, marginWarnings } from '../../../source/app/notify/notify-watches.js';
import { startNotifier } from '../../../source/app/notify/notifier.js';
import type { NotifyLevels } from '../../../source/app/notify/notify-kinds.js';
import { memoryChannel, until } from './fake-services.js';

const row = (markPrice: number, liquidationPrice: number): FuturesPositionRow => ({ symbol: 'BTC/USDT:USDT', side: 'BOTH', qty: 1, entryPrice: 100, markPrice, liquidationPrice, leverage: 10, marginMode: 'isolated', margin: 10, unrealizedPnl: 0, roe: 0, realizedPnl: 0 });

test('margin warnings: said once when the cross ratio or a position nears liquidation, again only after it eased', () => {
  let r = marginWarnings({ marginRatio: 0.5 }, [row(100, 80)], new Set());
  assert.deepEqual(r.texts, []);
  r = marginWarnings({ marginRatio: 0.85 }, [row(100, 96)], r.warned);
  assert.deepEqual(r.texts, ['liquidation warning: cross margin ratio 85.0% (liquidated at 100%): add margin or reduce positions', 'liquidation warning: BTC/USDT:USDT mark 100.00 is 4.0% from its liquidation price 96.00']);
  r = marginWarnings({ marginRatio: 0.9 }, [row(100, 97)], r.warned);
  assert.deepEqual(r.texts, [], 'not again while it stays close');
  r = marginWarnings({ marginRatio: 0.75 }, [row(100, 85)], r.warned);
  assert.deepEqual(r.texts, []);
  r = marginWarnings({ marginRatio: 0.8 }, [row(100, 96)], r.warned);
  assert.deepEqual(r.texts.length, 1, 'the position eased and came back: warned again; the ratio did not ease below 70%');
  r = marginWarnings({ marginRatio: 0.6 }, [], r.warned);
  r = marginWarnings({ marginRatio: 0.8 }, [], r.warned);
  assert.equal(r.texts.length, 1);
});

test('the notifier watches the futures margin and sends a liquidation warning', async () => {
  const inner = await createSession({ persist: false, tickMs: 0, seed: 1, notifyIntervalMs: 0 });
  let ratio = 0.2;
  const futures = { ...inner.futures, available: true, account: () => ({ ...inner.futures.account(), marginRatio: ratio }), positions: () => [] } as FuturesApi;
  const session = Object.assign(Object.create(inner) as Session, { futures });
  const mem = memoryChannel();
  const got = mem.got;
  const levels: NotifyLevels = { fills: 'on', refusals: 'on', strategies: 'off', alerts: 'on', liquidations: 'on', link: 'on', daemon: 'off', halt: 'off', summary: 'off' };
  const n = startNotifier(session, { channels: [mem], levels, marginEveryMs: 5 });
  try {
    ratio = 0.95;
    await until(() => got.some((x) => x.kind === 'liquidations'), 'a liquidation warning');
    assert.match(got.find((x) => x.kind === 'liquidations')!.text, /cross margin ratio 95\.0%/);
  } finally {
    await n.close(100);
    await inner.close();
  }
});

test('the daily summary counts the fills of its day only, with equity and running strategies', async () => {
  const session = await createSession({ persist: false, tickMs: 0, seed: 1, notifyIntervalMs: 0 });
  try {
    await session.buy('BTC/USDT', 0.01);
    const ts = session.trades()[0]!.ts;
    const day = Math.floor(ts / 86_400_000) * 86_400_000;
    assert.match(dailySummary(session, day, day + 86_400_000), new RegExp(`^daily summary ${new Date(day).toISOString().slice(0, 10)}: equity [\\d,.]+ USDT, 1 fill \\(`));
    assert.match(dailySummary(session, day - 86_400_000, day), /, 0 fills \(0\.00 traded\)/);
  } finally {
    await session.close();
  }
});

test('the daily summary gives the day\'s PnL as pnl --day --by strategy does, its lines adding up, from every fill on record', async () => {
  const inner = await createSession({ persist: false, tickMs: 0, seed: 1, notifyIntervalMs: 0 });
  try {
    await inner.buy('BTC/USDT', 0.01);
    await inner.sell('BTC/USDT', 0.004);
    const fills = inner.fills();
    const day = Math.floor(fills[0]!.ts / 86_400_000) * 86_400_000;
    // The state keeps only its last fills; the ledger's record has more (here: the same fills told twice over).
    const older = fills.map((f) => ({ ...f, tradeId: `${f.tradeId}-old`, ts: f.ts - 1 }));
    const session = Object.assign(Object.create(inner) as Session, { fills: () => [...older, ...fills], trades: () => fills });
    const text = dailySummary(session, day, day + 86_400_000);
    const lines = text.split('\n');
    assert.match(lines[0], /, 4 fills \(/, 'every fill on record, not the state\'s last ones');
    const total = /^PnL of the day: ([+-][\d,.]+) USDT \(realised ([+-][\d,.]+) net of fees ([\d,.]+), unrealised ([+-][\d,.]+)\), 4 trades$/.exec(lines[1]);
    assert.ok(total, text);
    const manual = /^manual: ([+-][\d,.]+) USDT \(realised ([+-][\d,.]+) net of fees ([\d,.]+), unrealised ([+-][\d,.]+)\), 4 trades$/.exec(lines[2]);
    assert.ok(manual, text);
    assert.deepEqual(manual.slice(1), total.slice(1), 'the only owner\'s line is the day\'s total');
    assert.equal(lines.at(-1), 'no strategy running');
    assert.match(dailySummary(session, day + 86_400_000, day + 2 * 86_400_000), /0 fills/);
  } finally {
    await inner.close();
  }
});
