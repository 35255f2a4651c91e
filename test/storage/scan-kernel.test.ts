import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crc32 } from 'node:zlib';
import { crcCombine } from '../../source/adapters/storage/crc-combine.js';
import { lineChecks } from '../../source/adapters/storage/line-checks.js';
import { recordNumbers } from '../../source/adapters/storage/record-numbers.js';
import { recordReader } from '../../source/adapters/storage/record-reader.js';
import { recordWords } from '../../source/adapters/storage/record-words.js';
import { BAD, TORN, scanKernel, type ScanKernel } from '../../source/adapters/storage/scan-kernel.js';
import { primeChunkCheck } from '../../source/adapters/storage/scan-prime.js';

/** A deterministic stream of numbers in [0, 1). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32;
}

/** `count` checksummed lines of every length from 10 to 10 + `lengths` (records, commands and lines the fast path does not read). */
function logLines(count: number, lengths: number, next: () => number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const pad = 'x'.repeat(Math.floor(next() * lengths));
    const json = i % 3 === 0
      ? `[${i + 1},${i + 1},1,[[8,"${pad}","shell"]],${i}]`
      : i % 3 === 1 ? `[${i + 1},${i + 1},1,[[2,"${i}","${pad}",${i}]],${i}]` : `[${i + 1},${i + 1},1,[{"type":"x","pad":"${pad}"}]]`;
    lines.push(`${crc32(json).toString(16).padStart(8, '0')} ${json}\n`);
  }
  return lines;
}

/**
 * Each line's [kind, file offset] as `k` reads `bytes` in chunks of `size`, leaving the
 * checksums to the chunk check or not; `short`: as a short read does (no spare buffers: line by line).
 */
function kinds(k: ScanKernel, bytes: Buffer, size: number, checkHere: boolean, short = false): number[] {
  const read = (buf: Uint8Array, at: number, length: number, position: number): number => bytes.copy(buf, at, position, position + length);
  const out: number[] = [];
  k.readChunks(read, 0, bytes.length, size, true, (c) => {
    const tape = c.tape.slice(0, c.tapeLength);
    if (!c.checked) k.checkChunk(c.bytes, tape, c.tapeLength);
    for (let i = 0; i < c.tapeLength; i = tape[i + 3]) out.push(tape[i], c.offset + tape[i + 1]);
  }, short ? undefined : { bytes: () => undefined, tape: () => undefined, check: () => checkHere });
  return out;
}

/** What checking each line alone says: BAD exactly where its own CRC fails. */
function expected(k: ScanKernel, bytes: Buffer, read: number[]): number[] {
  const out = [...read];
  for (let i = 0; i < out.length; i += 2) {
    const start = out[i + 1];
    const nl = bytes.indexOf(10, start);
    if (out[i] === TORN) continue;
    out[i] = k.checkBytes(bytes, start, nl) ? (out[i] === BAD ? -1 : out[i]) : BAD;
  }
  return out;
}

test('a chunk\'s checksums checked at once mark exactly the lines whose own CRC fails, wherever the damage is', () => {
  const next = random(11);
  const k = scanKernel(() => recordReader(recordWords, recordNumbers), () => lineChecks(crcCombine, crc32));
  const clean = Buffer.from(logLines(300, 400, next).join(''), 'latin1');
  for (let round = 0; round < 200; round++) {
    const bytes = Buffer.from(clean);
    // One to four bytes changed: in records, in checksums, in newlines and spaces.
    const flips = 1 + Math.floor(next() * 4);
    for (let f = 0; f < flips; f++) bytes[Math.floor(next() * bytes.length)] ^= 1 << Math.floor(next() * 8);
    const size = [256, 4096, 65536][round % 3];
    for (const here of [true, false]) {
      const read = kinds(k, bytes, size, here);
      assert.deepStrictEqual(read, expected(k, bytes, read), `round ${round}, chunks of ${size}, checked ${here ? 'by the reader' : 'by the consumer'}`);
    }
    assert.deepStrictEqual(kinds(k, bytes, size, true, true), kinds(k, bytes, size, true), `round ${round}, chunks of ${size}: line by line as by chunk`);
    if (round === 0) assert.ok(kinds(k, clean, size, true).every((v, i) => i % 2 === 1 || v !== BAD), 'a clean log has no bad line');
  }
});

test('the chunk check holds for more line lengths than it keeps tables for, and for lines longer than 64 kB', () => {
  const next = random(5);
  const k = scanKernel(() => recordReader(recordWords, recordNumbers), () => lineChecks(crcCombine, crc32));
  const lines = logLines(900, 900, next);
  const long = `[901,901,1,[[8,"${'y'.repeat(70_000)}","shell"]],900]`;
  lines.push(`${crc32(long).toString(16).padStart(8, '0')} ${long}\n`);
  const clean = Buffer.from(lines.join(''), 'latin1');
  const read = kinds(k, clean, 1 << 20, true);
  assert.ok(read.every((v, i) => i % 2 === 1 || v !== BAD));
  for (const at of [10, clean.length >> 1, clean.length - 100]) {
    const bytes = Buffer.from(clean);
    bytes[at] ^= 4;
    const damaged = kinds(k, bytes, 1 << 20, true);
    assert.deepStrictEqual(damaged, expected(k, bytes, damaged), `byte ${at}`);
    assert.equal(damaged.filter((v, i) => i % 2 === 0 && v === BAD).length, 1, `byte ${at}: one bad line`);
  }
});

test('priming the chunk check (as a long replay does on the main thread) changes nothing the kernel reads after', () => {
  const next = random(17);
  const bytes = Buffer.from(logLines(200, 300, next).join(''), 'latin1');
  bytes[bytes.length >> 1] ^= 2;
  const fresh = scanKernel(() => recordReader(recordWords, recordNumbers), () => lineChecks(crcCombine, crc32));
  const primed = scanKernel(() => recordReader(recordWords, recordNumbers), () => lineChecks(crcCombine, crc32));
  primeChunkCheck(primed);
  for (const here of [true, false]) assert.deepStrictEqual(kinds(primed, bytes, 4096, here), kinds(fresh, bytes, 4096, here));
});
