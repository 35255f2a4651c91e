import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StrategyInstanceView } from '../../../source/engine/strategy-figures.js';
import { detailLines, detailNeed, paneSplit } from '../../../source/ui/panes/strategy-pane.js';
import { wrapWords } from '../../../source/ui/components/canvas.js';

const NOW = Date.UTC(2026, 11, 6, 20, 4, 30);
const held: StrategyInstanceView = {
  id: 'sma-ls-BTCUSDT:USDT-1m-4', name: 'sma-ls', symbol: 'BTC/USDT:USDT', timeframe: '1m', size: '5000USDT', params: { fast: 2, slow: 3 }, mode: 'paper',
  status: 'running', live: true, position: -0.05, avgPrice: 79_067.66, realizedPnl: -4.51, unrealizedPnl: -5.67, exposure: -3_959, fees: 3.02,
  trades: 2, roundTrips: 0, wins: 0, winRate: null, last: 79_180, lastSignal: { side: 'buy', target: 'long', reason: 'cross', ts: NOW - 30_000 },
  lastHold: { kind: 'held', target: 'long', code: 'strategy.hold.close', text: 'it holds 0.05 BTC short, but BTC/USDT:USDT has no short position on the exchange (liquidated or closed by hand?)', ts: NOW - 30_000 },
  warmup: { seen: 4, need: 4 }, nextCandleAt: NOW + 30_000,
};
const text = (lines: ReturnType<typeof detailLines>) => lines.map((l) => l.map((s) => s.text).join(''));

test('the Strategy pane: why a strategy is held is wrapped onto the empty lines under the table at 80 columns, not cut', () => {
  const lines = text(detailLines(held, NOW, 78, 10));
  assert.equal(lines[0], 'size 5000USDT · next candle 20:05 · long 20:04 · avg 79,067.66 · win - · exposure -3,959.00 · fees 3.02');
  assert.deepEqual(lines.slice(1), ['long held: it holds 0.05 BTC short, but BTC/USDT:USDT has no short position on', 'the exchange (liquidated or closed by hand?)'], 'the reason whole, word-wrapped');
  for (const l of lines.slice(1)) assert.ok(l.length <= 78, l);
});

test('the Strategy pane: one detail line when it fits, when no line is free, and the reason a stopped instance failed wrapped likewise', () => {
  assert.equal(detailLines(held, NOW, 200, 10).length, 1, 'wide: one line, as before');
  assert.equal(detailLines(held, NOW, 78, 0).length, 1, 'a full table: one line, cut');
  const one = detailLines({ ...held, lastHold: undefined }, NOW, 78, 10);
  assert.equal(one.length, 1, 'nothing held: one line');
  const failed = text(detailLines({ ...held, lastHold: undefined, live: false, status: 'stopped', nextCandleAt: null, problem: 'strategy "boom" failed at the candle of 2026-12-06 20:04 UTC: TypeError: cannot read properties of undefined (reading "close")' }, NOW, 78, 1));
  assert.equal(failed.length, 2, 'one spare line');
  assert.match(failed[0], /^size 5000USDT · stopped/);
  assert.match(failed[1], /^strategy "boom" failed at the candle of .*…$/, 'more than the pane holds: cut on its last line, marked');
  assert.ok(failed[1].length <= 78);
});

test('the Strategy pane: a position closed outside the instance is said on the detail lines, before its hold, whole', () => {
  const gone = { ...held, position: 0, unrealizedPnl: 0, exposure: 0, notHeld: { own: -0.05, cover: 'none' as const } };
  const lines = text(detailLines(gone, NOW, 78, 10));
  assert.equal(lines[0], 'size 5000USDT · next candle 20:05 · long 20:04 · avg - · win - · exposure 0.00 · fees 3.02');
  assert.match(lines.slice(1).join(' '), /^position gone: closed outside the strategy — 0 of -0\.05 BTC held; no unrealised PnL · long held: it holds 0\.05 BTC short/);
  assert.equal(text(detailLines({ ...held, lastHold: undefined }, NOW, 78, 10)).length, 1, 'held in full: nothing more said');
});

test('the Strategy pane: the table gives up rows (down to three lines) when the selected reason needs more than the lines it leaves', () => {
  assert.deepEqual(paneSplit(7, 1, 0), { table: 7, spare: 6 }, 'nothing to read: as before');
  assert.deepEqual(paneSplit(7, 6, 1), { table: 7, spare: 1 }, 'the free line holds it');
  assert.deepEqual(paneSplit(7, 6, 2), { table: 5, spare: 2 }, '4 rows and the position line');
  assert.deepEqual(paneSplit(7, 10, 0), { table: 7, spare: 0 }, 'a long list, nothing to read: the table scrolls as before');
  assert.deepEqual(paneSplit(7, 10, 6), { table: 3, spare: 4 }, 'never fewer than three table lines: the rest is cut, marked');
  assert.deepEqual(paneSplit(7, 2, 6), { table: 3, spare: 5 }, 'a short list keeps its rows');
  assert.deepEqual(paneSplit(0, 3, 2), { table: 1, spare: 0 });
  const gone = { ...held, position: 0, unrealizedPnl: 0, exposure: 0, notHeld: { own: -0.05, cover: 'none' as const } };
  assert.equal(detailNeed({ ...held, lastHold: undefined }, NOW, 64), 0);
  assert.equal(detailNeed(gone, NOW, 64), wrapWords(text(detailLines(gone, NOW, 64, 10)).slice(1).join(' '), 64).length);
});

test('the Strategy pane: with fewer lines than the whole reason needs, a position gone is said in a few words first, its numbers kept', () => {
  const gone = { ...held, lastHold: undefined, position: 0, unrealizedPnl: 0, exposure: 0, notHeld: { own: -0.02, cover: 'none' as const } };
  assert.deepEqual(text(detailLines(gone, NOW, 64, 1)).slice(1), ['gone outside it: 0 of -0.02 BTC held']);
  assert.match(text(detailLines(gone, NOW, 64, 2))[1], /^position gone: closed outside the strategy/, 'room for the whole: the whole');
  const partly = { ...gone, position: -0.01, notHeld: { own: -0.02, cover: 'partly' as const } };
  assert.deepEqual(text(detailLines(partly, NOW, 64, 1)).slice(1), ['partly gone outside it: -0.01 of -0.02 BTC held']);
  assert.match(text(detailLines(gone, NOW, 64, 0))[0], /· gone outside it: 0 of -0\.02 BTC held/, 'no line of its own: on the detail line');
});

test('the Strategy pane: an instance netted with another on its one-way perpetual says so on its detail line, first of what may drop', () => {
  const netted = { ...held, lastHold: undefined, id: 'B', position: -0.02, netted: { symbol: 'BTC/USDT:USDT', claims: [{ id: 'A', held: 0.03 }, { id: 'B', held: -0.02 }], net: 0.01, account: 0.05 } };
  assert.equal(text(detailLines(netted, NOW, 150, 0))[0], 'size 5000USDT · next candle 20:05 · net +0.01, account +0.05 · long 20:04 · avg 79,067.66 · win - · exposure -3,959.00 · fees 3.02');
});

test('the Strategy pane at 120x40 (64 wide): the netting fits beside the next candle', () => {
  const netted = { ...held, lastHold: undefined, size: '0.03BTC', netted: { symbol: 'BTC/USDT:USDT', claims: [{ id: 'A', held: -0.03 }, { id: 'B', held: 0.02 }], net: -0.01, account: -0.01 } };
  assert.equal(text(detailLines(netted, NOW, 62, 1))[0].slice(0, 54), 'size 0.03BTC · next candle 20:05 · net -0.01 = account');
});
