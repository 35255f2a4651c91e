import path from 'node:path';
import { HUNG_UP, isTerminalGone, timeframeMs, UserError, type Timeframe } from '../domain/index.js';
import { entrySettings, openSession } from '../app/session/open-session.js';
import { daemonHolding, entryLedgerDirs } from '../app/daemon/attach.js';
import type { Session } from '../app/session/session.js';
import { loadStrategy, requireCandleDriven } from '../app/strategy-runtime/load-strategy.js';
import { startStrategy } from '../app/strategy-runtime/strategy-host.js';
import { runOnce, type OnceOutcome } from '../app/strategy-runtime/run-once.js';
import { runSummary } from '../app/strategy-runtime/run-report.js';
import { watchHeartbeats } from '../app/strategy-runtime/run-heartbeat.js';
import { resolveParams, type Params, type StrategyDefinition } from '../strategies/strategy.js';
import { selectInstrument } from '../store/index.js';
import { StrategyError } from '../engine/strategy-runner.js';
import { attachCommand, daemonDirCommand, daemonStartCommand } from '../app/daemon/daemon-hints.js';
import type { SessionFlags } from '../app/session/session-argv.js';
import type { CliIO, CommandHandler } from './io.js';
import { entryIO } from './entry-io.js';
import { parseRunArgs, type RunOptions } from './run-options.js';
import { RUN_HELP } from './run-help.js';
import { heartbeatJson, heartbeatLine, onceJson, onceText, orderJson, summaryJson, summaryText, type RunMarket } from './run-format.js';
import { endByHangUp } from './hang-up.js';

/** Exit codes of `--once` a cron job can act on. */
const ONCE_EXIT: Record<OnceOutcome, number> = { idle: 0, settled: 0, held: 1, refused: 1, unsettled: 3 };

export const runCommand: CommandHandler = async (argv, io) => {
  const o = parseRunArgs(argv);
  if (o === 'help') {
    io.stdout.write(`${RUN_HELP}\n`);
    return 0;
  }
  const def = await loadStrategy(o.strategy);
  requireCandleDriven(def, 'run on its own');
  const resolved = resolveParams(def, o.params);
  if (!resolved.ok) throw new UserError(resolved.error);
  const entry = { ...o.entry, dataDir: io.dataDir };
  // A daemon on this ledger: --once (cron beside the daemon) places its order through it; a
  // continuous run belongs in the daemon, which keeps its strategies running.
  const held = o.once || entry.noPersist ? undefined : await daemonHolding(entry.dataDir, entryLedgerDirs(entry), io.env);
  if (held) throw new UserError(`the daemon (pid ${held.pid}) holds this ledger: start the strategy in it (${attachCommand(entry.dataDir, entry)} start ${o.strategy} ${o.symbol} --timeframe ${o.timeframe}${o.size ? ` --size ${o.size}` : ''}), or stop the daemon first (${daemonDirCommand('stop', entry.dataDir)})`);
  // The one composition root: settings' risk limits, --live armed or refused, keys, mode.
  // `run` runs what it was asked to: instances another run left recorded running (its terminal
  // dropped, it was killed) are listed, never resumed here, where nobody would see them trade.
  const session = await openSession(entry, entryIO(io), { tickMs: o.once ? 0 : 250, attach: o.once ? { onError: (m) => io.stderr.write(`atapi: ${m}\n`) } : undefined }, { resumeStrategies: false });
  const budgetMs = entrySettings(entry)?.['strategy.timeBudgetMs'];
  let code: number | undefined;
  try {
    for (const r of session.reports) io.stderr.write(`${r}\n`);
    const left = leftRunning(session, io.dataDir, o.entry);
    if (left) io.stderr.write(`${left}\n`);
    const base = session.symbol(o.symbol);
    const inst = selectInstrument(session.state(), session.venue, base);
    // On a real exchange only a few markets stream their candles until one is looked at.
    await session.focusMarket(base);
    const market: RunMarket = { symbol: base, base: inst?.base ?? base.split('/')[0], quote: inst?.quote ?? base.split('/')[1], instrument: inst, mode: session.mode };
    code = o.once ? await once(session, o, def, resolved.params, market, io, budgetMs) : await continuous(session, o, def, resolved.params, market, io, budgetMs);
    return code;
  } catch (err) {
    // The host refuses a market it cannot trade (no instrument, bad timeframe) with a RangeError;
    // a strategy that breaks its contract (throws, returns nonsense) is the user's to fix.
    if (err instanceof RangeError || err instanceof StrategyError) throw new UserError(err.message);
    throw err;
  } finally {
    await session.close();
    // The terminal went away: once the session is closed, the process ends by the hang-up.
    if (code === HUNG_UP) endByHangUp();
  }
};

/**
 * One line naming the instances the ledger has as running on this venue that this run will not
 * touch, and how to resume or stop them; undefined when there are none.
 */
export function leftRunning(session: Session, dataDir: string, flags: SessionFlags): string | undefined {
  const state = session.state();
  // Live ones run somewhere already: in the daemon a --once attached to (its replica says so).
  const ids = Object.values(state.ledger.strategies).filter((s) => s.status === 'running' && s.venue === session.venue && state.runtime?.strategies[s.strategyId]?.live !== true).map((s) => s.strategyId);
  if (ids.length === 0) return undefined;
  const shown = ids.slice(0, 5).join(', ') + (ids.length > 5 ? ` and ${ids.length - 5} more` : '');
  return `atapi: left running by an earlier session, not resumed by this run: ${shown}; the daemon, the app or the shell resumes them (${daemonStartCommand(dataDir, flags)}), or stop them: ${attachCommand(dataDir, flags)} stop ID`;
}

/** The strategy id a run's orders carry; the same rule as the strategy host's. */
function strategyId(def: StrategyDefinition, symbol: string, tf: Timeframe): string {
  return `${def.name}-${symbol.replace('/', '')}-${tf}`;
}

/** A user's strategy file is recorded by its path (a restart resumes it from there); a built-in by its name alone. */
function moduleOf(strategy: string): { module?: string } {
  return /[/\\]|\.(c|m)?[jt]s$/.test(strategy) ? { module: path.resolve(strategy) } : {};
}

async function once(session: Session, o: RunOptions, def: StrategyDefinition, params: Params, m: RunMarket, io: CliIO, budgetMs?: number): Promise<number> {
  const startedAt = Date.now();
  const id = strategyId(def, m.symbol, o.timeframe);
  io.stderr.write(`${def.name} once on ${m.symbol} ${o.timeframe} in ${session.mode.toUpperCase()} mode on ${session.label} (id ${id})\n`);
  // Warm-up: the venue's older candles of the timeframe, before its 1m history begins.
  await session.loadCandles(m.symbol, o.timeframe);
  const r = await runOnce(session, { strategy: def, params, symbol: m.symbol, timeframe: o.timeframe, mode: session.mode, strategyId: id, now: startedAt, size: o.size, budgetMs, ...moduleOf(o.strategy) });
  const summary = runSummary(session.state(), { strategyId: id, venue: session.venue, symbol: m.symbol, startedAt, endedAt: Date.now() });
  if (o.json) {
    io.stdout.write(`${onceJson(r, m)}\n${summaryJson(summary, m, { outcome: r.outcome })}\n`);
  } else {
    io.stdout.write(`${onceText(r, m)}\n${summaryText(summary, m)}\n`);
    if (r.outcome === 'unsettled') io.stderr.write(`atapi: ${r.message}\n`);
  }
  return ONCE_EXIT[r.outcome];
}

async function continuous(session: Session, o: RunOptions, def: StrategyDefinition, params: Params, m: RunMarket, io: CliIO, budgetMs?: number): Promise<number> {
  const startedAt = Date.now();
  const write = (line: string): void => void io.stdout.write(`${line}\n`);
  let crashed: string | undefined;
  let announced = false;
  const host = startStrategy(session, {
    strategy: def,
    params,
    symbol: m.symbol,
    timeframe: o.timeframe,
    mode: session.mode,
    onOrder: (text) => write(o.json ? orderJson(Date.now(), text, m) : `${new Date().toISOString().slice(11, 19)} ${text}`),
    onCrash: (message, id) => {
      // The reason does not name the strategy: the line names the instance.
      crashed = `strategy ${id} stopped: ${message}`;
      // Live, the run goes on to its summary: the reason is said here, by the host's own call.
      if (announced) io.stderr.write(`atapi: ${crashed}\n`);
    },
    size: o.size,
    exits: o.exits,
    budgetMs,
    ...moduleOf(o.strategy),
  });
  // It threw on its warm-up: stopped before the run began, so nothing will ever end the run.
  if (crashed !== undefined) throw new UserError(crashed);
  const unobserve = watchHeartbeats(
    session,
    { strategyId: host.id, symbol: m.symbol, timeframe: o.timeframe, since: startedAt },
    (h) => write(o.json ? heartbeatJson(h, m) : heartbeatLine(h, m, io.color)),
    (side, reason, ts, target) => {
      if (!o.json) write(`${new Date(ts).toISOString().slice(11, 19)} signal ${target ? `${target} (${side})` : side}: ${reason}`);
    },
  );
  // The market timers do not hold the process open; the run does, until a signal, or until
  // the strategy itself stops (it threw: the host stops it with a notice, and so does the run).
  const keepAlive = setInterval(() => undefined, 1 << 30);
  let unwatch = (): void => undefined;
  const onInt = (): void => done('SIGINT');
  const onTerm = (): void => done('SIGTERM');
  // The terminal went away (an SSH session dropped): stop like Ctrl-C, so the instance is
  // recorded stopped rather than left "running" for the next run to find. Writes to the gone
  // terminal may fail from here on; they must not interrupt the shutdown.
  const onHup = (): void => {
    for (const s of [io.stdout, io.stderr]) s.on('error', () => undefined);
    done('SIGHUP');
  };
  // A terminal gone may say so only by failing a line's write (EIO), with no SIGHUP sent (the
  // shell around the run outlived it): the same hang-up.
  const onGone = (err: unknown): void => {
    if (!isTerminalGone(err)) throw err;
    onHup();
  };
  for (const s of [io.stdout, io.stderr]) s.on('error', onGone);
  let done: (why: string) => void = () => undefined;
  const why = await new Promise<string>((resolve) => {
    done = resolve;
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
    process.once('SIGHUP', onHup);
    // Said once the handlers are in place: a signal sent on reading it gets the summary.
    io.stderr.write(`${def.name} running on ${m.symbol} ${o.timeframe} in ${session.mode.toUpperCase()} mode on ${session.label} (id ${host.id}); a line per ${o.timeframe} candle (${Math.round(timeframeMs(o.timeframe) / 60_000)} min). Ctrl-C stops it.\n`);
    announced = true;
    unwatch = session.store.observe((batch) => {
      for (const env of batch) {
        const e = env.event;
        if (e.type === 'strategy/status' && e.data.strategyId === host.id && e.data.status === 'stopped') resolve('error');
      }
    });
  });
  unwatch();
  process.off('SIGINT', onInt);
  process.off('SIGTERM', onTerm);
  process.off('SIGHUP', onHup);
  clearInterval(keepAlive);
  await host.stop({ flatten: o.flattenOnStop });
  unobserve();
  io.stderr.write(`stopped ${host.id}${why === 'error' ? ' (the strategy failed)' : ` on ${why}`}${o.flattenOnStop ? ' (position flattened)' : ''}\n`);
  const summary = runSummary(session.state(), { strategyId: host.id, venue: session.venue, symbol: m.symbol, startedAt, endedAt: Date.now() });
  write(o.json ? summaryJson(summary, m) : summaryText(summary, m));
  return why === 'error' ? 1 : why === 'SIGHUP' ? HUNG_UP : 0;
}
