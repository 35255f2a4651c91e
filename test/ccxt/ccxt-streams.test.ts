import assert from 'node:assert/strict';
import { test } from 'node:test';
import v8 from 'node:v8';
import vm from 'node:vm';
import { CcxtStreams } from '../../source/adapters/ccxt/ccxt-streams.js';

/** A full collection, from a flag set at run time (the test runner starts without --expose-gc). */
function collect(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

test('a stream that runs for long keeps nothing per frame: 100,000 frames leave the heap as it was', async () => {
  const gc = collect();
  const streams = new CcxtStreams({ venue: 'binance', sleep: async () => undefined, random: () => 0, emit: () => undefined });
  streams.begin();
  let frames = 0;
  let mark = 0;
  let atMark: (() => void) | undefined;
  const reached = (n: number) => new Promise<void>((r) => ((mark = n), (atMark = r)));
  // Each frame a watch that answers at once, as ccxt's does with a frame waiting.
  streams.loop('tickers', async () => {
    frames++;
    if (frames === mark) atMark?.();
  }, async () => undefined);
  await reached(10_000);
  gc();
  const before = process.memoryUsage().heapUsed;
  await reached(110_000);
  gc();
  const grown = process.memoryUsage().heapUsed - before;
  await streams.end();
  // Before: every frame raced the promise that settles at end, leaving a reaction on it (about
  // 150 bytes a frame: 15 MB here); now what a frame waits on is dropped once it settles.
  assert.ok(grown < 3_000_000, `the heap grew ${grown} bytes over 100,000 frames`);
});

test('end stops a watch that never answers, and a pause, at once', async () => {
  const streams = new CcxtStreams({ venue: 'binance', sleep: () => new Promise(() => undefined), random: () => 0, emit: () => undefined });
  streams.begin();
  let started = 0;
  streams.loop('book', () => ((started++), new Promise<void>(() => undefined)), async () => undefined);
  const pause = streams.pause(60_000);
  await Promise.resolve();
  assert.equal(started, 1);
  await streams.end();
  await pause;
  assert.equal(started, 1, 'no step after end');
});
