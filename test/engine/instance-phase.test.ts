import assert from 'node:assert/strict';
import { test } from 'node:test';
import { instancePhase } from '../../source/engine/instance-phase.js';

test('instancePhase: failed (atapi stopped it) apart from stopped; not live; warm-up; running', () => {
  const v = { status: 'running' as const, live: true, warmup: { seen: 5, need: 5 } };
  assert.equal(instancePhase(v), 'running');
  assert.equal(instancePhase({ ...v, warmup: { seen: 2, need: 5 } }), 'warm-up');
  assert.equal(instancePhase({ ...v, live: false }), 'not live');
  assert.equal(instancePhase({ ...v, status: 'stopped', stopCode: 'strategy.failed' }), 'failed');
  assert.equal(instancePhase({ ...v, status: 'stopped', stopCode: 'strategy.out-of-range' }), 'stopped');
  assert.equal(instancePhase({ ...v, status: 'stopped' }), 'stopped');
});
