import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeBatch } from '../../source/adapters/storage/record-codec.js';
import { FAST, kernel, OTHER, type ScanChunk } from '../../source/adapters/storage/scan-kernel.js';
import type { DomainEvent } from '../../source/domain/index.js';
import { mixedStream } from '../helpers/fixtures.js';

const events: DomainEvent[] = mixedStream(600).filter((e) => !e.type.startsWith('market/'));
const log = Buffer.from(events.map((event, i) => encodeBatch([{ seq: i + 1, ts: 1_700_000_000_000 + i, event }], i)).join(''));
const read = (buf: Uint8Array, at: number, length: number, position: number): number => log.copy(buf, at, position, position + length);

/** The tape of every chunk as plain numbers (a chunk's buffers are reused once `emit` returns). */
function tapes(spare?: { parse(): boolean }): { parsed: boolean; tape: number[] }[] {
  const out: { parsed: boolean; tape: number[] }[] = [];
  const kept: Uint8Array[] = [];
  const emit = (chunk: ScanChunk): void => {
    const own = { ...chunk, bytes: Uint8Array.from(chunk.bytes), tape: chunk.tape.slice(0, chunk.tapeLength) };
    kept.push(own.bytes);
    const done = own.parsed ? own : kernel.parseLines(own);
    out.push({ parsed: own.parsed, tape: Array.from(done.tape.subarray(0, done.tapeLength)) });
  };
  const giving = spare && { bytes: () => undefined, tape: () => undefined, check: () => true, parse: () => spare.parse() };
  kernel.readChunks(read, 0, log.length, 4_096, true, emit, giving);
  return out;
}

test('a chunk whose records the reader left to the consumer reads onto the same tape with parseLines', () => {
  const whole = tapes();
  let n = 0;
  const mixed = tapes({ parse: () => n++ % 3 !== 0 });
  assert.ok(mixed.some((c) => !c.parsed) && mixed.some((c) => c.parsed), 'both kinds of chunk were read');
  assert.deepEqual(mixed.map((c) => c.tape), whole.map((c) => c.tape));
  // Every record of this log is one the fast path reads.
  const kinds: number[] = whole.flatMap((c) => { const k: number[] = []; for (let i = 0; i < c.tape.length; i = c.tape[i + 3]) k.push(c.tape[i]); return k; });
  assert.equal(kinds.length, events.length);
  assert.ok(!kinds.includes(OTHER) && kinds.every((k) => k === FAST));
});
