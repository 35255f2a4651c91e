// The control of bench/optimize.ts: a task of pure arithmetic in registers (no memory read, no
// allocation, no collection, no watchdog), so its 2-vs-1-worker ratio is what this machine gives
// two threads at all: the ceiling of the sweep's ratio, measured in the same minutes.
export default function spin({ steps }) {
  let x = 1;
  let y = 0;
  for (let i = 0; i < steps; i++) {
    x = (Math.imul(x, 1103515245) + 12345) | 0;
    y = (y + (x & 7)) | 0;
  }
  return y;
}
