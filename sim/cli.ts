import { replayCommand, runSeed, type RunResult, type VenueKind } from './run-seed.js';
import { runArbSeed } from './arb-run.js';

/**
 * `npm run sim -- --seeds N [--seed S] [--venue sim|ccxt|both] [--steps K] [--trace]`:
 * runs seeds S..S+N-1, prints progress, seeds per second and faults by kind, and for each
 * failing seed the invariant, the step and the command that replays it. Exit code 1 when
 * any seed fails, 2 on bad arguments.
 */
const HELP = `usage: npm run sim -- [--seeds N] [--seed S] [--venue sim|ccxt|both] [--steps K] [--no-disk-faults] [--no-daemon-faults] [--no-daemon-bad-events] [--trace]

Deterministic fault simulator: each seed is one run of the real session, order entry, store,
log and venue adapter against a simulated outside world (clock, market, exchange, disk), with
faults injected and the money-path invariants checked after every step and every restart.

  --seeds N      number of seeds to run (default 1 with --seed, else 100)
  --seed S       first seed (default 1); with --seeds 1 this replays one run
  --venue V      sim (the built-in exchange), ccxt (the ccxt adapter over the in-process
                 exchange) or both, alternating by seed (default both)
  --steps K      workload steps per seed (default 100)
  --no-disk-faults
                 no full disk, failed fsyncs or writes torn at a byte (crashes that lose
                 unsynced bytes stay on)
  --no-daemon-faults
                 no misbehaving clients of the daemon's socket (bad JSON, unknown methods,
                 wrong arguments, overlong lines, clients that stall or vanish mid-request)
  --no-daemon-bad-events
                 daemon clients do not dispatch events of allowed types with malformed data
                 (on by default: the ledger must refuse them and always reopen)
  --arb          arbitrage runs instead: two simulated venues and an arb-cross instance, venues
                 refusing or swallowing legs, restarts and crashes; invariants: each fill once,
                 net exposure within the limit after the policy time, no transaction
                 unfinished after a restart (replay: --arb --seed S --steps K)
  --trace        print the trace of every step (use with one seed)
  --help         this text

A failing seed prints the invariant, the step and the exact command that replays it.`;

interface Args {
  readonly seeds: number;
  readonly first: number;
  readonly venue: VenueKind | 'both';
  readonly steps: number;
  readonly trace: boolean;
  readonly diskFaults: boolean;
  readonly daemonFaults: boolean;
  readonly badEvents: boolean;
  readonly arb: boolean;
}

export function parseArgs(argv: readonly string[]): Args | { help: true } | { error: string } {
  let seeds: number | undefined;
  let first: number | undefined;
  let venue: Args['venue'] = 'both';
  let steps = 100;
  let trace = false;
  let diskFaults = true;
  let daemonFaults = true;
  // On by default since the store checks every event against its schema before logging (issue 19).
  let badEvents = true;
  let arb = false;
  const int = (flag: string, v: string | undefined, min: number): number | string => {
    if (v === undefined || !/^\d+$/.test(v) || Number(v) < min || !Number.isSafeInteger(Number(v))) return `${flag} needs a whole number >= ${min}, got ${v === undefined ? 'nothing' : JSON.stringify(v)}`;
    return Number(v);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--help':
      case '-h':
        return { help: true };
      case '--seeds': {
        const n = int(flag, value(), 1);
        if (typeof n === 'string') return { error: n };
        seeds = n;
        break;
      }
      case '--seed': {
        const n = int(flag, value(), 0);
        if (typeof n === 'string') return { error: n };
        first = n;
        break;
      }
      case '--steps': {
        const n = int(flag, value(), 0);
        if (typeof n === 'string') return { error: n };
        steps = n;
        break;
      }
      case '--venue': {
        const v = value();
        if (v !== 'sim' && v !== 'ccxt' && v !== 'both') return { error: `--venue must be sim, ccxt or both, got ${v === undefined ? 'nothing' : JSON.stringify(v)}` };
        venue = v;
        break;
      }
      case '--trace':
        trace = true;
        break;
      case '--arb':
        arb = true;
        break;
      case '--disk-faults':
        diskFaults = true;
        break;
      case '--no-disk-faults':
        diskFaults = false;
        break;
      case '--no-daemon-faults':
        daemonFaults = false;
        break;
      case '--daemon-bad-events':
        badEvents = true;
        break;
      case '--no-daemon-bad-events':
        badEvents = false;
        break;
      default:
        return { error: `unknown option ${JSON.stringify(a)} (see --help)` };
    }
  }
  return { seeds: seeds ?? (first !== undefined ? 1 : 100), first: first ?? 1, venue, steps, trace, diskFaults, daemonFaults, badEvents, arb };
}

export function describeFaults(faults: Readonly<Record<string, number>>): string {
  const kinds = Object.entries(faults).sort(([a], [b]) => a.localeCompare(b));
  return kinds.length ? kinds.map(([k, n]) => `${k} ${n}`).join(', ') : 'none';
}

export function venueFor(args: Pick<Args, 'venue'>, seed: number): VenueKind {
  return args.venue === 'both' ? (seed % 2 === 0 ? 'sim' : 'ccxt') : args.venue;
}

async function main(): Promise<number> {
  const parsed = parseArgs(process.argv.slice(2));
  if ('help' in parsed) {
    console.log(HELP);
    return 0;
  }
  if ('error' in parsed) {
    console.error(`sim: ${parsed.error}`);
    return 2;
  }
  const args = parsed;
  if (args.arb) return arbMain(args);
  const faults: Record<string, number> = {};
  const failures: RunResult[] = [];
  const t0 = performance.now();
  // Progress every tenth of the run, and at most every 500 seeds, with the faults so far.
  const every = Math.max(1, Math.min(500, Math.round(args.seeds / 10)));
  let steps = 0;
  for (let i = 0; i < args.seeds; i++) {
    const seed = args.first + i;
    const r = await runSeed({ seed, venue: venueFor(args, seed), steps: args.steps, diskFaults: args.diskFaults, daemonFaults: args.daemonFaults, badEvents: args.badEvents, onTrace: args.trace ? (l) => console.log(l) : undefined });
    steps += r.steps;
    for (const [k, n] of Object.entries(r.faults)) faults[k] = (faults[k] ?? 0) + n;
    if (r.violation) {
      failures.push(r);
      const v = r.violation;
      console.log(`FAIL seed ${r.seed} (${r.venue}) step ${v.step} [${v.action}]: ${v.invariant}: ${v.message.split('\n')[0]}`);
      console.log(`  replay: ${replayCommand({ ...r, steps: v.step })}`);
    }
    if ((i + 1) % every === 0 || i + 1 === args.seeds) {
      const secs = (performance.now() - t0) / 1000;
      const injected = Object.values(faults).reduce((a, b) => a + b, 0);
      console.log(`seeds ${i + 1}/${args.seeds}  ${((i + 1) / secs).toFixed(1)} seeds/s  ${injected} faults  ${failures.length} failing`);
      if (i + 1 < args.seeds && args.seeds >= 1000) console.log(`  faults so far: ${describeFaults(faults)}`);
    }
    if (args.seeds === 1) console.log(`trace hash ${r.hash}`);
  }
  const secs = (performance.now() - t0) / 1000;
  console.log(`\n${args.seeds} seeds, ${steps} steps in ${secs.toFixed(1)} s: ${(args.seeds / secs).toFixed(1)} seeds/s, ${(steps / secs).toFixed(0)} steps/s`);
  console.log(`faults injected: ${describeFaults(faults)}`);
  if (failures.length === 0) {
    console.log('no invariant violations');
    return 0;
  }
  console.log(`${failures.length} failing seed(s):`);
  for (const r of failures) console.log(`  ${replayCommand({ ...r, steps: r.violation!.step })}   # ${r.violation!.invariant}`);
  return 1;
}

/** `--arb`: the arbitrage runs, with the same progress and replay lines. */
async function arbMain(args: Args): Promise<number> {
  const faults: Record<string, number> = {};
  const failures: { seed: number; step: number; invariant: string }[] = [];
  const t0 = performance.now();
  const every = Math.max(1, Math.min(500, Math.round(args.seeds / 10)));
  for (let i = 0; i < args.seeds; i++) {
    const seed = args.first + i;
    const r = await runArbSeed(seed, args.steps, args.trace ? (l) => console.log(l) : undefined);
    for (const [k, n] of Object.entries(r.faults)) faults[k] = (faults[k] ?? 0) + n;
    if (r.violation) {
      failures.push({ seed, step: r.violation.step, invariant: r.violation.invariant });
      console.log(`FAIL seed ${seed} (arb) step ${r.violation.step}: ${r.violation.invariant}: ${r.violation.message.split('\n')[0]}`);
      console.log(`  replay: npm run sim -- --arb --seed ${seed} --steps ${r.violation.step}`);
    }
    if ((i + 1) % every === 0 || i + 1 === args.seeds) console.log(`seeds ${i + 1}/${args.seeds}  ${((i + 1) / ((performance.now() - t0) / 1000)).toFixed(1)} seeds/s  ${failures.length} failing`);
    if (args.seeds === 1) console.log(`trace hash ${r.hash}`);
  }
  console.log(`\n${args.seeds} arbitrage seeds in ${((performance.now() - t0) / 1000).toFixed(1)} s; faults and outcomes: ${describeFaults(faults)}`);
  if (failures.length === 0) {
    console.log('no invariant violations');
    return 0;
  }
  for (const f of failures) console.log(`  npm run sim -- --arb --seed ${f.seed} --steps ${f.step}   # ${f.invariant}`);
  return 1;
}

// Run only as a program, so tests can import parseArgs.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\/sim\//, '/sim/'))) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(`sim: ${(err as Error).stack ?? String(err)}`);
      process.exitCode = 1;
    },
  );
}
