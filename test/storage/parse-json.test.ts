import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseJson } from '../../source/adapters/storage/parse-json.js';

/** Same value (or the same error) as JSON.parse; -0 and 0 told apart. */
function same(text: string): void {
  let want: unknown;
  let wantErr: unknown;
  try {
    want = JSON.parse(text);
  } catch (err) {
    wantErr = err;
  }
  if (wantErr) {
    assert.throws(() => parseJson(text), (err: unknown) => err instanceof SyntaxError && err.message === (wantErr as Error).message, text);
    return;
  }
  assert.deepStrictEqual(parseJson(text), want, text);
}

test('parseJson reads what JSON.parse reads, to the same values', () => {
  const texts = [
    '[1,2,1700000000003,[[4,"f1","1","sim","BTC/USDT","buy",0.5,100,0.05,"USDT","taker",2]]]',
    '[1,1,5,[[7,"sim",1,["USDT",10000,0,"BTC",-0.25,1e-7]]]]',
    '[]', '[[]]', '[null,true,false]', '0', '-0', '[-0,0,-0.0]', '"x"', '""', '[""]', '123456789012345', '1234567890123456', '-1234567890123456789',
    '9007199254740993', '[0.1,0.2,0.30000000000000004,1.7976931348623157e308,5e-324,2.5E+3,1E2,1e-2]',
    '[12345678901234567890.123456789]', '["é€😀", "a b"]', '["tab\\tnew\\nline\\"q\\\\ \\u00e9"]',
    '{"seq":1,"ts":2,"event":{"type":"user/command","data":{"line":"x","source":"shell"}}}', '[{"a":[1,2]},3]',
    '[1e400]', '[-1e400]',
  ];
  for (const t of texts) same(t);
  let seed = 11;
  const rnd = (): number => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  for (let i = 0; i < 5000; i++) {
    const n = rnd() < 0.5 ? (rnd() - 0.5) * 10 ** Math.floor(rnd() * 30 - 10) : Math.round((rnd() - 0.5) * 10 ** Math.floor(rnd() * 18));
    same(JSON.stringify([n, String(n), [n / 3, -n]]));
  }
});

test('parseJson refuses what JSON.parse refuses, with the same error', () => {
  const bad = ['', '[', ']', '[1,]', '[,1]', '[01]', '[-01]', '[.5]', '[1.]', '[1.e5]', '[1e]', '[1e+]', '[-]', '[+1]', '[ 1]', '[1 ]', '["a\u0001"]', '["abc', '[1]x', '[1][2]', 'nul', '[nulll]', '[tru]', '[NaN]', '[Infinity]', "['a']", '[1;2]', '["a\\x"]'];
  for (const t of bad) same(t);
});

test('parseJson falls back to JSON.parse on nesting too deep for its recursion', () => {
  const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
  let want: unknown;
  try {
    want = JSON.parse(deep);
  } catch {
    return; // this engine's JSON.parse refuses it too: nothing to compare
  }
  void want;
  // Walked by hand: deepStrictEqual itself would overflow on 20,000 levels.
  let v = parseJson(deep);
  let depth = 0;
  while (Array.isArray(v) && v.length > 0) {
    assert.equal(v.length, 1);
    v = v[0] as unknown;
    depth++;
  }
  assert.ok(Array.isArray(v));
  assert.equal(depth, 19_999);
});
