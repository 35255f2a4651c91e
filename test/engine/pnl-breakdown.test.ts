import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pnlBreakdown } from '../../source/engine/pnl-breakdown.js';
import { periodPnl } from '../../source/engine/pnl-period.js';
import { fill } from '../helpers/fixtures.js';

const at = (iso: string): number => Date.parse(iso);
// Wednesday 2026-12-09, 15:30 UTC.
const NOW = at('2026-12-09T15:30:00Z');
const near = (a: number, b: number): boolean => Math.abs(a - b) < 1e-9;
const book0 = (symbol: string) => fill('1', 0.05, 100, { symbol, side: 'sell', ts: at('2026-12-09T10:00:00Z') });
const last = (symbol: string): number | undefined => ({ 'BTC/USDT': 140, 'ETH/USDT': 12, 'ETH/BTC': 0.05 })[symbol];
const owners: Record<string, string> = { '1': 'manual', '2': 'sma-1', '3': 'sma-1', '4': 'manual', '5': 'grid-2', '6': 'grid-2' };
const owner = (id: string): string => owners[id] ?? 'unknown';

const fills = [
  fill('1', 1, 100, { ts: at('2026-11-20T10:00:00Z'), fee: 0.1 }),
  fill('2', 1, 120, { ts: at('2026-12-07T10:00:00Z'), fee: 0.12 }),
  fill('3', 1, 130, { side: 'sell', ts: at('2026-12-08T09:00:00Z'), fee: 0.13 }),
  fill('4', 1, 135, { side: 'sell', ts: at('2026-12-09T09:00:00Z'), fee: 0.135 }),
  fill('5', 2, 10, { symbol: 'ETH/USDT', ts: at('2026-12-09T10:00:00Z'), fee: 0.02 }),
  fill('6', 1, 0.04, { symbol: 'ETH/BTC', ts: at('2026-12-09T11:00:00Z'), fee: 0.001, feeAsset: 'BNB' }),
];

test('pnl by symbol and by day add up to the period\'s figures, per quote', () => {
  for (const period of ['day', 'week', 'month'] as const) {
    const whole = periodPnl(fills, period, NOW, last).byQuote;
    // By strategy each keeps its own position and entry, so its realised figures differ (the next test).
    for (const by of ['symbol', 'day'] as const) {
      const b = pnlBreakdown(fills, period, by, NOW, last, owner);
      for (const quote of Object.keys(whole)) {
        for (const k of ['realised', 'fees', 'unrealised', 'pnl', 'trades'] as const) assert.ok(near(b.totals[quote][k], whole[quote][k]), `${period} by ${by}: ${quote} ${k} ${b.totals[quote][k]} vs ${whole[quote][k]}`);
        assert.deepEqual(b.totals[quote].otherFees, whole[quote].otherFees);
      }
    }
  }
});

test('pnl by strategy: each strategy\'s own position (sma-1 bought at 120 and sold at 130; yours at 100 and 135)', () => {
  const b = pnlBreakdown(fills, 'week', 'strategy', NOW, last, owner);
  const row = (key: string, quote = 'USDT') => b.rows.find((r) => r.key === key && r.quote === quote)!;
  // Realised is net of fees (was 10 and 35, before fees: changed deliberately).
  assert.ok(near(row('sma-1').realised, 10 - 0.12 - 0.13), 'sma-1: 130 - 120, less its two fees');
  assert.equal(row('sma-1').trades, 2);
  // Yours: bought last month at 100, sold this week at 135: counts this week, against its real entry.
  assert.ok(near(row('manual').realised, 35 - 0.135), 'less this week\'s fee only');
  assert.equal(row('manual').trades, 1);
  assert.ok(near(row('grid-2').unrealised, 4), 'ETH/USDT: 2 at 10, last 12');
  assert.ok(near(row('grid-2', 'BTC').unrealised, 0.01), 'ETH/BTC in BTC, never converted');
  assert.deepEqual(row('grid-2', 'BTC').otherFees, { BNB: 0.001 });
  assert.deepEqual(b.rows.map((r) => `${r.key}/${r.quote}`), ['grid-2/BTC', 'grid-2/USDT', 'manual/USDT', 'sma-1/USDT']);
});

test('pnl by day: one line per UTC day with trades; what is open now counts on today\'s line', () => {
  const b = pnlBreakdown(fills, 'week', 'day', NOW, last, owner);
  assert.deepEqual(b.rows.map((r) => `${r.key}/${r.quote}`), ['2026-12-07/USDT', '2026-12-08/USDT', '2026-12-09/BTC', '2026-12-09/USDT']);
  const day = (key: string) => b.rows.find((r) => r.key === key && r.quote === 'USDT')!;
  assert.equal(day('2026-12-07').unrealised, 0, 'a past day: no price of that day is guessed');
  assert.ok(near(day('2026-12-08').realised, 20 - 0.13), 'sold 1 at 130 against the average 110, less the day\'s fee (net of fees: changed deliberately)');
  assert.ok(near(day('2026-12-09').realised, 25 - 0.135 - 0.02), 'sold 1 at 135 against 110, less the day\'s USDT fees');
  assert.ok(near(day('2026-12-09').unrealised, 4), 'ETH/USDT open now');
  assert.equal(pnlBreakdown([], 'day', 'day', NOW, last, owner).rows.length, 0);
});

test('pnl by strategy reads the share rule: an instance\'s unrealised is on what the account holds of its own; the part closed outside it is manual\'s at the instance\'s entry, its close realised there, every TOTAL PnL as it was', () => {
  const PERP = 'BTC/USDT:USDT';
  const perpLast = (symbol: string): number | undefined => (symbol === PERP ? 120 : undefined);
  const who: Record<string, string> = { '1': 'sma-ls-1', '2': 'manual' };
  const byWho = (id: string): string => who[id] ?? 'unknown';
  for (const [closed, cover] of [
    [0.05, { own: -0.05, held: 0, cover: 'none' as const }],
    [0.03, { own: -0.05, held: -0.02, cover: 'partly' as const }],
  ] as const) {
    // The instance sold 0.05 at 100; the trader bought `closed` at 110 (a close by hand with --force).
    const book = [
      fill('1', 0.05, 100, { symbol: PERP, side: 'sell', ts: at('2026-12-09T10:00:00Z') }),
      fill('2', closed, 110, { symbol: PERP, ts: at('2026-12-09T11:00:00Z') }),
    ];
    const before = pnlBreakdown(book, 'day', 'strategy', NOW, perpLast, byWho);
    const after = pnlBreakdown(book, 'day', 'strategy', NOW, perpLast, byWho, new Map([['sma-ls-1', cover]]));
    const row = (b: typeof after, key: string) => b.rows.find((r) => r.key === key)!;
    assert.ok(near(row(before, 'sma-ls-1').unrealised, -1), 'without the rule: -0.05 at 100, last 120, as if it still held it');
    assert.ok(near(row(after, 'sma-ls-1').unrealised, cover.held * (120 - 100)), `on the ${cover.held} held`);
    if (cover.cover === 'none') assert.equal(row(after, 'sma-ls-1').unrealised, 0, 'exactly none');
    assert.equal(row(after, 'sma-ls-1').realised, row(before, 'sma-ls-1').realised, 'its realised and fees stay its own');
    assert.equal(row(after, 'sma-ls-1').fees, row(before, 'sma-ls-1').fees);
    // Manual took -closed over at the instance's entry 100 and bought it back at 110: a closed
    // trade, realised -closed x 10 less its fee, nothing of it open (it read unrealised before: changed deliberately).
    assert.ok(near(row(after, 'manual').realised, -closed * 10 - closed * 110 * 0.001), `manual realised ${row(after, 'manual').realised}`);
    assert.ok(near(row(after, 'manual').unrealised, 0), `manual unrealised ${row(after, 'manual').unrealised}`);
    assert.equal(row(after, 'manual').trades, row(before, 'manual').trades, 'a takeover is no trade');
    assert.deepEqual(after.takenOver, [{ id: 'sma-ls-1', symbol: PERP, qty: cover.own - cover.held, entry: 100 }]);
    for (const k of ['fees', 'pnl', 'trades'] as const) assert.ok(near(after.totals.USDT[k], before.totals.USDT[k]), `TOTAL ${k} unchanged`);
    // Every fill in the period: the lines' PnL adds up to pnl without --by.
    assert.ok(near(after.rows.reduce((s, r) => s + r.pnl, 0), periodPnl(book, 'day', NOW, perpLast).byQuote.USDT.pnl));
  }
  // Taken over and closed yesterday: today's lines show nothing of it (it read as today's unrealised).
  const yesterday = [
    fill('1', 0.05, 100, { symbol: PERP, side: 'sell', ts: at('2026-12-08T10:00:00Z') }),
    fill('2', 0.05, 110, { symbol: PERP, ts: at('2026-12-08T11:00:00Z') }),
  ];
  const today = pnlBreakdown(yesterday, 'day', 'strategy', NOW, perpLast, byWho, new Map([['sma-ls-1', { own: -0.05, held: 0, cover: 'none' as const }]]));
  assert.ok(near(today.totals.USDT?.pnl ?? 0, 0), `today's PnL ${today.totals.USDT?.pnl}`);
  assert.ok(near(periodPnl(yesterday, 'day', NOW, perpLast).byQuote.USDT?.pnl ?? 0, 0), 'as pnl without --by');
  // Gone without a fill of the trader's (closed on the exchange's site): manual holds it open, at the instance's entry.
  const away = pnlBreakdown([book0(PERP)], 'day', 'strategy', NOW, perpLast, byWho, new Map([['sma-ls-1', { own: -0.05, held: 0, cover: 'none' as const }]]));
  assert.ok(near(away.rows.find((r) => r.key === 'manual')!.unrealised, -0.05 * (120 - 100)));
  assert.equal(away.rows.find((r) => r.key === 'manual')!.trades, 0);
  // Held whole, or not judged: nothing moves.
  const book = [fill('1', 0.05, 100, { symbol: PERP, side: 'sell', ts: at('2026-12-09T10:00:00Z') })];
  const held = pnlBreakdown(book, 'day', 'strategy', NOW, perpLast, byWho, new Map([['sma-ls-1', { own: -0.05, held: -0.05, cover: 'held' as const }]]));
  assert.deepEqual(held, pnlBreakdown(book, 'day', 'strategy', NOW, perpLast, byWho));
  assert.equal(held.takenOver, undefined);
});
