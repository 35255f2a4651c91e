import { describeFlatten, describeResume, flattenPreview } from '../../format/flatten-text.js';
import { defineCommand, needsYes, ok, usageError } from '../command-spec.js';

interface FlattenArgs {
  readonly reason?: string;
  readonly yes: boolean;
}

const spec = { usage: 'flatten [REASON] [--yes]' };

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
    if (!a.yes) return needsYes(`${where} flatten would ${flattenPreview(session)}. Add --yes to do it`);
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
    return ok(describeResume(was), { resumed: true });
  },
});
