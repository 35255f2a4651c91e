import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Envelope } from '../../source/domain/index.js';
import { createStateHub, initialState, type State } from '../../source/store/index.js';

test('observers see every batch at once; listeners one notification per interval, with the state as it is then', () => {
  let state: State = initialState();
  const hub = createStateHub(() => state, 1_000_000);
  const seen: number[] = [];
  const heard: number[] = [];
  const unobserve = hub.observe((batch, s) => seen.push(batch.length, s.lastSeq));
  hub.subscribe((s) => heard.push(s.lastSeq));
  const batch = (n: number): Envelope[] => Array.from({ length: n }, (_, i) => ({ seq: i, ts: 0, event: { type: 'user/command', data: { line: 'x', source: 'api' } } }));
  for (const n of [2, 3]) {
    state = { ...state, lastSeq: state.lastSeq + n };
    hub.changed(batch(n));
  }
  assert.deepEqual(seen, [2, 2, 3, 5]);
  assert.deepEqual(heard, [], 'nothing heard before the interval');
  hub.flush();
  assert.deepEqual(heard, [5], 'one notification for both batches');
  hub.flush();
  assert.deepEqual(heard, [5], 'nothing new, nothing heard');
  unobserve();
  state = { ...state, lastSeq: 6 };
  hub.changed(batch(1));
  assert.deepEqual(seen, [2, 2, 3, 5]);
  hub.clear();
  hub.flush();
  assert.deepEqual(heard, [5], 'cleared: nobody is told');
  hub.stop();
});
