import path from 'node:path';
import { UserError, type Timeframe } from '../domain/index.js';
import { defaultWorkers, poolExecutor } from '../app/optimize/executor.js';
import { encodeResults, LOCK_MS, QUEUE_NAME, queueConnection, reachQueue, type QueueJobData } from '../app/optimize/queue.js';
import { shareSeries, type SharedSeries } from '../app/optimize/shared-series.js';
import { sha256File } from '../app/optimize/study-file.js';
import { numberOption, parseOptions } from './parse-options.js';
import { readCsvFiles } from './read-candles.js';
import type { CommandHandler } from './io.js';

const HELP = `usage: atapi worker --queue redis://HOST:PORT --data FILE[,FILE...] [--workers N]

Takes the trials of sweeps started with atapi optimize --queue, on this machine's cores, until
stopped (Ctrl-C). The candles come from this machine's own copy of the data files: each must have
the same name and SHA-256 as the study's, else the job is refused with one line saying which
differs. A worker that dies mid-task has its task run again by another after ${LOCK_MS / 1000} s.

  --queue URL           the Redis server of the queue (redis://HOST:PORT)
  --data FILE[,...]     this machine's copy of the study's candle files, in the same order
  --workers N           worker threads (default one per core)`;

const OPTIONS = {
  queue: { type: 'string' },
  data: { type: 'string' },
  workers: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const workerCommand: CommandHandler = async (argv, io) => {
  const { values } = parseOptions({ args: [...argv], options: OPTIONS, allowPositionals: false }, 'worker');
  if (values.help) {
    io.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (values.queue === undefined) throw new UserError('--queue redis://HOST:PORT is required (atapi worker --help)');
  if (values.data === undefined) throw new UserError('--data FILE[,FILE...] is required: this machine\'s copy of the study\'s candle files (atapi worker --help)');
  queueConnection(values.queue);
  const threads = numberOption('workers', values.workers, defaultWorkers(), 1, 256, true);
  const files = values.data.split(',').map((f) => f.trim()).filter(Boolean);
  const hashes = files.map((f) => ({ file: path.basename(f), sha256: sha256File(f) }));
  const connection = await reachQueue(values.queue);
  const pool = poolExecutor(threads);
  // Candles read once per study (its data and timeframe), then shared by every task of it.
  const loaded = new Map<string, SharedSeries>();
  const { Worker, UnrecoverableError } = await import('bullmq');

  const worker = new Worker(
    QUEUE_NAME,
    async (job) => {
      const data = job.data as QueueJobData;
      const wanted = data.header.data;
      const differs = wanted.length !== hashes.length ? `the study has ${wanted.length} data file(s), this worker ${hashes.length}` : wanted.map((w, i) => (w.file !== hashes[i].file ? `data file ${i + 1} is ${w.file} in the study, ${hashes[i].file} here` : w.sha256 !== hashes[i].sha256 ? `data file ${w.file} differs: sha256 ${hashes[i].sha256.slice(0, 12)} here, ${w.sha256.slice(0, 12)} in the study` : '')).find(Boolean);
      if (differs) {
        io.stderr.write(`refused a job: ${differs}\n`);
        throw new UnrecoverableError(differs);
      }
      const key = `${data.header.timeframe}:${wanted.map((w) => w.sha256).join(',')}`;
      let series = loaded.get(key);
      if (series === undefined) {
        series = shareSeries(readCsvFiles(files, data.header.timeframe as Timeframe, false, io).series);
        loaded.set(key, series);
      }
      return encodeResults(await pool.run({ setup: data.setup, series, from: data.from, to: data.to, trials: data.trials }));
    },
    { connection, concurrency: threads, lockDuration: LOCK_MS, stalledInterval: LOCK_MS / 2 },
  );
  await worker.waitUntilReady();
  io.stderr.write(`atapi worker: taking trials from ${values.queue} on ${threads} thread(s), data ${hashes.map((h) => h.file).join(', ')}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await worker.close();
  await pool.close();
  return 0;
};
