import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crc32 } from 'node:zlib';
import { crcCombine } from '../../source/adapters/storage/crc-combine.js';
import { crc32Range } from '../../source/adapters/storage/crc32.js';

test('crc32Range equals zlib.crc32 of the same bytes, for every length and offset', () => {
  let seed = 7;
  const buf = Buffer.alloc(300);
  for (let i = 0; i < buf.length; i++) buf[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
  for (let start = 0; start < 9; start++) {
    for (let end = start; end <= buf.length; end++) assert.equal(crc32Range(buf, start, end), crc32(buf.subarray(start, end)), `bytes ${start}..${end}`);
  }
  assert.equal(crc32Range(Buffer.from('123456789'), 0, 9), 0xcbf43926);
});

test('crcCombine gives the CRC of two byte runs from their CRCs, past its tables and for long runs', () => {
  const combine = crcCombine();
  let seed = 3;
  const next = (): number => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
  const buf = Buffer.alloc(80_000);
  for (let i = 0; i < buf.length; i++) buf[i] = next();
  // 600 lengths: more than the combiner keeps tables for; then two past 64 kB.
  const lengths = [...Array.from({ length: 600 }, (_, i) => i), 70_000, 65_536];
  for (const n of lengths) {
    const cut = next() % 64;
    const a = buf.subarray(0, cut);
    const b = buf.subarray(cut, cut + n);
    assert.equal(combine(crc32(a), n, crc32(b)), crc32(buf.subarray(0, cut + n)), `${cut} then ${n} bytes`);
  }
});
