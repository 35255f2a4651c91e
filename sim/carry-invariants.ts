import { carryOpen } from '../source/domain/index.js';
import type { State } from '../source/store/index.js';

/*
 * Funding carry under faults (issue 23), checked on the state after each step of an arbitrage
 * run (sim/arb-run.ts): a carry's legs are never apart by more than a lot once no transaction of
 * it is within its policy time (a carry whose policy could not bring them together stops, and
 * says so); each funding payment is counted once (never more payments counted by the carries than
 * the exchange made, and all of them while every carry holding the perpetual runs); a carry
 * exits on the rate no sooner than `exitMs` (carry.exitMinutes) after it entered.
 */

/** What is wrong with the carries in `s`, or undefined. `lot`: the perpetual's lot size; `exitMs`: carry.exitMinutes. */
export function carryProblem(s: State, venue: string, lot: number, exitMs: number): string | undefined {
  const carries = Object.values(s.ledger.carryInstances ?? {});
  if (carries.length === 0) return undefined;
  const inFlight = (id: string): boolean => Object.values(s.ledger.arbTxs ?? {}).some((t) => t.instanceId === id && !t.outcome);
  for (const c of carries) {
    const open = carryOpen(c.trades);
    if (inFlight(c.id) || Math.abs(open.spot - open.perp) < lot) continue;
    if (c.status === 'running') return `${c.id} runs with its legs apart: spot ${open.spot}, perpetual short ${open.perp}`;
    if (!/legs differ|unhedged|still open/.test(c.reason ?? '')) return `${c.id} stopped with its legs apart (spot ${open.spot}, short ${open.perp}) without saying so: ${c.reason}`;
  }
  // An exit of the rate's waits `exitMs` below the exit threshold, and the threshold is crossed
  // down only after an entry: never sooner than that after the entry before it (a carry that
  // de-risked exits without waiting, by its own rule: not checked here).
  for (const c of carries.filter((k) => k.derisks === 0)) {
    const txs = Object.values(s.ledger.arbTxs ?? {}).filter((t) => t.instanceId === c.id).sort((a, b) => a.plannedAt - b.plannedAt);
    let entry: number | undefined;
    for (const t of txs) {
      if (t.buy.symbol !== c.perp) entry = t.plannedAt;
      else if (entry !== undefined && t.plannedAt - entry < exitMs) return `${c.id} exited ${t.plannedAt - entry} ms after it entered, under carry.exitMinutes (${exitMs} ms): in and out on a rate at its threshold`;
    }
  }
  const paid = s.ledger.futures.fundingCount;
  const counted = carries.reduce((n, c) => n + c.fundingCount, 0);
  if (counted > paid) return `the carries counted ${counted} funding payments, the exchange made ${paid}`;
  // Only carries hold the perpetual in these runs: while each that holds it runs, every payment is one of theirs.
  const perps = new Set(carries.map((c) => c.perp));
  const unowned = Object.values(s.ledger.futures.positions).some((p) => p.venue === venue && perps.has(p.symbol) && p.qty !== 0) && carries.some((c) => c.status !== 'running' && carryOpen(c.trades).perp > 0);
  if (!unowned && carries.every((c) => c.status === 'running') && counted !== paid) return `the carries counted ${counted} funding payments, the exchange made ${paid}`;
  return undefined;
}
