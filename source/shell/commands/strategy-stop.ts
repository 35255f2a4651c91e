import { isPerpetualSymbol } from '../../domain/index.js';
import { defineCommand, fail, needsYes, ok, usageError } from '../command-spec.js';

interface StopArgs {
  readonly id: string;
  readonly close: boolean;
  readonly yes: boolean;
}

const spec = { usage: 'stop ID [--close [--yes]]' };

export const stopCommand = defineCommand<StopArgs>({
  name: 'stop',
  summary: 'stop a strategy instance (its position is kept; --close sells exactly its own position)',
  usage: spec.usage,
  details: [
    'Without --close the instance stops and what it bought stays in the account (and in its figures).',
    '--close also sells, at market, exactly the position this instance\'s own fills bought: never your manual',
    'trades, never another instance\'s. It says what it would sell and sends nothing until you add --yes.',
  ].join('\n'),
  record: true,
  parse(w) {
    const flags = w.filter((x) => x.startsWith('--'));
    const pos = w.filter((x) => !x.startsWith('--'));
    const unknown = flags.find((f) => f !== '--close' && f !== '--yes');
    if (unknown) return usageError(spec, `unknown option ${unknown}`);
    if (pos.length !== 1) return usageError(spec, 'stop needs one strategy id (see: strategies)');
    const close = flags.includes('--close');
    if (flags.includes('--yes') && !close) return usageError(spec, '--yes confirms --close; a plain stop sells nothing');
    return { ok: true, args: { id: pos[0], close, yes: flags.includes('--yes') } };
  },
  async run(session, a) {
    const where = `[${session.mode.toUpperCase()} · ${session.label}]`;
    if (session.arbInstances().some((i) => i.id === a.id)) {
      // An arbitrage instance holds no position of its own to close: its transactions are balanced by their policy.
      if (a.close) return fail(`${where} ${a.id} is an arbitrage instance: stop it without --close (its transactions settle by their policy)`);
      await session.stopArb(a.id);
      return ok(`${where} stopped ${a.id}`, { id: a.id });
    }
    if (session.carryInstances().some((c) => c.id === a.id)) {
      // A carry's stop is its exit: both legs close in one transaction, so --close adds nothing.
      await session.stopCarry(a.id);
      const c = session.carryInstances().find((x) => x.id === a.id)!;
      return ok(`${where} stopped ${a.id}${c.reason && c.reason !== 'stopped by the trader' ? `: ${c.reason}` : ', both legs closed'}`, { id: a.id });
    }
    if (a.close && !a.yes) {
      // Money moves only when the trader has seen exactly what: the same preview the TUI shows.
      const p = session.closePreview(a.id);
      if (p.qty > 0) return needsYes(`${where} stop --close would ${p.text}. Add --yes to stop and ${isPerpetualSymbol(p.symbol) ? 'close' : 'sell'} it (or stop without --close to keep it)`);
    }
    const r = await session.stopStrategy(a.id, { close: a.close });
    return r.error ? { ok: false, text: `${where} ${r.text}`, json: r } : ok(`${where} ${r.text}`, r);
  },
});
