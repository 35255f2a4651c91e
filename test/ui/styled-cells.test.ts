import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BoundedCache } from '../../source/ui/styled-cells.js';

test('a bounded cache keeps what is read every frame however many others pass through, and forgets the rest', () => {
  const cache = new BoundedCache<number>(10);
  const screen = ['a', 'b', 'c'];
  for (const k of screen) cache.set(k, k.charCodeAt(0));
  for (let frame = 0; frame < 100; frame++) {
    // Each frame reads the screen's lines, then caches new ones (prices that moved).
    for (const k of screen) assert.equal(cache.get(k), k.charCodeAt(0), `frame ${frame}: ${k} kept`);
    for (let i = 0; i < 4; i++) cache.set(`new ${frame} ${i}`, i);
  }
  // At most twice the limit: the older half goes as a whole.
  const passing = Array.from({ length: 100 }, (_, f) => Array.from({ length: 4 }, (_, i) => `new ${f} ${i}`)).flat();
  const kept = passing.filter((k) => cache.get(k) !== undefined).length;
  assert.ok(kept <= 20 && kept > 0, `${kept} kept`);
  assert.equal(cache.get('new 0 0'), undefined);
});
