import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { crc32 } from 'node:zlib';
import { TapeFolder } from '../../source/adapters/storage/fold-record.js';
import { LOG_FILE } from '../../source/adapters/storage/ledger-files.js';
import { scanLog, type ScanResult } from '../../source/adapters/storage/read-log.js';
import { crcCombine } from '../../source/adapters/storage/crc-combine.js';
import { lineChecks } from '../../source/adapters/storage/line-checks.js';
import { recordNumbers } from '../../source/adapters/storage/record-numbers.js';
import { recordReader } from '../../source/adapters/storage/record-reader.js';
import { recordWords } from '../../source/adapters/storage/record-words.js';
import { FAST, scanKernel } from '../../source/adapters/storage/scan-kernel.js';
import { primeScanKernel } from '../../source/adapters/storage/scan-prime.js';
import { readChunksInWorker } from '../../source/adapters/storage/scan-worker.js';
import { encodeBatch } from '../../source/adapters/storage/record-codec.js';
import type { DomainEvent, Envelope } from '../../source/domain/index.js';
import { createReplay, initialState, type State } from '../../source/store/index.js';
import { mixedStream, order } from '../helpers/fixtures.js';
import { tmpDir } from '../helpers/tmp.js';

/**
 * A cold start read on a second core (scan-worker.ts) must accept, fold and refuse exactly
 * what the single-thread read does: the worker reads and checks, this thread judges.
 */
function replayed(file: string, threads: 1 | 2, chunkBytes?: number): { scan: ScanResult; state: State } {
  const replay = createReplay(initialState(), { ownsEvents: true });
  const scan = scanLog(file, 0, (b) => replay.add(b), { replay, threads, chunkBytes });
  return { scan, state: replay.finish() };
}

function writeLog(dir: string, events: readonly DomainEvent[], long = false): string {
  const records: string[] = [];
  let seq = 0;
  for (let i = 0; i < events.length; i += 3) {
    const batch: Envelope[] = events.slice(i, i + 3).map((event) => ({ seq: ++seq, ts: 1_700_000_000_000 + i, event }));
    records.push(encodeBatch(batch));
  }
  // A record longer than a chunk: the reader grows its buffer for it.
  if (long) records.splice(5, 0, encodeBatch([{ seq: 0, ts: 1, event: { type: 'user/command', data: { line: 'x'.repeat(20_000), source: 'shell' } } }]));
  const file = path.join(dir, LOG_FILE);
  fs.writeFileSync(file, long ? renumber(records) : records.join(''));
  return file;
}

/** Seqs in file order after splicing a record in (re-encoded, so checksums hold). */
function renumber(records: string[]): string {
  let seq = 0;
  return records.map((line) => {
    const json = JSON.parse(line.slice(9)) as [number, number, number, unknown[]];
    const n = json[3].length;
    const out = JSON.stringify([seq + 1, seq + n, json[2], json[3]]);
    seq += n;
    return `${crc32(out).toString(16).padStart(8, '0')} ${out}\n`;
  }).join('');
}

const ledgerEvents = (n: number): DomainEvent[] => mixedStream(n * 2).filter((e) => !e.type.startsWith('market/')).slice(0, n);

test('read on a second core, in chunks of every size, a log folds to the same state as read on one', () => {
  const dir = tmpDir('atapi-scan-worker-');
  const file = writeLog(dir, ledgerEvents(4_000), true);
  const one = replayed(file, 1);
  assert.equal(one.scan.damage, undefined);
  // The worker only ever saves time: one that fails or stops early (as one did once in CI, on a
  // machine loaded by two simulators, 1,733 bytes short of the end) hands back where it stopped
  // and this thread reads the rest, to the same result. So each read must equal the one-core
  // read; that the worker reads whole logs is asked of most of the reads, not of every one.
  let whole = 0;
  for (const chunk of [4096, 5000, 65_536, 1 << 20]) {
    const two = replayed(file, 2, chunk);
    assert.equal(two.scan.damage, undefined, `chunk ${chunk}`);
    const { workerBytes, ...scan } = two.scan;
    assert.ok(workerBytes !== undefined && workerBytes <= scan.totalBytes, `chunk ${chunk}: the worker read ${workerBytes} of ${scan.totalBytes} bytes`);
    if (workerBytes === scan.totalBytes) whole++;
    assert.deepStrictEqual(scan, one.scan, `chunk ${chunk}`);
    assert.deepStrictEqual(two.state, one.state, `chunk ${chunk}`);
  }
  assert.ok(whole >= 3, `the worker read the whole log in ${whole} of 4 reads`);
});

test('damage in the middle and a torn tail are found at the same byte, with the same records after, on either path', () => {
  const dir = tmpDir('atapi-scan-worker-');
  const file = writeLog(dir, ledgerEvents(3_000));
  const text = fs.readFileSync(file, 'latin1');
  const lines = text.split('\n');
  // One flipped byte in record 400, and half a record at the end.
  const at = lines.slice(0, 400).join('\n').length + 1 + 30;
  const damaged = `${text.slice(0, at)}${text[at] === '1' ? '2' : '1'}${text.slice(at + 1)}${lines[10].slice(0, 25)}`;
  fs.writeFileSync(file, damaged, 'latin1');
  const one = replayed(file, 1);
  assert.ok(one.scan.damage && one.scan.damage.goodAfter > 0, 'damage in the middle');
  for (const chunk of [4096, 1 << 20]) {
    const { workerBytes, ...scan } = replayed(file, 2, chunk).scan;
    assert.equal(workerBytes, scan.totalBytes);
    assert.deepStrictEqual(scan, one.scan, `chunk ${chunk}`);
    const two = replayed(file, 2, chunk);
    assert.deepStrictEqual(two.state, one.state, `chunk ${chunk}`);
  }
  // Only the torn tail: cut the flipped byte back.
  fs.writeFileSync(file, `${text}${lines[10].slice(0, 25)}`, 'latin1');
  const tornOne = replayed(file, 1);
  const tornTwo = replayed(file, 2, 4096);
  assert.equal(tornOne.scan.damage?.goodAfter, 0);
  assert.deepStrictEqual({ ...tornTwo.scan, workerBytes: undefined }, { ...tornOne.scan, workerBytes: undefined });
  assert.deepStrictEqual(tornTwo.state, tornOne.state);
});

test('a primed reader (as the worker primes it) reads a log onto tapes that fold to the same state as a fresh one\'s', () => {
  const file = writeLog(tmpDir('atapi-scan-worker-'), ledgerEvents(600), true);
  const bytes = fs.readFileSync(file);
  const read = (buf: Uint8Array, at: number, length: number, position: number): number => bytes.copy(buf, at, position, position + length);
  const folded = (prime: boolean): { lines: number[]; state: State } => {
    const k = scanKernel(() => recordReader(recordWords, recordNumbers), () => lineChecks(crcCombine, crc32));
    if (prime) primeScanKernel(k);
    const replay = createReplay(initialState(), { ownsEvents: true });
    const folder = new TapeFolder();
    const lines: number[] = [];
    k.readChunks(read, 0, bytes.length, 4096, true, (c) => {
      folder.setChunk(Buffer.from(c.bytes.buffer, c.bytes.byteOffset, c.bytes.length));
      for (let i = 0; i < c.tapeLength; i = c.tape[i + 3]) {
        lines.push(c.tape[i], c.offset + c.tape[i + 1]);
        if (c.tape[i] === FAST) folder.fold(c.tape, i + 9, c.tape[i + 7], c.tape[i + 4], c.tape[i + 6], replay);
      }
    });
    return { lines, state: replay.finish() };
  };
  const fresh = folded(false);
  const primed = folded(true);
  assert.ok(fresh.lines.filter((_, i) => i % 2 === 0 && _ === FAST).length > 150, 'most records read fast');
  assert.deepStrictEqual(primed.lines, fresh.lines, 'each line of the same kind at the same byte');
  assert.deepStrictEqual(primed.state, fresh.state);
});

test('a worker that fails hands back where it stopped (nothing read), and the process goes on', async () => {
  const chunks: unknown[] = [];
  const from = readChunksInWorker(path.join(tmpDir('atapi-scan-worker-'), 'missing.log'), 0, 1_000, 4096, (c) => chunks.push(c));
  assert.equal(from, 0);
  assert.equal(chunks.length, 0);
  // The worker's error arrives as an event after the call: it must not end the process.
  await new Promise((resolve) => setTimeout(resolve, 100));
});

test('ATAPI_DEBUG=scan says why the worker stopped before the end, on stderr; without it, nothing', () => {
  const said: string[] = [];
  const write = process.stderr.write;
  const before = process.env.ATAPI_DEBUG;
  process.stderr.write = ((text: string) => said.push(String(text)) > 0) as typeof process.stderr.write;
  try {
    const missing = path.join(tmpDir('atapi-scan-worker-'), 'missing.log');
    delete process.env.ATAPI_DEBUG;
    readChunksInWorker(missing, 0, 1_000, 4096, () => undefined);
    assert.deepEqual(said, []);
    process.env.ATAPI_DEBUG = 'scan';
    readChunksInWorker(missing, 0, 1_000, 4096, () => undefined);
  } finally {
    process.stderr.write = write;
    if (before === undefined) delete process.env.ATAPI_DEBUG;
    else process.env.ATAPI_DEBUG = before;
  }
  assert.equal(said.length, 1, said.join(''));
  assert.match(said[0], /^atapi scan: the worker failed at byte 0 of 1000: ENOENT/);
});

test('more recurring strings than the reader numbers (3,000 symbols): every one still read right, on either path, scan after scan', () => {
  const dir = tmpDir('atapi-scan-worker-');
  const events: DomainEvent[] = [];
  for (let i = 0; i < 3_000; i++) events.push({ type: 'order/submitted', data: { order: order(`o${i}`, { symbol: `COIN${i}${'X'.repeat(i % 20)}/USDT`, price: 1 + i }) } });
  const file = writeLog(dir, events);
  const general = createReplay(initialState());
  scanLog(file, 0, (b) => general.add(b));
  const want = general.finish();
  for (const threads of [1, 2, 1] as const) {
    const got = replayed(file, threads, 4096);
    assert.deepStrictEqual(got.state.ledger, want.ledger, `threads ${threads}`);
  }
});

test('the worker hands its chunks over on shared memory: no buffer is detached by either thread, and every chunk is read whole', () => {
  const file = writeLog(tmpDir('atapi-scan-worker-'), ledgerEvents(3_000), true);
  const total = fs.statSync(file).size;
  const seen: Uint8Array[] = [];
  let lines = 0;
  const from = readChunksInWorker(file, 0, total, 4096, (c) => {
    // Shared: posting it back shares its memory, where a transfer would detach it (and V8
    // then checks every typed-array access of the thread: see readChunksInWorker).
    assert.ok(c.bytes.buffer instanceof SharedArrayBuffer, 'bytes on a SharedArrayBuffer');
    assert.ok(c.tape.buffer instanceof SharedArrayBuffer, 'tape on a SharedArrayBuffer');
    for (let i = 0; i < c.tapeLength; i = c.tape[i + 3]) {
      assert.equal(c.tape[i], FAST);
      lines++;
    }
    seen.push(c.bytes);
  });
  assert.equal(from, total);
  assert.equal(lines, 1_001);
  // Given back to the worker, not transferred: still readable here.
  assert.ok(seen.length > 2 && seen.every((b) => b.buffer.byteLength > 0));
});
