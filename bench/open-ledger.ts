/**
 * `node --import tsx bench/open-ledger.ts DIR`: one cold open of the ledger in DIR (snapshot,
 * then the log after it), as a start does. Prints `{ ms, cpuMs, events }` as one JSON line.
 */
import { openLedger } from '../source/adapters/storage/ledger-files.js';

const c0 = process.cpuUsage();
const t0 = performance.now();
const ledger = openLedger(process.argv[2]);
const ms = performance.now() - t0;
const cpu = process.cpuUsage(c0);
await ledger.log.close();
console.log(JSON.stringify({ ms: Math.round(ms), cpuMs: Math.round((cpu.user + cpu.system) / 1000), events: ledger.replayed }));
