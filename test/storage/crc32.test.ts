import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crc32 } from 'node:zlib';
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
