import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lastWord, noteWord, positionWord, stateWord, stopDetail } from '../../source/web/strategy-words.js';
import type { StrategyInstanceView } from '../../source/engine/strategy-figures.js';

const base: StrategyInstanceView = {
  id: 'x-1', name: 'x', symbol: 'BTC/USDT', timeframe: '1m', size: '100USDT', params: {}, mode: 'paper', status: 'running', live: true,
  position: 0, avgPrice: 0, realizedPnl: 0, unrealizedPnl: 0, exposure: 0, fees: 0, trades: 0, roundTrips: 0, wins: 0, winRate: null, last: null,
  warmup: { seen: 5, need: 5 }, nextCandleAt: null,
};

test('the status page: a strategy atapi stopped for failing reads failed, with why; one not resumed reads not live; a trader\'s stop reads stopped', () => {
  assert.equal(stateWord(base), 'running');
  const failed = { ...base, status: 'stopped' as const, live: false, stopCode: 'strategy.failed' as const, problem: 'strategy "x" failed at the candle of 2026-12-06T18:25:00.000Z: boom' };
  assert.equal(stateWord(failed), 'failed');
  assert.equal(lastWord(failed), 'strategy "x" failed at the candle of 2026-12-06T18:25:00.000Z: boom');
  const notLive = { ...base, live: false, problem: 'not resumed: cannot load strategy /x.ts' };
  assert.equal(stateWord(notLive), 'not live');
  assert.equal(lastWord(notLive), 'not live: not resumed: cannot load strategy /x.ts');
  assert.equal(stateWord({ ...base, status: 'stopped', live: false }), 'stopped');
});

test('the status page: an instance whose own position was closed outside it reads gone, says why, and its stop does not promise to keep it', () => {
  const gone = { ...base, symbol: 'BTC/USDT:USDT', name: 'sma-ls', lastHold: { kind: 'held' as const, target: 'long' as const, code: 'strategy.hold.close', text: 'it holds 0.05 BTC short, but ...', ts: 1 }, notHeld: { own: -0.05, cover: 'none' as const } };
  assert.equal(positionWord(gone), 'gone');
  assert.equal(noteWord(gone), 'position gone: closed outside the strategy — 0 of -0.05 BTC held; no unrealised PnL · held (long): it holds 0.05 BTC short, but ...');
  assert.equal(stopDetail(gone), 'Stop sma-ls on BTC/USDT:USDT. position gone: closed outside the strategy — 0 of -0.05 BTC held; no unrealised PnL');
  assert.equal(stopDetail({ ...base, position: 0.01 }), 'Stop x on BTC/USDT. What it holds (0.01) stays open.');
  assert.equal(positionWord({ ...base, position: 0.01 }), '0.01');
});
