import type { Session } from '../../app/session/session.js';
import type { FlattenResult } from '../../app/session/session-types.js';
import { haltText } from '../../engine/halt.js';
import { isoTime } from '../../format/format.js';
import { defineCommand, fail, ok, usageError } from '../command-spec.js';

interface FlattenArgs {
  readonly reason?: string;
  readonly yes: boolean;
}

const spec = { usage: 'flatten [REASON] [--yes]' };

/** What flatten would do now, in one line for its confirmation: the same lists it will act on. */
export function flattenPreview(session: Session): string {
  const running = session.strategies().filter((s) => s.status === 'running');
  const orders = session.orders();
  const closes = running.map((s) => session.closePreview(s.id)).filter((p) => p.qty > 0);
  const parts = [
    session.halted() ? 'keep trading halted' : 'halt trading (orders that open or add are refused until resume)',
    running.length ? `stop ${running.length} strateg${running.length === 1 ? 'y' : 'ies'} (${running.map((s) => s.id).join(', ')})` : 'stop no strategy (none running)',
    orders.length ? `cancel ${orders.length} open order${orders.length === 1 ? '' : 's'} (${orders.map((o) => o.id).join(', ')})` : 'cancel no order (none open)',
    ...closes.map((p) => p.text),
  ];
  return parts.join('; ');
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

export const flattenCommand = defineCommand<FlattenArgs>({
  name: 'flatten',
  summary: 'the kill switch: stop every strategy, cancel every order, close what strategies hold, refuse new orders until resume',
  usage: spec.usage,
  details: [
    'Halts trading first, so nothing new slips in, then stops every running strategy, cancels every open order',
    '(OCO legs and stops included) and closes exactly what each stopped strategy held. Until `resume`, every order',
    'that opens or adds a position is refused, whoever sends it (keyboard, shell, strategy, daemon, API); orders that',
    'only reduce one pass. It says what it would do and does nothing until you add --yes. Again while halted it',
    'cancels what is open again and keeps the first reason.',
  ].join('\n'),
  record: true,
  parse(w) {
    const flags = w.filter((x) => x.startsWith('--'));
    const unknown = flags.find((f) => f !== '--yes');
    if (unknown) return usageError(spec, `unknown option ${unknown}`);
    const reason = w.filter((x) => !x.startsWith('--')).join(' ');
    return { ok: true, args: { ...(reason ? { reason } : {}), yes: flags.includes('--yes') } };
  },
  async run(session, a, ctx) {
    const where = `[${session.mode.toUpperCase()} · ${session.label}]`;
    if (!a.yes) return fail(`${where} flatten would ${flattenPreview(session)}. Add --yes to do it`);
    const r = await session.flatten({ reason: a.reason ?? 'flatten', source: ctx.source });
    return ok(`${where} ${describeFlatten(r, session)}`, r);
  },
});

export const resumeCommand = defineCommand<Record<string, never>>({
  name: 'resume',
  summary: 'end the halt flatten set: orders that open or add positions are allowed again',
  usage: 'resume',
  record: true,
  parse(w) {
    if (w.length) return usageError({ usage: 'resume' }, 'resume takes nothing');
    return { ok: true, args: {} };
  },
  async run(session, _a, ctx) {
    const was = session.halted();
    await session.resume({ source: ctx.source });
    return ok(`trading resumed${was ? ` (it was halted since ${isoTime(was.since)} UTC: ${JSON.stringify(was.reason)})` : ''}; stopped strategies stay stopped (start them again with: start)`, { resumed: true });
  },
});
