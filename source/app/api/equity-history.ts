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

  const sample = (): void => {
    const v = accountValuation(session.state(), session.venue, quote);
    const p: EquityPoint = { t: clock(), v: round(v.total) };
    const cutoff = p.t - keepMs;
    points.push(p);
    if (points[0].t < cutoff) points = points.filter((x) => x.t >= cutoff);
    if (!o.file) return;
    fs.appendFile(o.file, `${JSON.stringify(p)}\n`, { mode: 0o600 }, (err) => {
      if (!err || writeFailed) return;
      writeFailed = true;
      o.log?.('equity-write-failed', { file: o.file, error: err.code ?? err.message });
    });
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
