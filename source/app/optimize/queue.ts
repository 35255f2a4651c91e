import crypto from 'node:crypto';
import { UserError } from '../../domain/index.js';
import { figureReplacer, figureReviver } from '../../format/json-figures.js';
import type { TrialExecutor } from './executor.js';
import type { TrialSpec } from './run-task.js';
import type { StudyHeader } from './study-file.js';
import type { TrialResult, TrialSetup } from './trial.js';

/** The one BullMQ queue of sweeps; a job names its study, so one queue serves any number. */
export const QUEUE_NAME = 'atapi-optimize';

/**
 * A worker that stops renewing its lock (killed, frozen) has its job put back for another
 * after this long: short, because a task is a few seconds of backtests, not hours.
 */
export const LOCK_MS = 8_000;

/** What a queue job carries: the study (for the data hashes), the setup and the trials; never candles. */
export interface QueueJobData {
  readonly header: StudyHeader;
  readonly setup: TrialSetup;
  readonly from: number;
  readonly to: number;
  readonly trials: readonly TrialSpec[];
}

/** `redis://HOST:PORT` as ioredis's connection options; anything else is one clear line. */
export function queueConnection(url: string): { host: string; port: number } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UserError(`--queue ${url}: write redis://HOST:PORT, e.g. redis://127.0.0.1:6379`);
  }
  const port = u.port === '' ? 6379 : Number(u.port);
  if (u.protocol !== 'redis:' || u.hostname === '' || !Number.isInteger(port) || port < 1 || port > 65535) throw new UserError(`--queue ${url}: write redis://HOST:PORT, e.g. redis://127.0.0.1:6379`);
  return { host: u.hostname, port };
}

/**
 * `url`'s connection options once a Redis there has answered a PING. BullMQ and ioredis retry a
 * refused connection forever, printing each try, so a mistyped port hung the sweep (or the
 * worker) in a stream of stack traces; this says it in one line and stops.
 */
export async function reachQueue(url: string): Promise<{ host: string; port: number }> {
  const connection = queueConnection(url);
  const { Redis } = await import('ioredis');
  const probe = new Redis({ ...connection, lazyConnect: true, connectTimeout: 5_000, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  // The socket's error (ECONNREFUSED, ...) comes as an event; connect() then rejects with only "Connection is closed".
  let cause: unknown;
  probe.on('error', (err: unknown) => (cause ??= err));
  try {
    await probe.connect();
    await probe.ping();
  } catch (thrown) {
    const err = cause ?? thrown;
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ECONNREFUSED' ? 'connection refused' : code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? `no host ${connection.host}` : code === 'ETIMEDOUT' ? 'no answer in 5 s' : String((err as Error).message ?? err).split('\n')[0];
    throw new UserError(`--queue ${url}: no Redis answers there (${why}): start one (redis-server --port ${connection.port}) or check the address`);
  } finally {
    probe.disconnect();
  }
  return connection;
}

/**
 * A job's id from its study, window and trials: adding the same task twice (a resumed sweep,
 * a retry) is the same job, so BullMQ keeps one and no trial is counted twice.
 */
export function jobId(data: QueueJobData): string {
  return crypto.createHash('sha256').update(JSON.stringify([data.header, data.from, data.to, data.trials.map((t) => t.id)])).digest('hex').slice(0, 32);
}

/** Results cross Redis as JSON: Infinity must survive (figureReplacer), so they travel as text. */
export const encodeResults = (results: readonly TrialResult[]): string => JSON.stringify(results, figureReplacer);
export const decodeResults = (text: string): TrialResult[] => JSON.parse(text, figureReviver) as TrialResult[];

/**
 * Tasks on the queue: each becomes a job that any `atapi worker --queue` takes; the sweep
 * waits for its result. `inFlight` tasks are out at once (the sweep sizes tasks by it).
 */
export async function queueExecutor(url: string, header: StudyHeader, inFlight = 16): Promise<TrialExecutor> {
  const connection = await reachQueue(url);
  const { Queue, QueueEvents } = await import('bullmq');
  const queue = new Queue(QUEUE_NAME, { connection });
  const events = new QueueEvents(QUEUE_NAME, { connection });
  await events.waitUntilReady();
  return {
    workers: inFlight,
    async run(task) {
      const data: QueueJobData = { header, setup: task.setup, from: task.from, to: task.to, trials: task.trials };
      const job = await queue.add('trials', data, { jobId: jobId(data), removeOnComplete: { age: 3600 }, removeOnFail: { age: 3600 } });
      try {
        return decodeResults((await job.waitUntilFinished(events)) as string);
      } catch (err) {
        throw new UserError(`a queue worker could not run the trials: ${(err as Error).message.split('\n')[0]}`);
      }
    },
    async close() {
      await events.close();
      await queue.close();
    },
  };
}
