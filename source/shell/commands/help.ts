import { defineCommand, fail, ok, usageError } from '../command-spec.js';
import { table } from '../../format/format.js';

const spec = { usage: 'help [COMMAND]' };

export const helpCommand = defineCommand<{ topic?: string }>({
  name: 'help',
  aliases: ['?'],
  summary: 'list commands, or explain one',
  usage: spec.usage,
  parse: (w) => (w.length <= 1 ? { ok: true, args: { topic: w[0] } } : usageError(spec, 'help takes at most one command name')),
  run(_session, { topic }, ctx) {
    if (topic === undefined) {
      const rows = ctx.commands.map((c) => [c.usage, c.summary]);
      const text = `${table([{ header: 'COMMAND' }, { header: 'WHAT IT DOES' }], rows)}\n\nSymbols: BTC/USDT, BTCUSDT or btc-usdt. Type "help COMMAND" for details.`;
      return ok(text, ctx.commands.map((c) => ({ name: c.name, usage: c.usage, summary: c.summary })));
    }
    const c = ctx.commands.find((x) => x.name === topic || x.aliases?.includes(topic));
    if (!c) return fail(`no command "${topic}"; type help to list them`);
    const lines = [`usage: ${c.usage}`, '', c.summary];
    if (c.details) lines.push('', c.details);
    if (c.aliases?.length) lines.push('', `aliases: ${c.aliases.join(', ')}`);
    return ok(lines.join('\n'), { name: c.name, usage: c.usage, summary: c.summary, details: c.details ?? null });
  },
});
