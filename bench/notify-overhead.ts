/**
 * `node --import tsx bench/notify-overhead.ts [rounds]`: what notifications cost an order. A
 * paper session on the simulated exchange places market orders in rounds of 200, alternately
 * without a notifier and with one whose only channel always fails (every fill is formatted,
 * queued and waits out its backoff), and prints the median time per order of each. Alternating
 * rounds on one session keeps the ledger's growth and the JIT's warm-up out of the difference.
 */
import { createSession } from '../source/app/session/session.js';
import { startNotifier } from '../source/app/notify/notifier.js';
import { levelsFromSettings } from '../source/app/notify/notify-kinds.js';
import type { Channel } from '../source/app/notify/delivery.js';
import { defaultSettings } from '../source/domain/index.js';

const rounds = Number(process.argv[2] ?? 7);
const session = await createSession({ persist: false, tickMs: 0, seed: 1, notifyIntervalMs: 0 });
const down: Channel = { name: 'down', maxChars: 4000, send: async () => ({ ok: false, retry: true, error: 'down' }) };
const perOrder = async (): Promise<number> => {
  const t0 = performance.now();
  for (let i = 0; i < 200; i++) await session.buy('BTC/USDT', 0.0001);
  return (performance.now() - t0) / 200;
};
await perOrder();
const without: number[] = [];
const withDown: number[] = [];
for (let r = 0; r < rounds; r++) {
  without.push(await perOrder());
  const n = startNotifier(session, { channels: [down], levels: levelsFromSettings(defaultSettings()) });
  withDown.push(await perOrder());
  await n.close(1);
}
const median = (xs: number[]): string => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!.toFixed(3);
console.log(`ms per market order, median of ${rounds} rounds of 200: without a notifier ${median(without)}, with a notifier whose channel is down ${median(withDown)}`);
await session.close();
