import assert from 'node:assert/strict';
import { test } from 'node:test';
import { graphemeSegmenter, ownGraphemes } from '../../source/ui/plain-segmenter.js';

const real = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const shim = graphemeSegmenter(undefined, { granularity: 'grapheme' });
const plain = (segments: Iterable<{ segment: string; index: number; input: string }>) => [...segments].map(({ segment, index, input }) => ({ segment, index, input }));

test('every code unit the shortcut takes stays a grapheme of its own beside any other it takes', () => {
  const taken: string[] = [];
  for (let code = 0; code < 0x3000; code++) if (ownGraphemes(String.fromCharCode(code))) taken.push(String.fromCharCode(code));
  assert.ok(taken.length > 5_000, `${taken.length} code units`);
  assert.ok(!ownGraphemes('\r'), 'CR joins a following LF');
  // A grapheme rule joins two neighbours only by what each of them is: each code unit is
  // tried first, last and doubled beside a letter, which would show any such kind.
  for (const ch of taken) {
    for (const s of [`a${ch}`, `${ch}a`, `${ch}${ch}`, `\u001b${ch}\n`]) assert.equal([...real.segment(s)].length, s.length, JSON.stringify(s));
  }
});

test('a text the shortcut takes is cut as the real segmenter cuts it; any other goes to it', () => {
  const samples = [
    '',
    'BTC/USDT  42,000.10  +1.2%',
    '\u001b[36m╔══╗\u001b[39m ▶ \u001b[7m\u001b[1m Tickers \u001b[22m\u001b[27m ● connected ▲ 1.2 ▼ │█▇▆',
    'line\nbreak\ttab \u0007',
    'crlf\r\nend',
    'flag 🇯🇵 and 👍🏽 e\u0301 比特币 \u1100\u1161 \u0e01\u0e33',
  ];
  for (const s of samples) {
    assert.deepEqual(plain(shim.segment(s)), plain(real.segment(s)), JSON.stringify(s));
    for (const i of [-1, 0, 1, 3, s.length - 1, s.length, s.length + 2]) {
      const a = shim.segment(s).containing(i);
      const b = real.segment(s).containing(i);
      assert.deepEqual(a && { segment: a.segment, index: a.index, input: a.input }, b && { segment: b.segment, index: b.index, input: b.input }, `${JSON.stringify(s)} at ${i}`);
    }
  }
  assert.ok(ownGraphemes(samples[2]) && !ownGraphemes(samples[4]) && !ownGraphemes(samples[5]));
});

test('other granularities are the real segmenter', () => {
  const words = graphemeSegmenter('en', { granularity: 'word' });
  assert.deepEqual(plain(words.segment('two words')), plain(new Intl.Segmenter('en', { granularity: 'word' }).segment('two words')));
});
