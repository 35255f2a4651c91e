import { instancePhase } from '../engine/instance-phase.js';
import { heldCell, notHeldText } from '../format/strategy-held-text.js';
import { qty, stamp } from './format.js';
import type { StrategyInstanceView } from './types.js';

/** The status cell: running, not live (recorded running, not trading), failed (atapi stopped it), stopped. */
export function stateWord(s: StrategyInstanceView): string {
  // Warming up is said in the last column (lastWord).
  const phase = instancePhase(s);
  return phase === 'warm-up' ? 'running' : phase;
}

/** What an instance did last: its last signal, or why its target was not reached (or why it is not running). */
export function lastWord(s: StrategyInstanceView): string {
  // Why it is not running: not live here (a resume that failed), or why atapi stopped it.
  if (s.problem) return s.status === 'running' ? `not live: ${s.problem}` : s.problem;
  const signal = s.lastSignal;
  const hold = s.lastHold;
  if (hold && (!signal || hold.ts >= signal.ts)) return `${hold.kind} (${hold.target}): ${hold.text}`;
  if (signal) return `${signal.side}${signal.target ? ` → ${signal.target}` : ''} at ${stamp(signal.ts)}: ${signal.reason}`;
  if (s.status === 'running' && s.warmup.seen < s.warmup.need) return `warming up: ${s.warmup.seen}/${s.warmup.need} candles`;
  return 'no signal yet';
}

/** The Position cell: `gone` when its own position was closed outside it, else what it holds. */
export const positionWord = (s: StrategyInstanceView): string => heldCell(s, (n) => qty(n));

/** The last column: that its position is gone (if it is), then its last signal or hold. */
export const noteWord = (s: StrategyInstanceView): string => [notHeldText(s), lastWord(s)].filter((t) => t !== undefined).join(' · ');

/** What a stop leaves: its position stays open, or it is gone already. */
export const stopDetail = (s: StrategyInstanceView): string => `Stop ${s.name} on ${s.symbol}. ${notHeldText(s) ?? `What it holds (${qty(s.position)}) stays open.`}`;
