import assert from 'node:assert/strict';
import { test } from 'node:test';
import stringWidth from 'string-width';
import { byRules, fastStringWidth, isPlainNarrow, KNOWN_NARROW, plainWidth } from '../../source/ui/fast-width.js';

const segmenter = new Intl.Segmenter();
const graphemes = (s: string): number => [...segmenter.segment(s)].length;

test('every code point the shortcut takes is one narrow grapheme of its own, as string-width measures it', () => {
  let taken = 0;
  for (let code = 0; code < 0x3000; code++) {
    if (!isPlainNarrow(code)) continue;
    taken++;
    const ch = String.fromCharCode(code);
    assert.equal(stringWidth(ch), 1, `U+${code.toString(16)} alone`);
    // Never joins a neighbour, before or after, of any kind the shortcut lets beside it.
    for (const [left, right] of [['a', 'a'], [ch, ch], ['─', 'é'], ['\u0e01', '\u0e01'], ['\u0915', '\u0915']]) {
      const s = left + ch + right;
      assert.equal(graphemes(s), 3, `U+${code.toString(16)} between ${left} and ${right}`);
      assert.equal(stringWidth(s), stringWidth(left) + 1 + stringWidth(right), `U+${code.toString(16)} between ${left} and ${right}`);
    }
  }
  // The screen's own characters are among them.
  for (const ch of '─│┌┐└┘├┤┬┴┼═║╭╮╯╰▁▂▃▄▅▆▇█░▒▓●○▲▼◆·…←→↑↓€£¥°±×÷éüñ') assert.ok(isPlainNarrow(ch.charCodeAt(0)), ch);
  assert.ok(taken > 5_000, `${taken} code points`);
});

test('the blocks taken without the rules are what the rules take, code point by code point', () => {
  for (const [from, to] of KNOWN_NARROW) for (let code = from; code <= to; code++) assert.ok(byRules(code), `U+${code.toString(16)}`);
});

test('the width is string-width\'s for any text, on or off the shortcut', () => {
  const fast = fastStringWidth(() => stringWidth);
  const samples = [
    '',
    'BTC/USDT  42,000.10  +1.2%',
    '┌─ Tickers ──────┐ ● connected ▲ 1.2 ▼',
    'naïve café — “quoted” …',
    '比特币 BTC',
    'flag 🇯🇵 and 👍🏽 and ⚡ and ☺',
    'e\u0301 combining',
    '\u001b[31mred\u001b[39m text',
    '\u001b[36m╔══╗\u001b[39m ▶ \u001b[7m\u001b[1m Tickers \u001b[22m\u001b[27m',
    '\u001b[38;2;1;2;3mX\u001b[0m \u001b[m \u001b[;m \u001b[;1m \u001b[1;;2m \u001b[12345m \u001b[1234m',
    '\u001b]8;;http://x\u0007link\u001b]8;;\u0007 \u001bX \u009b31m \u001b[31',
    'tab\there',
    'line\nbreak',
    '\u00ad soft hyphen \u200b zero width',
    '한국어 \u1100\u1161',
    '\u0e01\u0e33 thai',
  ];
  for (const s of samples) {
    assert.equal(fast(s), stringWidth(s), JSON.stringify(s));
    assert.equal(fast(s, { ambiguousIsNarrow: false }), stringWidth(s, { ambiguousIsNarrow: false }), JSON.stringify(s));
    assert.equal(fast(s, { countAnsiEscapeCodes: true }), stringWidth(s, { countAnsiEscapeCodes: true }), JSON.stringify(s));
  }
  // Random mixes of plain and other code points.
  let seed = 7;
  const next = (n: number): number => (seed = (seed * 48271) % 2147483647) % n;
  const pool = [...'abc ─│●▲▶…é€;m1', '\u001b[31m', '\u001b[', '\u001b', '\u0007', '比', '🇯', '\u0301', '\u200d', '\u001b', '😀', '\ufe0f', '\u1100', '\u0e33'];
  for (let i = 0; i < 2_000; i++) {
    let s = '';
    for (let k = next(12); k > 0; k--) s += pool[next(pool.length)];
    assert.equal(fast(s), stringWidth(s), JSON.stringify(s));
  }
});

test('string-width is not called for plain text, and is for the rest', () => {
  let calls = 0;
  const fast = fastStringWidth(() => {
    calls++;
    return stringWidth;
  });
  assert.equal(fast('── ● BTC/USDT ▲ 1.2% …'), 22);
  assert.equal(fast('\u001b[36m╔══╗\u001b[39m ▶ \u001b[7m\u001b[1m Tickers \u001b[22m\u001b[27m'), 16);
  assert.equal(calls, 0);
  assert.equal(plainWidth('比'), -1);
  assert.equal(fast('比'), 2);
  assert.equal(calls, 1);
});
