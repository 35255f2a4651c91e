/**
 * Where a start's time goes, stage by stage: each stage puts a mark `atapi:STAGE` on the
 * process's performance timeline (its time since the process started, and the process's CPU
 * time then as its detail), and `ATAPI_DEBUG=startup` prints them when atapi exits. The marks
 * cost a microsecond each, so they are always made; the launcher makes its own three
 * (source/launch.ts, a file without imports of the app's).
 */

/** The CPU time of this process so far, all threads (ms). */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Marks the end of a stage of the start (see the file's comment). */
export function markStartup(stage: string): void {
  performance.mark(`atapi:${stage}`, { detail: cpuMs() });
}

/** A mark as the timeline holds it. */
export interface StartupMark {
  readonly name: string;
  readonly startTime: number;
  readonly detail?: unknown;
}

/** What each stage ends with, in the order of a start, and what the line says of the stage. */
const STAGES: readonly (readonly [string, string])[] = [
  ['launch', 'node itself, the launcher loaded'],
  ['bundle-read', 'the bundle and its code cache read'],
  ['bundle-compiled', 'the bundle compiled (from the cache or not)'],
  ['main', "the command line's modules run"],
  ['session-opened', 'the session open (ledger, venue; the screen code loads meanwhile)'],
  ['screen-loaded', 'the screen code loaded, if still loading (Ink, React, yoga)'],
  ['first-frame', 'the first frame drawn (render, layout, output)'],
];

/**
 * The stages of `marks` as lines: how long each took (wall and CPU, ms) and when it ended.
 * Stages without a mark (another command, or the module bundle's start) are left out.
 */
export function startupReport(marks: readonly StartupMark[]): string {
  const byStage = new Map(marks.filter((m) => m.name.startsWith('atapi:')).map((m) => [m.name.slice('atapi:'.length), m]));
  const lines = ['atapi startup: stage, wall ms / CPU ms it took, and when it ended (since the process started)'];
  let wall = 0;
  let cpu = 0;
  for (const [stage, what] of STAGES) {
    const m = byStage.get(stage);
    if (!m) continue;
    const atCpu = typeof m.detail === 'number' ? m.detail : NaN;
    lines.push(`  ${what.padEnd(66)} ${(m.startTime - wall).toFixed(0).padStart(5)} / ${(atCpu - cpu).toFixed(0).padStart(4)}   at ${m.startTime.toFixed(0).padStart(5)} / ${atCpu.toFixed(0).padStart(4)}`);
    wall = m.startTime;
    cpu = atCpu;
  }
  return lines.join('\n');
}

/** Prints the report on `stderr` as the process exits, when ATAPI_DEBUG names `startup` (or is 1). */
export function reportStartupAtExit(env: NodeJS.ProcessEnv, stderr: NodeJS.WritableStream): void {
  const on = env.ATAPI_DEBUG;
  if (on !== '1' && !on?.split(',').includes('startup')) return;
  process.once('exit', () => stderr.write(`${startupReport(performance.getEntriesByType('mark'))}\n`));
}
