import crypto from 'node:crypto';
import fs from 'node:fs';
import { UserError } from '../../domain/index.js';
import type { BacktestReport } from '../../engine/backtest/report.js';
import type { Params } from '../../strategies/strategy.js';
import { figureReplacer, figureReviver } from '../../format/json-figures.js';
import type { TrialResult } from './trial.js';

/** One data file of a study: its name and the SHA-256 of its bytes. */
export interface DataFileHash {
  readonly file: string;
  readonly sha256: string;
}

/**
 * A study file's first line: what was searched, on what, how. A resumed sweep must match it
 * field for field (the metric excepted: ranking again needs no new trial); a queue worker
 * checks its own data files against `data`.
 */
export interface StudyHeader {
  readonly type: 'atapi-study';
  readonly version: 1;
  readonly strategy: string;
  /** SHA-256 of a user's strategy module, so a changed file is not taken for the same study. */
  readonly strategySha256?: string;
  readonly symbol: string;
  readonly timeframe: string;
  readonly futures: boolean;
  readonly setup: Readonly<Record<string, unknown>>;
  readonly space: Readonly<Record<string, readonly number[]>>;
  readonly fixed: Params;
  readonly method: string;
  readonly trials: number;
  readonly seed: number;
  readonly walkForward?: number;
  readonly data: readonly DataFileHash[];
}

/** A trial as a study line (and as `--json` prints it): id, params, then the report's figures or the refusal. */
export type TrialLine = { readonly id: string; readonly params: Params } & (BacktestReport | { readonly error: string });

export function sha256File(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

export function trialLine(r: TrialResult): TrialLine {
  return 'figures' in r.outcome ? { id: r.id, params: r.params, ...r.outcome.figures } : { id: r.id, params: r.params, error: r.outcome.error };
}

function fromLine(line: TrialLine): TrialResult {
  const { id, params, ...rest } = line;
  if ('error' in rest) return { id, params, outcome: { error: rest.error } };
  return { id, params, outcome: { figures: rest } };
}

/** The fields of two headers that differ (metric aside), for the one-line refusal to resume. */
function differences(a: StudyHeader, b: StudyHeader): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => JSON.stringify((a as unknown as Record<string, unknown>)[k]) !== JSON.stringify((b as unknown as Record<string, unknown>)[k]));
}

/**
 * A study on disk: the header, then one line per finished trial, appended (and flushed to the
 * file) as each finishes, so a sweep killed at any moment resumes from the trials it has.
 */
export class StudyFile {
  private constructor(
    private readonly fd: number,
    /** Finished trials by id, from the file. */
    readonly done: ReadonlyMap<string, TrialResult>,
  ) {}

  /**
   * Opens `file` for `header`: a new study is created; an existing one must be the same study
   * (else one clear line naming what differs), and a torn last line (the kill came mid-write)
   * is cut off so the trial runs again.
   */
  static open(file: string, header: StudyHeader): StudyFile {
    const done = new Map<string, TrialResult>();
    let text: string | undefined;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new UserError(`cannot read --study ${file}: ${(err as Error).message}`);
    }
    if (text === undefined || text.length === 0) {
      const fd = fs.openSync(file, 'w');
      fs.writeSync(fd, `${JSON.stringify(header)}\n`);
      return new StudyFile(fd, done);
    }
    const lines = text.split('\n');
    let kept = text.length;
    // A last line without its newline was torn by a kill: drop it.
    if (!text.endsWith('\n')) kept -= lines.pop()!.length;
    else lines.pop();
    let old: StudyHeader;
    try {
      old = JSON.parse(lines[0]) as StudyHeader;
    } catch {
      throw new UserError(`--study ${file} is not a study file (its first line is not a study header)`);
    }
    if (old.type !== 'atapi-study') throw new UserError(`--study ${file} is not a study file (its first line is not a study header)`);
    const diff = differences(old, header);
    if (diff.length > 0) throw new UserError(`--study ${file} is a different study (its ${diff.join(', ')} differ${diff.length === 1 ? 's' : ''}): use another file, or the same options to resume it`);
    for (let i = 1; i < lines.length; i++) {
      let parsed: TrialLine;
      try {
        parsed = JSON.parse(lines[i], figureReviver) as TrialLine;
      } catch {
        throw new UserError(`--study ${file} line ${i + 1} is not a trial: the file was changed by hand`);
      }
      done.set(parsed.id, fromLine(parsed));
    }
    if (kept < text.length) fs.truncateSync(file, Buffer.byteLength(text.slice(0, kept)));
    return new StudyFile(fs.openSync(file, 'a'), done);
  }

  /** Appends finished trials, one line each, in one write. */
  append(results: readonly TrialResult[]): void {
    if (results.length === 0) return;
    fs.writeSync(this.fd, results.map((r) => `${JSON.stringify(trialLine(r), figureReplacer)}\n`).join(''));
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}
