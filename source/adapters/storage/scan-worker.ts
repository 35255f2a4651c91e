import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { crcCombine } from './crc-combine.js';
import { lineChecks } from './line-checks.js';
import { recordReader } from './record-reader.js';
import { recordNumbers } from './record-numbers.js';
import { recordWords } from './record-words.js';
import { scanKernel, type ScanChunk } from './scan-kernel.js';
import { primeScanKernel } from './scan-prime.js';

/**
 * A cold start on two cores: a worker thread reads the log, checks every record's checksum
 * and reads records onto tapes (scan-kernel.ts) while this thread folds the tapes it has
 * already got. `openLedger` is synchronous, so chunks are taken with `receiveMessageOnPort`,
 * and this thread sleeps in `Atomics.wait` while the worker is behind.
 *
 * The worker runs the kernel's own source text (no module loading, no tsx in the worker: it
 * starts in tens of milliseconds). If it cannot start, fails, or goes silent, the caller is
 * told where it stopped and reads the rest itself: the worker only ever saves time.
 * `whileStarting` runs on this thread once the worker is on its way (or has failed to start).
 *
 * The chunks' buffers are SharedArrayBuffers, handed to this thread and back with their
 * memory shared, not transferred: V8 compiles every read and write of a typed array with a
 * check that its buffer was not detached, unless no buffer of the thread was ever detached
 * (and throws that code away at the first detach). The buffers used to be transferred, and
 * both threads detached one first so that nothing was compiled twice: the checks were 12% of
 * the reader's instructions (callgrind, 200k events) and made every compiled function larger.
 * Neither thread detaches anything now. A buffer is the worker's again only once the fold
 * has posted it back, as before.
 */
export function readChunksInWorker(file: string, from: number, total: number, chunkSize: number, emit: (chunk: ScanChunk) => void, whileStarting?: () => void): number {
  const sig = new Int32Array(new SharedArrayBuffer(8)); // [chunks posted, chunks folded]
  const { port1, port2 } = new MessageChannel();
  let worker: Worker;
  try {
    worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], stdout: false, stderr: true, workerData: { file, from, total, chunkSize, port: port2, sig }, transferList: [port2] });
  } catch (err) {
    port1.close();
    debug(`the worker did not start (${(err as Error)?.message ?? err}); read on one thread from byte ${from}`);
    whileStarting?.();
    return from;
  }
  worker.unref();
  // A worker that fails says so in a message; its error event must not end the process.
  worker.on('error', () => undefined);
  let next = from;
  let received = 0;
  try {
    // The worker takes tens of milliseconds to start: this thread has that time for other work.
    whileStarting?.();
    for (;;) {
      const got = take(port1, sig, received);
      if (got === undefined) {
        // Silent: the caller reads on from `next`.
        debug(`the worker said nothing for ${SILENT_MS} ms (${Atomics.load(sig, 0)} messages posted, ${received} taken); read on from byte ${next} of ${total}`);
        return next;
      }
      received++;
      const msg = got as ScanChunk | { done: true } | { error: string };
      if ('done' in msg) {
        if (next !== total) debug(`the worker was done at byte ${next} of ${total}`);
        return next;
      }
      if ('error' in msg) {
        debug(`the worker failed at byte ${next} of ${total}: ${msg.error}`);
        return next;
      }
      next = msg.offset + msg.bytes.length;
      emit(msg);
      // Back to the worker for a later chunk: a replay that allocated a buffer per chunk spent
      // a fifth of its time collecting them. Shared, not transferred (see above).
      port1.postMessage({ bytes: msg.bytes, tape: msg.tape });
      Atomics.store(sig, 1, received);
      Atomics.notify(sig, 1);
    }
  } finally {
    port1.close();
    void worker.terminate();
  }
}

/**
 * The next message, waiting for it up to 15 s of real time (a worker that says nothing that
 * long has failed). Counted on the clock, not in steps: a wait on the posted count returns at
 * once when the count has moved on, so a message posted but not yet readable used to spend
 * the whole budget in a few thousand spins (milliseconds on a loaded machine), and the read
 * went on without the worker, short of the end.
 */
function take(port: MessagePort, sig: Int32Array, received: number): unknown {
  const deadline = performance.now() + SILENT_MS;
  for (;;) {
    const got = receiveMessageOnPort(port);
    if (got !== undefined) return got.message;
    const now = performance.now();
    if (now >= deadline) return undefined;
    // Posted but not yet readable (a message in flight): sleep a millisecond on a slot nothing
    // changes, then look again; else sleep until the worker posts.
    if (Atomics.load(sig, 0) > received) Atomics.wait(PAUSE, 0, 0, 1);
    else Atomics.wait(sig, 0, received, Math.min(200, deadline - now));
  }
}
const SILENT_MS = 15_000;
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

/** Why the worker stopped before the end, on stderr when ATAPI_DEBUG names `scan` (ATAPI_DEBUG=scan, or 1 for everything). */
function debug(line: string): void {
  const on = process.env.ATAPI_DEBUG;
  if (on === '1' || on?.split(',').includes('scan')) process.stderr.write(`atapi scan: ${line}\n`);
}

/**
 * The worker's body. Self-contained like the kernel it is given: it runs as source text.
 */
function workerMain(makeKernel: () => ReturnType<typeof scanKernel>, prime: typeof primeScanKernel, threads: typeof import('node:worker_threads'), fs: typeof import('node:fs')): void {
  const { file, from, total, chunkSize, port, sig } = threads.workerData as { file: string; from: number; total: number; chunkSize: number; port: MessagePort; sig: Int32Array };
  /** Chunks the worker may be ahead of the fold: memory stays bounded on a huge log. */
  const AHEAD = 4;
  let posted = 0;
  const post = (msg: unknown): void => {
    port.postMessage(msg);
    posted++;
    Atomics.store(sig, 0, posted);
    Atomics.notify(sig, 0);
  };
  let fd = -1;
  try {
    const k = makeKernel();
    prime(k);
    fd = fs.openSync(file, 'r');
    const at = fd;
    // Buffers the fold has given back.
    const bytes: Uint8Array[] = [];
    const tapes: Float64Array[] = [];
    const drain = (): void => {
      for (let m = threads.receiveMessageOnPort(port); m !== undefined; m = threads.receiveMessageOnPort(port)) {
        const back = m.message as { bytes: Uint8Array; tape: Float64Array };
        bytes.push(new Uint8Array(back.bytes.buffer));
        tapes.push(back.tape);
      }
    };
    const spare = {
      bytes(min: number): Uint8Array | undefined {
        drain();
        const i = bytes.findIndex((x) => x.length >= min);
        return i < 0 ? undefined : bytes.splice(i, 1)[0];
      },
      tape(): Float64Array | undefined {
        drain();
        return tapes.pop();
      },
      // Checksums are a fifth of the reading: done here while the fold has another chunk
      // waiting besides the one in hand (this thread has time), else left to the fold.
      check: (): boolean => posted - Atomics.load(sig, 1) >= 2,
      // Buffers shared with the fold, never transferred (see `readChunksInWorker`).
      shared: true,
    };
    k.readChunks((buf, offset, length, position) => fs.readSync(at, buf, offset, length, position), from, total, chunkSize, true, (chunk) => {
      post(chunk);
      for (;;) {
        const folded = Atomics.load(sig, 1);
        if (posted - folded < AHEAD) break;
        Atomics.wait(sig, 1, folded, 1000);
      }
    }, spare);
    post({ done: true });
  } catch (err) {
    post({ error: String((err as Error)?.message ?? err) });
  } finally {
    if (fd >= 0) fs.closeSync(fd);
    port.close();
  }
}
/**
 * The worker's script. Its modules are required here, in text no bundler rewrites (esbuild
 * renames `require` inside bundled functions). tsx compiles with esbuild's keepNames, which
 * wraps functions in calls to a `__name` helper of the module: the script has a stand-in.
 * Anything thrown before `workerMain`'s own handler still reaches the main thread as an error.
 */
const WORKER_SOURCE = `var __name = (f) => f;
const threads = require('node:worker_threads');
try {
  (${workerMain.toString()})(() => (${scanKernel.toString()})(() => (${recordReader.toString()})(${recordWords.toString()}, ${recordNumbers.toString()}), () => (${lineChecks.toString()})(${crcCombine.toString()}, require('node:zlib').crc32)), ${primeScanKernel.toString()}, threads, require('node:fs'));
} catch (err) {
  const { port, sig } = threads.workerData;
  port.postMessage({ error: String(err && err.message || err) });
  Atomics.add(sig, 0, 1);
  Atomics.notify(sig, 0);
}
`;
