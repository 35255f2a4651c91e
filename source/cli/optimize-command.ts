import path from 'node:path';
import { parseArgs } from 'node:util';
import { isTimeframe, timeframeMs, TIMEFRAMES, UserError, type Timeframe } from '../domain/index.js';
import { DEFAULT_BACKTEST } from '../engine/backtest/backtest.js';
import { hasExits, parseExits } from '../engine/strategy-exits.js';
import { gridOutOfRange, strategyBudgetMs } from '../app/session/open-session.js';
import { formatSize } from '../engine/strategy-size.js';
import { ordersSize } from './orders-size.js';
import { loadAnyStrategy, requireCandleDriven } from '../app/strategy-runtime/load-strategy.js';
import { defaultWorkers } from '../app/optimize/executor.js';
import { isMetric, METRICS, metricOf, ranked, type Metric } from '../app/optimize/metrics.js';
import { optimize, plannedTrials, studyHeader } from '../app/optimize/optimize.js';
import { queueConnection, queueExecutor } from '../app/optimize/queue.js';
import { METHODS, type Method } from '../app/optimize/proposers.js';
import { MAX_TRIALS, searchSpace } from '../app/optimize/search-space.js';
import { sha256File, trialLine } from '../app/optimize/study-file.js';
import { backtestPoint, type TrialSetup } from '../app/optimize/trial.js';
import { ALL_STRATEGIES, findAnyStrategy } from '../strategies/registry.js';
import { keepsOrders, paramValueText } from '../strategies/strategy.js';
import { figureReplacer } from '../format/json-figures.js';
import { change, share, table } from '../format/format.js';
import { futuresTradeReturns, monteCarloDrawdowns, spotTradeReturns } from '../app/optimize/monte-carlo.js';
import { backtestMarket, DEFAULT_FUTURES_FEE } from './backtest-futures.js';
import { numberOption, requireValues } from './parse-options.js';
import { readCsvFiles } from './read-candles.js';
import { heatmap, metricText, progressLine, topTable, trialsCsv } from './optimize-format.js';
import type { CliIO, CommandHandler } from './io.js';

const HELP = `usage: atapi optimize --strategy NAME|FILE --symbol S --timeframe TF --data FILE[,FILE...]
                      --param NAME=LO:HI[:STEP] [--param ...] [OPTIONS]

Searches a strategy's parameters: runs one backtest per point (exactly as atapi backtest runs it)
on every core, and ranks the results by a metric.

  --strategy NAME|FILE  a built-in strategy (${ALL_STRATEGIES.filter((s) => !s.signalled).map((s) => s.name).join(', ')}) or a module ./my.ts
  --param NAME=LO:HI:STEP   a parameter to search: every STEP from LO to HI (STEP default 1), or
                        NAME=A,B,C; repeat for each (at most 100,000 values each); the other
                        parameters keep their defaults; values take backtest's units
                        (every=1h:1d:1h, on-drop=2%:6%:2%)
  --symbol, --timeframe, --data FILE[,FILE...] (files joined in time order), --skip-bad-rows,
  --cash, --fee, --slippage-bps, --stop-loss/--take-profit/--trailing, --futures, --leverage,
  --funding             as in atapi backtest
  --size SIZE           grid and dca: one order, as in atapi backtest (--amount is the same); search
                        their parameters like any other (--param levels=5:30:5 --param lower=90000,95000;
                        a single value fixes one: --param upper=110000)
  --method grid|random|tpe  every point (default), N points at random, or a Tree-structured Parzen
                        Estimator that tries more where the metric was good (Bergstra et al. 2011)
  --trials N            points tried by random and tpe (default 100); a grid tries all, at most
                        ${MAX_TRIALS.toLocaleString('en-US')}
  --metric M            what ranks the results: ${METRICS.join(', ')} (default sharpe), each the
                        backtest report's own figure (sharpe, totalReturn, calmar, profitFactor)
  --seed N              the random and tpe draws (default 1): the same seed gives the same study
  --workers N           worker threads (default one per core: ${defaultWorkers()} here)
  --queue redis://HOST:PORT  put the trials on a BullMQ queue for atapi worker --queue ... processes on
                        any machines (each checks its data files against the study's hashes)
  --study FILE          write each trial to FILE (JSON lines) as it finishes; run the same command
                        again to resume a stopped sweep: finished trials are not run again
  --walk-forward K      also K folds: the series in K + 1 equal parts, fold i searched on part i
                        (in sample) and its best scored on part i + 1 (out of sample), both shown
                        so overfitting is visible (each window's strategy starts cold: warm-up
                        candles count inside it)
  --top N               rows of the results table (default 10)
  --heatmap X,Y         the two parameters of the heatmap (default the first two --param)
  --json                one object: { best: { params, ...figures }, trials: [{ params, ...figures }] },
                        figures named as in backtest --json (Infinity as the string "Infinity")
  --csv                 every trial as CSV rows
Progress (trials/s, time left) goes to stderr when it is a terminal, never with --json or --csv.
Points the strategy refuses (sma with fast not below slow) are counted and left out of the ranking.
The best result's round trips (spot, or with --futures their fees, funding and PnL over the wallet each
opened with) are replayed in 1,000 shuffled orders (Monte Carlo, seeded by --seed): the spread of max
drawdowns (trade by trade) the same trades could have dealt.`;

const KNOWN = {
  strategy: { type: 'string' },
  symbol: { type: 'string' },
  timeframe: { type: 'string' },
  data: { type: 'string' },
  param: { type: 'string', multiple: true },
  method: { type: 'string' },
  trials: { type: 'string' },
  metric: { type: 'string' },
  seed: { type: 'string' },
  workers: { type: 'string' },
  study: { type: 'string' },
  top: { type: 'string' },
  heatmap: { type: 'string' },
  'walk-forward': { type: 'string' },
  queue: { type: 'string' },
  cash: { type: 'string' },
  fee: { type: 'string' },
  'slippage-bps': { type: 'string' },
  'skip-bad-rows': { type: 'boolean' },
  'stop-loss': { type: 'string' },
  'take-profit': { type: 'string' },
  trailing: { type: 'string' },
  size: { type: 'string' },
  amount: { type: 'string' },
  futures: { type: 'boolean' },
  leverage: { type: 'string' },
  funding: { type: 'string' },
  json: { type: 'boolean' },
  csv: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const optimizeCommand: CommandHandler = async (argv, io) => {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: KNOWN, strict: true, allowPositionals: false });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const name = /'(-[^']*)'/.exec((err as Error).message)?.[1] ?? 'an option';
      throw new UserError(`unknown option ${name}: atapi optimize searches strategy parameters with --param NAME=LO:HI:STEP (atapi optimize --help)`);
    }
    throw new UserError(`${(err as Error).message.split('\n')[0]} (atapi optimize --help)`);
  }
  const values = parsed.values;
  if (values.help) {
    io.stdout.write(`${HELP}\n`);
    return 0;
  }
  requireValues(values, KNOWN, 'optimize');
  if (values.json && values.csv) throw new UserError('--json and --csv are two formats of the same output: pick one');
  const strategyRef = values.strategy ?? 'sma';
  const def = await loadAnyStrategy(strategyRef);
  requireCandleDriven(def, 'be optimized');
  const space = searchSpace(def, values.param ?? []);
  const method = (values.method ?? 'grid') as Method;
  if (!METHODS.includes(method)) throw new UserError(`--method must be one of ${METHODS.join(', ')} (got "${values.method}")`);
  if (method === 'grid' && space.size > MAX_TRIALS) throw new UserError(`the grid has ${space.size.toLocaleString('en-US')} points; at most ${MAX_TRIALS.toLocaleString('en-US')}: use bigger steps, or --method random|tpe --trials N`);
  if (method === 'grid' && values.trials !== undefined) throw new UserError('--trials is for --method random or tpe: a grid tries every point');
  const trials = numberOption('trials', values.trials, 100, 1, MAX_TRIALS, true);
  const metricRaw = values.metric ?? 'sharpe';
  if (!isMetric(metricRaw)) throw new UserError(`--metric must be one of ${METRICS.join(', ')} (got "${metricRaw}")`);
  const metric: Metric = metricRaw;
  const seed = numberOption('seed', values.seed, 1, 0, 2 ** 31, true);
  const workers = numberOption('workers', values.workers, defaultWorkers(), 1, 256, true);
  const top = numberOption('top', values.top, 10, 1, 1000, true);
  const walkForward = values['walk-forward'] === undefined ? undefined : numberOption('walk-forward', values['walk-forward'], 0, 1, 20, true);
  if (values.queue !== undefined) queueConnection(values.queue);
  const [hx, hy] = heatmapAxes(values.heatmap, space.axes.map((a) => a.name));

  const futures = values.futures === true;
  const { sym, fut } = backtestMarket({ symbol: values.symbol, futures, leverage: values.leverage, funding: values.funding });
  const tfRaw = values.timeframe ?? '1h';
  if (!isTimeframe(tfRaw)) throw new UserError(`bad --timeframe "${tfRaw}": use one of ${TIMEFRAMES.join(' ')}`);
  const tf: Timeframe = tfRaw;
  const exits = parseExits({ stopLoss: values['stop-loss'], takeProfit: values['take-profit'], trailing: values.trailing });
  if (futures && hasExits(exits)) throw new UserError('--stop-loss, --take-profit and --trailing are not in the futures backtest yet: optimize them on spot');
  // A built-in by name; a user's module by absolute path, so a worker anywhere loads the same file.
  const builtIn = findAnyStrategy(strategyRef) !== undefined;
  const cash = numberOption('cash', values.cash, DEFAULT_BACKTEST.cash, 1, 1e12);
  // grid and dca: one order's size (--size/--amount), and the setting for a grid leaving its range, as atapi backtest.
  const size = ordersSize(def, { size: values.size, amount: values.amount, futures, exits, cash }, sym);
  const setup: TrialSetup = {
    strategy: builtIn ? strategyRef : path.resolve(strategyRef),
    cash,
    fee: numberOption('fee', values.fee, futures ? DEFAULT_FUTURES_FEE : DEFAULT_BACKTEST.fee, 0, 0.1),
    slippageBps: numberOption('slippage-bps', values['slippage-bps'], 0, 0, 1000),
    timeframeMs: timeframeMs(tf),
    budgetMs: strategyBudgetMs(io.dataDir),
    ...(hasExits(exits) ? { exits } : {}),
    ...(fut ? { futures: fut } : {}),
    ...(size ? { orders: { size, outOfRange: gridOutOfRange(io.dataDir) } } : {}),
  };
  if (values.data === undefined) throw new UserError('--data FILE[,FILE...] is required: the candle CSVs to search over (Binance public-data format, as atapi backtest --data)');
  const files = values.data.split(',').map((f) => f.trim()).filter(Boolean);
  const { series, source } = readCsvFiles(files, tf, values['skip-bad-rows'] === true, io);
  if (series.length < 2) throw new UserError(`${source} gave ${series.length} usable candle(s); a backtest needs at least 2`);
  const data = files.map((f) => ({ file: path.basename(f), sha256: sha256File(f) }));

  if (walkForward !== undefined && series.length < (walkForward + 1) * 2) throw new UserError(`--walk-forward ${walkForward} needs at least ${(walkForward + 1) * 2} candles (${series.length} given)`);
  const planned = plannedTrials({ method, trials, space });
  const total = planned + (walkForward ?? 0) * (planned + 1);
  const progress = io.interactive && !values.json && !values.csv ? progressWriter(io, total) : undefined;
  const started = performance.now();
  const request = {
    setup,
    series,
    space,
    method,
    trials,
    seed,
    metric,
    workers,
    studyPath: values.study,
    describe: { symbol: sym.symbol, timeframe: tf, data, ...(!builtIn ? { strategySha256: sha256File(setup.strategy) } : {}) },
    onProgress: progress?.update,
    ...(walkForward ? { walkForward } : {}),
  };
  const executor = values.queue ? await queueExecutor(values.queue, studyHeader(request)) : undefined;
  let run;
  try {
    run = await optimize({ ...request, ...(executor ? { executor } : {}) });
  } finally {
    await executor?.close();
  }
  progress?.done();
  const elapsed = performance.now() - started;
  const best = ranked(run.results, metric);
  const refused = run.results.filter((r) => 'error' in r.outcome);
  const bestRun = best[0] ? backtestPoint(def, setup, series, best[0].params) : undefined;
  // A grid's or a dca's fills are many partial entries and exits, not round trips to shuffle.
  const tradeReturns = bestRun === undefined || keepsOrders(def) ? undefined : 'funding' in bestRun ? futuresTradeReturns(bestRun, setup.cash, setup.timeframeMs) : spotTradeReturns(bestRun.fills);
  const mc = tradeReturns ? monteCarloDrawdowns(tradeReturns, 1000, seed) : undefined;
  const folds = run.folds?.map((f) => ({
    fold: f.fold,
    inSample: { firstTime: series.t[f.inSample.from], lastTime: series.t[f.inSample.to - 1], candles: f.inSample.to - f.inSample.from },
    outOfSample: { firstTime: series.t[f.outOfSample.from], lastTime: series.t[f.outOfSample.to - 1], candles: f.outOfSample.to - f.outOfSample.from },
    params: f.chosen?.params ?? null,
    inSampleMetric: f.chosen ? metricOf(f.chosen.outcome.figures, metric) : null,
    outOfSampleMetric: f.outOfSampleResult && 'figures' in f.outOfSampleResult.outcome ? metricOf(f.outOfSampleResult.outcome.figures, metric) : null,
    inSampleFigures: f.chosen?.outcome.figures ?? null,
    outOfSampleFigures: f.outOfSampleResult ? trialLine(f.outOfSampleResult) : null,
  }));

  if (values.json) {
    const head = { strategy: def.name, symbol: sym.symbol, timeframe: tf, source, method, metric, seed, space: Object.fromEntries(space.axes.map((a) => [a.name, a.values])), fixed: space.fixed };
    const json = { ...head, ran: run.fresh, fromStudy: run.results.length - run.fresh, best: best[0] ? { ...trialLine(best[0]), metric: metricOf(best[0].outcome.figures, metric) } : null, refused: refused.length, ...(folds ? { walkForward: folds } : {}), ...(mc ? { monteCarlo: mc } : {}), trials: run.results.map(trialLine) };
    io.stdout.write(`${JSON.stringify(json, figureReplacer, 2)}\n`);
    return 0;
  }
  if (values.csv) {
    io.stdout.write(`${trialsCsv(run.results, space)}\n`);
    return 0;
  }
  const lines = [
    `Optimize ${def.name} on ${sym.symbol} ${tf}: ${run.results.length.toLocaleString('en-US')} trials by ${method}${method === 'grid' ? '' : ` (seed ${seed})`}, ranked by ${metric}; ${run.fresh.toLocaleString('en-US')} run now${walkForward ? ' (walk-forward folds included)' : ''} ${values.queue ? `through the queue ${values.queue}` : `on ${run.workers} worker(s)`} in ${(elapsed / 1000).toFixed(1)} s${values.study ? `, ${(run.results.length - run.fresh).toLocaleString('en-US')} from ${values.study}` : ''}`,
    `Data: ${source}, ${series.length.toLocaleString('en-US')} candles`,
    `Searched: ${space.axes.map((a) => `${a.name} ${a.values.length > 1 ? `${a.values[0]}..${a.values[a.values.length - 1]} (${a.values.length} values)` : a.values[0]}`).join(', ')}${Object.keys(space.fixed).length ? `; fixed: ${Object.entries(space.fixed).map(([k, v]) => `${k} ${v}`).join(', ')}` : ''}`,
  ];
  if (refused.length > 0 && 'error' in refused[0].outcome) lines.push(`Refused by the strategy: ${refused.length} point(s), e.g. ${refused[0].id}: ${refused[0].outcome.error}`);
  lines.push('');
  if (best.length === 0) lines.push('No point could be backtested.');
  else {
    lines.push(topTable(best, metric, space, top), '');
    const b = best[0];
    const check = files.length === 1 ? `. Check it: atapi backtest --strategy ${strategyRef} --symbol ${sym.symbol.split(':')[0]} --timeframe ${tf} --data ${values.data}${futures ? ' --futures' : ''}${size ? ` --size ${formatSize(size)}` : ''} ${Object.entries(b.params).map(([k, v]) => `--${k} ${paramValueText(def.params[k], v)}`).join(' ')}` : '';
    lines.push(`Best: ${metric} ${metricText(metricOf(b.outcome.figures, metric), metric)}${check}`);
    if (mc) lines.push(`Monte Carlo: the best's ${mc.trades} trades in ${mc.runs.toLocaleString('en-US')} shuffled orders: max drawdown median ${share(mc.median)}, 95th percentile ${share(mc.p95)}, worst ${share(mc.worst)} (as traded ${share(mc.asTraded)}, trade by trade)`);
    if (folds) {
      const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
      lines.push('', `Walk-forward, ${folds.length} fold(s): chosen in sample, scored out of sample`);
      lines.push(
        table(
          [{ header: 'fold', align: 'right' }, { header: 'in sample' }, { header: `IS ${metric}`, align: 'right' }, { header: 'out of sample' }, { header: `OOS ${metric}`, align: 'right' }, { header: 'OOS return', align: 'right' }, { header: 'chosen' }],
          folds.map((f) => [String(f.fold), `${day(f.inSample.firstTime)}..${day(f.inSample.lastTime)}`, f.inSampleMetric === null ? '-' : metricText(f.inSampleMetric, metric), `${day(f.outOfSample.firstTime)}..${day(f.outOfSample.lastTime)}`, f.outOfSampleMetric === null ? '-' : metricText(f.outOfSampleMetric, metric), f.outOfSampleFigures && 'totalReturn' in f.outOfSampleFigures ? change(f.outOfSampleFigures.totalReturn) : '-', f.params ? space.axes.map((a) => `${a.name} ${f.params![a.name]}`).join(', ') : 'none (every point refused)']),
        ),
      );
    }
    if (hx !== undefined && hy !== undefined) lines.push('', heatmap(best, metric, space, hx, hy));
  }
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
};

/** The heatmap's two parameters: `--heatmap X,Y`, else the first two searched. */
function heatmapAxes(raw: string | undefined, names: readonly string[]): [string | undefined, string | undefined] {
  if (raw === undefined) return [names[0], names[1]];
  const parts = raw.split(',').map((s) => s.trim());
  if (parts.length !== 2 || parts[0] === parts[1] || !parts.every((p) => names.includes(p))) throw new UserError(`--heatmap takes two searched parameters as X,Y (searched: ${names.join(', ')})`);
  return [parts[0], parts[1]];
}

/** Progress on stderr, redrawn in place at most a few times a second. */
function progressWriter(io: CliIO, total: number): { update: (finished: number, fresh: number) => void; done: () => void } {
  const t0 = performance.now();
  let last = 0;
  return {
    update(finished, fresh) {
      const now = performance.now();
      if (now - last < 250 && finished < total) return;
      last = now;
      io.stderr.write(`\r\u001b[K${progressLine(finished, total, fresh, now - t0)}`);
    },
    done: () => io.stderr.write('\r\u001b[K'),
  };
}
