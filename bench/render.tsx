// Measured as users run it, React's production build: run it as `npm run bench render`, whose
// run.ts sets NODE_ENV before React loads (this module's JSX imports load React before its body).
import { render } from 'ink';
import { PassThrough, Writable } from 'node:stream';
import { SimVenue } from '../source/adapters/simulated/sim-venue.js';
import { createSession, type Session } from '../source/app/session/session.js';
import type { EventSink, VenuePort } from '../source/engine/ports.js';
import { App } from '../source/ui/app.js';
import { installFastOutput } from '../source/ui/fast-output.js';

// As runTui does: the frame is measured with the output pass users get.
const fastOutput = await installFastOutput();

class FakeTerminal extends Writable {
  columns = 160;
  rows = 50;
  isTTY = true;
  onFrame: () => void = () => undefined;
  override _write(_chunk: unknown, _enc: BufferEncoding, done: () => void): void {
    this.onFrame();
    done();
  }
}

function fakeStdin(): NodeJS.ReadStream {
  const s = new PassThrough();
  return Object.assign(s, { isTTY: true, setRawMode: () => s, ref: () => s, unref: () => s }) as unknown as NodeJS.ReadStream;
}

/** The full app at 160x50 in colour, writing to `out`, at most `maxFps` frames a second. */
function mountApp(session: Session, out: FakeTerminal, maxFps: number) {
  return render(<App session={session} color={true} size={{ columns: 160, rows: 50 }} />, { stdout: out as unknown as NodeJS.WriteStream, stdin: fakeStdin(), patchConsole: false, maxFps, exitOnCtrlC: false, incrementalRendering: true });
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const round = (x: number) => Math.round(x * 100) / 100;
const turn = () => new Promise((r) => setImmediate(r));

/**
 * Median and p99 time to render one frame of the full 160x50 layout after a market update,
 * and the CPU the process spent on it (steadier than the wall clock on a busy machine).
 */
async function frameTimes(frames = 300): Promise<Record<string, number>> {
  const venue = new SimVenue({ seed: 1, clock: Date.now, tickMs: 0 });
  const session = await createSession({ persist: false, venue, notifyIntervalMs: 0 });
  const out = new FakeTerminal();
  let wrote = false;
  out.onFrame = () => {
    wrote = true;
  };
  const ink = mountApp(session, out, 10_000);
  for (let i = 0; i < 20; i++) await turn();
  const times: number[] = [];
  const cpus: number[] = [];
  let late = 0;
  for (let i = 0; i < frames; i++) {
    // Ink draws at most one frame a millisecond (maxFps 10,000): a frame asked for sooner
    // waits for a timer, which would be measured as the frame's time (or missed).
    await new Promise((r) => setTimeout(r, 1));
    venue.tick();
    wrote = false;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    session.store.flushNotifications();
    let k = 0;
    for (; k < 10_000 && !wrote; k++) await turn();
    times.push(performance.now() - t0);
    const cpu = process.cpuUsage(cpu0);
    cpus.push((cpu.user + cpu.system) / 1000);
    if (!wrote) late++;
  }
  ink.unmount();
  await session.close();
  return { 'frame160x50.medianMs': round(percentile(times, 50)), 'frame160x50.p99Ms': round(percentile(times, 99)), 'frame160x50.cpuMedianMs': round(percentile(cpus, 50)), ...(late ? { 'frame160x50.notDrawn': late } : {}) };
}

/** 200 symbols x 10 updates/s for `seconds`: event-to-frame latency and CPU. */
async function underLoad(seconds = 6): Promise<Record<string, number>> {
  const inner = new SimVenue({ seed: 2, clock: Date.now, tickMs: 100, extraSymbols: 191 });
  let pendingSince: number | undefined;
  const latencies: number[] = [];
  let events = 0;
  const venue: VenuePort = {
    venue: inner.venue,
    label: inner.label,
    start: (sink: EventSink, ledger) =>
      inner.start((evs) => {
        pendingSince ??= performance.now();
        events += evs.length;
        sink(evs);
      }, ledger),
    stop: () => inner.stop(),
    submit: (o) => inner.submit(o),
    cancel: (o) => inner.cancel(o),
  };
  const session = await createSession({ persist: false, venue, notifyIntervalMs: 25 }); // as the TUI (cli.ts)
  const out = new FakeTerminal();
  let frames = 0;
  let inFrame = false;
  // One frame may reach the terminal in several writes within a turn: count it once.
  out.onFrame = () => {
    if (inFrame) return;
    inFrame = true;
    setImmediate(() => (inFrame = false));
    frames++;
    if (pendingSince !== undefined) latencies.push(performance.now() - pendingSince);
    pendingSince = undefined;
  };
  const ink = mountApp(session, out, 20);
  await new Promise((r) => setTimeout(r, 1000));
  latencies.length = 0;
  frames = 0;
  events = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const elapsed = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  ink.unmount();
  await session.close();
  return {
    'load.symbols': 200,
    'load.eventsPerSec': Math.round((events * 1000) / elapsed),
    'load.framesPerSec': round((frames * 1000) / elapsed),
    'load.tickToScreen.medianMs': round(percentile(latencies, 50)),
    'load.tickToScreen.p99Ms': round(percentile(latencies, 99)),
    'load.cpuPercentOfOneCore': round(((cpu.user + cpu.system) / 1000 / elapsed) * 100),
  };
}

/**
 * Heap after a long stream of frames at 160x50 (200 symbols): an all-day session must not
 * grow. Ink keeps every distinct text it measured; prices reach it only through Canvas.
 */
export async function memory(frames = 8000): Promise<Record<string, number>> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return {};
  const venue = new SimVenue({ seed: 4, clock: Date.now, tickMs: 0, extraSymbols: 191 });
  const session = await createSession({ persist: false, venue, notifyIntervalMs: 0 });
  const ink = mountApp(session, new FakeTerminal(), 10_000);
  const heap = () => {
    gc();
    return round(process.memoryUsage().heapUsed / 1e6);
  };
  let base = 0;
  let mid = 0;
  for (let i = 0; i < frames; i++) {
    if (i === 1000) base = heap();
    if (i === frames / 2) mid = heap();
    venue.tick();
    session.store.flushNotifications();
    await turn();
    await turn();
  }
  const end = heap();
  ink.unmount();
  await session.close();
  return { 'memory.heapMB.after1kFrames': base, [`memory.heapMB.after${frames / 2000}kFrames`]: mid, [`memory.heapMB.after${frames / 1000}kFrames`]: end };
}

/** RENDER_MEMORY_FRAMES: frames of the heap figure (default 8000; 0 leaves it out, as on a busy machine it takes minutes). */
export async function runRenderBench(memoryFrames = Number(process.env.RENDER_MEMORY_FRAMES ?? 8000)): Promise<Record<string, number>> {
  return { fastOutput: fastOutput ? 1 : 0, ...(await frameTimes()), ...(await underLoad()), ...(memoryFrames > 0 ? await memory(memoryFrames) : {}) };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await runRenderBench());
