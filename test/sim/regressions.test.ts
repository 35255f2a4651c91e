import assert from 'node:assert/strict';
import { test } from 'node:test';
import { replayCommand, runSeed, type VenueKind } from '../../sim/run-seed.js';

/**
 * Every seed the simulator found failing, kept as a permanent reproduction: the run, cut to
 * the step where it failed, must now hold every invariant. `open` names a defect not fixed
 * yet: the test runs and reports as TODO (it does not fail the suite) until the fix lands;
 * then delete `open`.
 */
interface Regression {
  readonly seed: number;
  readonly venue: VenueKind;
  readonly steps: number;
  /** False for seeds found with disk faults off (they were opt-in at first); default on. */
  readonly diskFaults?: boolean;
  /** True for seeds found with the daemon's socket as a fault source; before it, they replay without. */
  readonly daemonFaults?: boolean;
  /** What the seed caught when it was found. */
  readonly found: string;
  readonly open?: string;
}

const REGRESSIONS: readonly Regression[] = [
  // Defect 2: a reply lost or late after acceptance, then a look-up that failed or found
  // nothing yet, made the order `rejected`; the fill arrived afterwards on the user stream.
  { seed: 1, venue: 'ccxt', steps: 8, diskFaults: false, found: 'never both filled and rejected: order 1 filled (log seq 415) after it was rejected (seq 413)' },
  { seed: 5, venue: 'ccxt', steps: 88, diskFaults: false, found: 'never both filled and rejected: order 35 filled after it was rejected (crash during a market sell)' },
  { seed: 13, venue: 'ccxt', steps: 56, diskFaults: false, found: 'never both filled and rejected: order 8 filled (seq 2276) after it was rejected (seq 591)' },
  { seed: 17, venue: 'ccxt', steps: 56, diskFaults: false, found: 'never both filled and rejected: order 15' },
  { seed: 21, venue: 'ccxt', steps: 142, diskFaults: false, found: 'never both filled and rejected: order 35, found at a clean restart' },
  { seed: 25, venue: 'ccxt', steps: 128, diskFaults: false, found: 'never both filled and rejected: order 64' },
  { seed: 27, venue: 'ccxt', steps: 48, diskFaults: false, found: 'never both filled and rejected: order 2 (seq 501 rejected, seq 742 filled)' },
  { seed: 33, venue: 'ccxt', steps: 94, diskFaults: false, found: 'never both filled and rejected: order 20, at a clean restart' },
  { seed: 39, venue: 'ccxt', steps: 96, diskFaults: false, found: 'never both filled and rejected: order 28' },
  // Defect 7: a full disk or a failed fsync while appending was an internal error.
  { seed: 1, venue: 'sim', steps: 14, found: 'no internal error: cannot write event log ... ENOSPC (market sell)' },
  { seed: 5, venue: 'sim', steps: 9, found: 'no internal error: cannot write event log ... EIO: i/o error, fdatasync' },
  // Defect 6: a write torn inside a batch kept half of it.
  { seed: 2, venue: 'sim', steps: 25, found: 'balances = start + fills - fees: ETH locked -0.1383 (a limit sell torn between accepted and its balance update)' },
  { seed: 28, venue: 'sim', steps: 22, found: 'balances = start + fills - fees: USDT 19888.84 but start + fills - fees = 19605.20' },
  // A late order request; atapi's clock jumps 13 h forward; the next reconcile decides "not
  // placed" by the wall clock while the request, seconds old in the exchange's time, still
  // lands and fills (see clock-jump.test.ts for the scenario by hand).
  {
    seed: 5791,
    venue: 'ccxt',
    steps: 99,
    found: 'never both filled and rejected: order 10 filled (log seq 2670) after it was rejected (seq 2667); fixed: the arrival window runs on a monotonic clock',
  },
  {
    seed: 5881,
    venue: 'ccxt',
    steps: 100,
    found: 'never both filled and rejected: order 37 (late request; clock +4.4 h at step 97; the request lands at the final heal); fixed with 5791',
  },
  // The sandbox's matching engine released a lock share a hair larger than the lock (USDT
  // locked -0.00000001); the ccxt venue refused that REST balance and asked again at once,
  // forever, without yielding: the run (and an app) hung at 100% CPU.
  // A resting order partly filled, a restart, and the next fill reused the trade id of the
  // first (the simulated exchange's counter started at 0 again): the fold dropped it as a
  // repeat while its balance change stood. Trade ids now go on from the ledger's fill count.
  { seed: 724, venue: 'sim', steps: 66, found: 'balances = start + fills - fees: LTC 4.56 but start + fills - fees is 60.40' },
  { seed: 119, venue: 'ccxt', steps: 100, found: 'hung at step 60: resyncBalance -> onBalance -> resyncBalance on a REST balance with locked -0.00000001' },
  // Closing (or restarting) on a full disk: the final snapshot's ENOSPC escaped session.close().
  ...[
    { seed: 3, venue: 'sim', steps: 23 },
    { seed: 7, venue: 'ccxt', steps: 106 },
    { seed: 28, venue: 'sim', steps: 105 },
    { seed: 32, venue: 'sim', steps: 95 },
    { seed: 33, venue: 'ccxt', steps: 116 },
    { seed: 38, venue: 'sim', steps: 121 },
    { seed: 40, venue: 'sim', steps: 107 },
  ].map((r): Regression => ({
    ...(r as { seed: number; venue: VenueKind; steps: number }),
    found: "no internal error: close: Error: ENOSPC: no space left on device, write '.../snapshot.json.tmp'",
  })),
  // A full disk with fsync failures armed while it was full (none spent): the harness freed the
  // space but left them armed, so every reopen it allowed was refused (disk full, EIO, EIO),
  // each with a clear error. The harness now heals the disk whole before reopening. Found in
  // the 2,000-seed run with daemon faults on.
  { seed: 1701, venue: 'ccxt', steps: 99, daemonFaults: true, found: 'restart opens the ledger: disk error: cannot write the event log .../events.log (EIO)' },
  // The notifier in the workload (sim/notify-world.ts). A stop set off from another observer's
  // callback reached the notifier before the batch that set it off: sent first, its mark passed
  // over the earlier event.
  { seed: 18, venue: 'sim', steps: 16, daemonFaults: true, found: 'notifications in ledger order: hook-a was told #514 again though its delivery was marked on disk (mark 517)' },
  // A mark written before its event was on disk (a full disk, then a crash): the next run gave
  // those seqs to new events, which the mark counted as told.
  { seed: 24, venue: 'sim', steps: 19, daemonFaults: true, found: 'notifications in ledger order: hook-a was told #248 again after its send was answered (ok up to #253)' },
  // The backlog sorted by timestamp: after the clock was set back, a later event went first.
  { seed: 40, venue: 'sim', steps: 84, daemonFaults: true, found: 'notifications in ledger order: hook-a was told #1755 again though its delivery was marked on disk (mark 2002)' },
  { seed: 66, venue: 'sim', steps: 100, daemonFaults: true, found: 'every ledger fact with a notification is told at least once: hook-b was never told #678 order/refused' },
  // Told before on disk: the notifier sent what the store had folded while the log's group
  // commit was still on its way; a crash lost the unsynced tail, and the events told with it.
  // Before the notifier waited for the log, 260 of 300 seeds failed this way.
  { seed: 264, venue: 'sim', steps: 11, daemonFaults: true, found: 'a channel is told only events on disk: hook-a was told #446 (refusals) before it was on disk: the ledger came back ending at #408' },
  { seed: 299, venue: 'ccxt', steps: 14, daemonFaults: true, found: 'a channel is told only events on disk: hook-a was told #414 (fills) before it was on disk: the ledger came back ending at #412' },
  // A cancel whose answer a crash lost was recorded, and told, as order.gone after the restart
  // ("not by a cancel this atapi run sent"): the trader's, a strategy's, a flatten's. Who asked
  // is now on disk before the cancel goes out (order/cancel-asked). Found by sim/gone-invariants.ts.
  { seed: 59, venue: 'ccxt', steps: 62, daemonFaults: true, found: 'order 9 (atmbywm6ib-9) is recorded order.gone, yet this run sent the exchange a cancel for it (a crash 3 turns into cancel 9)' },
  { seed: 120, venue: 'ccxt', steps: 50, daemonFaults: true, found: 'order 12 is recorded order.gone, yet this run sent the exchange a cancel for it (a crash 1 turn into cancel 12)' },
  { seed: 24, venue: 'ccxt', steps: 26, daemonFaults: true, found: 'order 5 is recorded order.gone, yet this run sent the exchange a cancel for it (an idle crash)' },
  { seed: 149, venue: 'ccxt', steps: 16, daemonFaults: true, found: 'order 3 is recorded order.gone, yet this run sent the exchange a cancel for it (flatten)' },
  // The trader's cancel refused on a failing disk (its ask queued, written later): the ask stood
  // in the log though nothing was sent, and the exchange's own cancel read as ours. The ask is
  // now taken back (notSent).
  { seed: 791, venue: 'ccxt', steps: 29, daemonFaults: true, found: 'order 3 is recorded order.gone, yet the log holds a cancel asked for it (cancel 3: disk error: cancel 3 not sent)' },
  { seed: 1211, venue: 'ccxt', steps: 52, daemonFaults: true, found: 'order 7 is recorded order.gone, yet the log holds a cancel asked for it' },
  // The taking back cleared an earlier ask whose cancel had been sent (refused on the way): now
  // that one stands again (stands).
  { seed: 1002, venue: 'ccxt', steps: 58, daemonFaults: true, found: 'order 7 (atmbyh6av9-7) is recorded order.gone, yet this run sent the exchange a cancel for it (cancel 7 refused, amend 7 and a crash inside cancel 7 not sent)' },
  // A grid's cancel asked while the exchange dropped the order: the drop was recorded gone (the
  // cancel never went out: the order had ended once its ask was on disk), but the ask stood in the
  // log. It is now taken back there too.
  { seed: 1793, venue: 'ccxt', steps: 43, daemonFaults: true, found: 'order 12 is recorded order.gone, yet the log holds a cancel asked for it (grid re-laying as the exchange dropped its order)' },
  // A grid a flatten stopped cancelled its resting orders in its own words; now the flatten's.
  { seed: 502, venue: 'sim', steps: 98, daemonFaults: true, found: 'order 48, cancelled by flatten, reads "cancelled by strategy grid-ETHUSDT-1m-5 as it stopped"' },
  // A crash inside a cancel after its ask was on disk: the order rested on after every restart.
  // The next process now sends the cancel again (app/session/cancel-resend.ts).
  { seed: 8, venue: 'sim', steps: 100, daemonFaults: true, found: 'order 30 was asked to cancel (the ask stands in the log), yet it still rests at the exchange after the final restart and reconcile' },
  { seed: 16, venue: 'ccxt', steps: 100, daemonFaults: true, found: 'an order asked to cancel still rests at the exchange after the final restart and reconcile (ccxt)' },
  // A crash inside a flatten: the orders its cancels had not reached rested on the halted account.
  { seed: 284, venue: 'sim', steps: 100, daemonFaults: true, found: 'order 10, placed before the flatten\'s halt that still stands, still rests at the exchange after the final restart and reconcile' },
  // Not a bug found: a run that writes a gone claim off (strategies write-off --all). Writing off half of it,
  // or at another price than the entry, failed here (and seeds 38, 50) when the invariants were written.
  { seed: 24, venue: 'sim', steps: 77, daemonFaults: true, found: "after a write-off the instances' claims on its market are no more than the account holds; it moves no realised PnL, fee or fill" },
];

for (const r of REGRESSIONS) {
  // Found before the daemon's socket was a source of faults: replayed without it, as found.
  const cmd = replayCommand({ ...r, daemonFaults: r.daemonFaults === true });
  test(`${cmd}  (${r.found})`, { todo: r.open }, async () => {
    const result = await runSeed({ seed: r.seed, venue: r.venue, steps: r.steps, diskFaults: r.diskFaults, daemonFaults: r.daemonFaults === true });
    const v = result.violation;
    assert.equal(v, undefined, v && `step ${v.step} [${v.action}]: ${v.invariant}: ${v.message}`);
  });
}
