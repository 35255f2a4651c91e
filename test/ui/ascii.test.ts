import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { asciiStream, toAscii, wantsAscii } from '../../source/ui/ascii.js';

test('toAscii keeps widths: one ASCII character for each glyph, escapes untouched', () => {
  const frame = '\u001b[36m╔══▶ Tickers══╗\u001b[39m\n│BTC ▲ 0.55% · ● connected …│\n╰─┤┼╭╮╯';
  const ascii = toAscii(frame);
  assert.equal(ascii, '\u001b[36m+==> Tickers==+\u001b[39m\n|BTC ^ 0.55% - * connected ~|\n\'-|+..\'');
  assert.equal([...ascii].length, [...frame].length);
  assert.doesNotMatch(ascii, /[^\x00-\x7f]/);
  assert.equal(toAscii('plain text'), 'plain text');
  assert.equal(toAscii('漢'), '?', 'an unknown glyph becomes one ?');
  assert.equal(toAscii('≥1.5 ◦ ∗ ┈╿╽'), '>1.5 o * -||', "the book's partial group and the chart's marks");
});

test('wantsAscii: a non-UTF-8 locale or an old terminal type; unset locale is UTF-8', () => {
  assert.equal(wantsAscii({ LANG: 'C' }), true);
  assert.equal(wantsAscii({ LANG: 'POSIX' }), true);
  assert.equal(wantsAscii({ LANG: 'en_US.ISO-8859-1' }), true);
  assert.equal(wantsAscii({ LANG: 'en_US.UTF-8' }), false);
  assert.equal(wantsAscii({ LANG: 'en_US.UTF-8', LC_ALL: 'C' }), true, 'LC_ALL wins');
  assert.equal(wantsAscii({ LC_CTYPE: 'C.utf8', LANG: 'C' }), false, 'LC_CTYPE before LANG');
  assert.equal(wantsAscii({ TERM: 'vt100', LANG: 'en_US.UTF-8' }), true);
  assert.equal(wantsAscii({}), false);
});

test('asciiStream transliterates string writes and keeps the rest of the stream', () => {
  const inner = new PassThrough() as PassThrough & { columns?: number };
  inner.columns = 42;
  const chunks: string[] = [];
  inner.on('data', (c: Buffer) => chunks.push(c.toString()));
  const s = asciiStream(inner);
  s.write('▲ up ▼ down\n');
  assert.equal(s.columns, 42);
  assert.equal(chunks.join(''), '^ up v down\n');
});
