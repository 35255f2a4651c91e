import { render } from 'ink';
import { PassThrough, Writable } from 'node:stream';
import { SimVenue } from '../../source/adapters/simulated/sim-venue.js';
import { createSession } from '../../source/app/session/session.js';
import { App } from '../../source/ui/app.js';
import { installFastOutput } from '../../source/ui/fast-output.js';
await installFastOutput();
class FakeTerminal extends Writable { columns = 160; rows = 50; isTTY = true; wrote = false; override _write(_c: unknown, _e: BufferEncoding, done: () => void) { this.wrote = true; done(); } }
const s = new PassThrough();
const stdin = Object.assign(s, { isTTY: true, setRawMode: () => s, ref: () => s, unref: () => s }) as unknown as NodeJS.ReadStream;
const venue = new SimVenue({ seed: 1, clock: Date.now, tickMs: 0 });
const session = await createSession({ persist: false, venue, notifyIntervalMs: 0 });
const out = new FakeTerminal();
const ink = render(<App session={session} color={true} size={{ columns: 160, rows: 50 }} />, { stdout: out as unknown as NodeJS.WriteStream, stdin, patchConsole: false, maxFps: 10_000, exitOnCtrlC: false, incrementalRendering: true });
const turn = () => new Promise((r) => setImmediate(r));
for (let i = 0; i < 20; i++) await turn();
const N = Number(process.argv[2] ?? 1500);
const t0 = performance.now(); const times: number[] = [];
for (let i = 0; i < N; i++) {
  await new Promise((r) => setTimeout(r, 1));
  venue.tick(); out.wrote = false; const a = performance.now();
  session.store.flushNotifications();
  for (let k = 0; k < 10000 && !out.wrote; k++) await turn();
  times.push(performance.now() - a);
}
times.sort((a, b) => a - b);
console.log('median', times[N >> 1].toFixed(2), 'p90', times[Math.floor(N * 0.9)].toFixed(2), 'total', (performance.now() - t0).toFixed(0));
ink.unmount(); await session.close();
