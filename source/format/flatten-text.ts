import type { Session } from '../app/session/session.js';
import type { FlattenResult, HaltState } from '../app/session/session-types.js';
import { haltText } from '../engine/halt.js';
import { isoTime } from './format.js';

/*
 * The kill switch in words, for every front end that offers it (the shell's flatten, the
 * app's key, Telegram's confirm button): what it would do, and what it did.
 */

/** What flatten would do now, in one line for its confirmation: the same lists it will act on. */
export function flattenPreview(session: Session): string {
  return flattenSteps(session).join('; ');
}

/** What flatten would do, a step each: halt, the strategies it stops, the orders it cancels, each close. */
export function flattenSteps(session: Session): string[] {
  const running = session.strategies().filter((s) => s.status === 'running');
  const orders = session.orders();
  const closes = running.map((s) => session.closePreview(s.id)).filter((p) => p.qty > 0);
  return [
    session.halted() ? 'keep trading halted' : 'halt trading (orders that open or add are refused until resume)',
    running.length ? `stop ${running.length} strateg${running.length === 1 ? 'y' : 'ies'} (${running.map((s) => s.id).join(', ')})` : 'stop no strategy (none running)',
    orders.length ? `cancel ${orders.length} open order${orders.length === 1 ? '' : 's'} (${orders.map((o) => o.id).join(', ')})` : 'cancel no order (none open)',
    ...closes.map((p) => p.text),
  ];
}

/** What flatten did, one line per kind of step and one per problem. */
export function describeFlatten(r: FlattenResult, session: Session): string {
  const halt = session.halted();
  const lines = [
    halt ? `${haltText(halt)} since ${isoTime(halt.since)} UTC; only orders that reduce a position pass until resume` : 'trading is not halted',
    `stopped: ${r.stopped.join(', ') || 'none'}; cancelled: ${r.cancelled.join(', ') || 'none'}; closing orders: ${r.closed.join(', ') || 'none'}`,
    ...r.problems.map((p) => `problem [${p.code}]: ${p.text}`),
  ];
  return lines.join('\n');
}

/** What resume did: that trading is allowed again, and since when it was halted. */
export function describeResume(was: HaltState | undefined): string {
  return `trading resumed${was ? ` (it was halted since ${isoTime(was.since)} UTC: ${JSON.stringify(was.reason)})` : ''}; stopped strategies stay stopped (start them again with: start)`;
}
