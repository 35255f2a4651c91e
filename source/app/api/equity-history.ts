import fs from 'node:fs';
import path from 'node:path';
import { accountValuation } from '../../engine/equity.js';
import type { Session } from '../session/session.js';

/** One sample of the account's equity: when (epoch ms) and its value in `q`. */
export interface EquityPoint {
  readonly t: number;
  readonly v: number;
}

export interface EquityHistoryOptions {
  /** The file samples are kept in, one JSON line each (the daemon's ledger directory holds it). */
  readonly file?: string;
  readonly clock?: () => number;
  /** Time between samples (ms). */
  readonly everyMs?: number;
  /** How far back samples are kept (ms). */
  readonly keepMs?: number;
  readonly log?: (event: string, fields?: Record<string, unknown>) => void;
}

export interface EquityHistory {
  /** Samples taken after `since` (epoch ms), oldest first. */
  since(since: number): EquityPoint[];
  stop(): void;
}

export const EQUITY_FILE = 'equity.jsonl';
const MINUTE = 60_000;
const WEEK = 7 * 24 * 60 * MINUTE;

/**
 * The account's equity over time, sampled by the daemon once a minute (the status page's
 * chart): the ledger records balances and fills, not what they were worth, so the value at each
 * minute is kept here. Samples survive restarts in a file of their own, kept to a week; losing
 * the file loses the chart, never a money fact. Writing never blocks or stops trading: a failed
 * write is logged once and sampling goes on in memory.
 */
export function startEquityHistory(session: Session, o: EquityHistoryOptions = {}): EquityHistory {
  const clock = o.clock ?? Date.now;
  const keepMs = o.keepMs ?? WEEK;
  const quote = 'USDT';
  let points = o.file ? readSamples(o.file, clock() - keepMs) : [];
  let writeFailed = false;
  if (o.file && points.length > 0) rewrite(o.file, points);
  // Lines in the file: the samples kept, and those appended since it was last written whole.
  let lines = points.length;
  // One write at a time, in order: an append still in flight must not land after a rewrite.
  let writes = Promise.resolve();
  const write = (file: string, job: () => Promise<void>): void => {
    writes = writes.then(job).catch((err: NodeJS.ErrnoException) => {
      if (writeFailed) return;
      writeFailed = true;
      o.log?.('equity-write-failed', { file, error: err.code ?? err.message });
    });
  };

  const sample = (): void => {
    const v = accountValuation(session.state(), session.venue, quote);
    const p: EquityPoint = { t: clock(), v: round(v.total) };
    const cutoff = p.t - keepMs;
    points.push(p);
    if (points[0].t < cutoff) points = points.filter((x) => x.t >= cutoff);
    const file = o.file;
    if (!file) return;
    // A daemon that is never restarted would append to the file for ever (a line a minute, the
    // week's 10,080 kept): once it holds twice what is kept it is written again whole, once a week.
    if (++lines > 2 * points.length) {
      const kept = points.slice();
      lines = kept.length;
      write(file, () => rewriteAsync(file, kept));
    } else write(file, () => fs.promises.appendFile(file, `${JSON.stringify(p)}\n`, { mode: 0o600 }));
  };
  sample();
  const timer = setInterval(sample, o.everyMs ?? MINUTE);
  timer.unref();
  return {
    since: (since) => points.filter((p) => p.t > since),
    stop: () => clearInterval(timer),
  };
}

/** Cents are what the chart shows; fewer digits keep the file small. */
function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/** The samples in the file newer than `after`; a line that does not parse is skipped (a torn last write). */
function readSamples(file: string, after: number): EquityPoint[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const out: EquityPoint[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      const p = JSON.parse(line) as Partial<EquityPoint>;
      if (typeof p.t === 'number' && typeof p.v === 'number' && Number.isFinite(p.v) && p.t > after) out.push({ t: p.t, v: p.v });
    } catch {
      // A torn line from a crash mid-write: that one minute is missing from the chart.
    }
  }
  return out.sort((a, b) => a.t - b.t);
}

/** The file as `points`, atomically, without blocking the daemon (the week's samples are 300 KB). */
async function rewriteAsync(file: string, points: readonly EquityPoint[]): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
  try {
    await fs.promises.writeFile(tmp, points.map((p) => `${JSON.stringify(p)}\n`).join(''), { mode: 0o600 });
    await fs.promises.rename(tmp, file);
  } catch (err) {
    await fs.promises.rm(tmp, { force: true });
    throw err;
  }
}

/** Keeps the file to the week it serves: rewritten at start, atomically. */
function rewrite(file: string, points: readonly EquityPoint[]): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
  try {
    fs.writeFileSync(tmp, points.map((p) => `${JSON.stringify(p)}\n`).join(''), { mode: 0o600 });
    fs.renameSync(tmp, file);
  } catch {
    fs.rmSync(tmp, { force: true });
  }
}
